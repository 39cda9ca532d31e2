package io.quanyu.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@code POST /api/v1/events} of a Quanyu server as the acme integrator; a refused token is fetched again once. */
final class EventsEndpoint {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;
    private final BenchToken token;

    EventsEndpoint(String serverUrl, String keycloakUrl) {
        this.uri = URI.create(serverUrl + "/api/v1/events");
        this.token = BenchToken.integrator(http, keycloakUrl);
    }

    /** Fetches the token now, so the first batch is not timed with it. */
    void authenticate() throws IOException, InterruptedException {
        token.get();
    }

    HttpResponse<String> post(String body) throws IOException, InterruptedException {
        HttpResponse<String> response = send(body);
        if (response.statusCode() == 401) {
            token.refused();
            response = send(body);
        }
        return response;
    }

    private HttpResponse<String> send(String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(180))
                .header("Authorization", "Bearer " + token.get()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

package io.quanyu.fakes.wechat;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** A tiny HTTP client for the tests: calls the fake as the platform's plugin would, and reads JSON answers. */
final class TestHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final String baseUrl;

    TestHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    JsonNode get(String pathAndQuery) {
        return Json.read(send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).GET()).body());
    }

    JsonNode post(String pathAndQuery, String json) {
        return Json.read(send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))).body());
    }

    HttpResponse<byte[]> raw(String method, String pathAndQuery, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** A fresh access token of the account. */
    String token(String appId, String secret) {
        return get("/cgi-bin/token?grant_type=client_credential&appid=" + appId + "&secret=" + secret)
                .path("access_token").asString();
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.quanyu.fakes.wechat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks a callback URL as WeChat does when the developer saves it (reference §1.1): a GET with {@code signature},
 * {@code timestamp}, {@code nonce} and a numeric {@code echostr}, which must come back verbatim. The Official Account
 * sends the echostr in plain text in every mode.
 */
final class UrlVerifier {

    private final HttpClient client;
    private final FakeTime time;
    private final Duration deadline;

    UrlVerifier(HttpClient client, FakeTime time, Duration deadline) {
        this.client = client;
        this.time = time;
        this.deadline = deadline;
    }

    Verification verify(AccountConfig config) {
        if (config.callbackUrl() == null) {
            return new Verification(false, null, 0, null, null, "the account has no callback URL");
        }
        String timestamp = Long.toString(time.epochSecond());
        String nonce = CallbackRequest.nonce();
        String echostr = CallbackRequest.nonce() + CallbackRequest.nonce();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("signature", Signatures.sha1Sorted(config.token(), timestamp, nonce));
        query.put("echostr", echostr);
        query.put("timestamp", timestamp);
        query.put("nonce", nonce);
        String url = CallbackRequest.withQuery(config.callbackUrl(), query);
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(deadline).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            boolean ok = response.statusCode() == 200 && echostr.equals(response.body());
            return new Verification(ok, url, response.statusCode(), echostr, response.body(),
                    ok ? null : "expected HTTP 200 with the echostr " + echostr + " verbatim");
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new Verification(false, url, 0, echostr, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}

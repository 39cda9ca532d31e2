package io.quanyu.server.it;

import io.quanyu.fakes.wechat.AccountConfig;
import io.quanyu.fakes.wechat.MessageCrypto;
import io.quanyu.fakes.wechat.MessageMode;
import io.quanyu.fakes.wechat.WeChatFake;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The WeChat channel plugin connected to an account of the WeChat fake, as the integration tests set it up. */
final class WeChatChannels {
    static final String ID = "channel-wechat";

    private WeChatChannels() {
    }

    /**
     * Adds an account to the fake (safe mode, a new AES key, the template ids it offers, its callbacks to the tenant's
     * hook on the server at {@code port}), then installs and enables the channel in the tenant with the account's
     * settings and {@code more}; answers the account's app id ({@code wx<prefix>} and 12 random characters).
     */
    static String connect(Api api, WeChatFake fake, int port, String tenant, String admin, String prefix,
                          List<String> templateIds, Map<String, Object> more) {
        String appId = "wx" + prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String secret = prefix + "-secret";
        String token = prefix + "Token";
        String aesKey = MessageCrypto.randomEncodingAesKey();
        fake.addAccount(new AccountConfig(appId, secret, token, aesKey, MessageMode.SAFE,
                "http://127.0.0.1:" + port + "/hooks/" + tenant + "/" + ID + "/callback/" + appId,
                "gh_" + appId.substring(2 + prefix.length()), templateIds));
        api.post("/api/v1/plugins", admin, "{\"pluginId\": \"" + ID + "\"}");
        Map<String, Object> settings = new HashMap<>(Map.of("appId", appId, "appSecret", secret, "token", token,
                "encodingAesKey", aesKey, "mode", "safe", "apiBaseUrl", "http://localhost:" + fake.port()));
        settings.putAll(more);
        var enabled = api.post("/api/v1/plugins/" + ID + "/enable", admin,
                Api.JSON.writeValueAsString(Map.of("settings", settings)));
        assertThat(enabled.status()).as(enabled.raw()).isEqualTo(200);
        return appId;
    }

    /**
     * WeChat's login from {@code url} on: the WeChat plugin's redirect to WeChat (the fake), the fake's back to the
     * plugin with a code, the plugin's to the page with a customer session; answers that last address. Followed over
     * HTTP rather than in a browser: the server hands out its public address, {@code http://localhost:8080} in the
     * tests, which is mapped here to the test server's {@code port}.
     *
     * @param pages where the page is: {@code /hooks/<tenant>/<plugin>/h5/}
     */
    static String throughLogin(String url, int port, String pages) throws Exception {
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build()) {
            String next = url;
            for (int hop = 0; hop < 5; hop++) {
                java.net.http.HttpResponse<String> answer = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(local(next, port))).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(next + ": " + answer.body()).isEqualTo(302);
                next = answer.headers().firstValue("Location").orElseThrow();
                if (next.contains(pages)) {
                    assertThat(next).contains("session=");
                    return local(next, port);
                }
            }
            throw new AssertionError("the login did not reach the page: " + next);
        }
    }

    /** The server's public address mapped to the test server's port. */
    static String local(String url, int port) {
        return url.replace("http://localhost:8080/", "http://127.0.0.1:" + port + "/");
    }

    /** The customer a follower's openid resolves to, once the platform has one (within 30 s). */
    static String customerOf(Api api, String admin, String appId, String openId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            var found = api.get("/api/v1/customers/by-identity?type=wechat_openid&scope=" + appId + "&value=" + openId, admin);
            return found.status() == 200 ? found.json().path("customerId").asString() : null;
        }, id -> id != null);
    }
}

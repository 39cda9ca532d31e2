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

    /** The customer a follower's openid resolves to, once the platform has one (within 30 s). */
    static String customerOf(Api api, String admin, String appId, String openId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            var found = api.get("/api/v1/customers/by-identity?type=wechat_openid&scope=" + appId + "&value=" + openId, admin);
            return found.status() == 200 ? found.json().path("customerId").asString() : null;
        }, id -> id != null);
    }
}

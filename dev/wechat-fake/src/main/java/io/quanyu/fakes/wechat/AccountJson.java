package io.quanyu.fakes.wechat;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of an account's configuration, shared by the admin API and the {@code --accounts} file:
 * {@code appId} (required), {@code appSecret}, {@code token}, {@code encodingAesKey}, {@code mode}
 * ({@code plain|compatible|safe}), {@code callbackUrl}, {@code originalId}, {@code templateIds}. Missing fields keep
 * the existing account's values, or get random credentials and plain mode for a new one.
 */
final class AccountJson {

    private AccountJson() {
    }

    static AccountConfig parse(JsonNode json, AccountConfig existing) {
        String appId = Json.text(json, "appId");
        if (appId == null || appId.isBlank()) {
            throw new IllegalArgumentException("appId is required");
        }
        AccountConfig base = existing != null ? existing
                : AccountConfig.of(appId, MessageCrypto.randomString(32), MessageCrypto.randomString(16));
        List<String> templates = base.templateIds();
        if (json.path("templateIds").isArray()) {
            templates = new ArrayList<>();
            for (JsonNode id : json.path("templateIds")) {
                templates.add(id.asString());
            }
        }
        return new AccountConfig(appId,
                or(Json.text(json, "appSecret"), base.appSecret()),
                or(Json.text(json, "token"), base.token()),
                or(Json.text(json, "encodingAesKey"), base.encodingAesKey()),
                json.has("mode") ? MessageMode.of(Json.text(json, "mode")) : base.mode(),
                json.has("callbackUrl") ? emptyToNull(Json.text(json, "callbackUrl")) : base.callbackUrl(),
                or(Json.text(json, "originalId"), base.originalId()),
                templates);
    }

    static Map<String, Object> render(OfficialAccount account) {
        AccountConfig config = account.config();
        return Json.map("appId", config.appId(), "appSecret", config.appSecret(), "token", config.token(),
                "encodingAesKey", config.encodingAesKey(), "mode", config.mode().wireName(),
                "callbackUrl", config.callbackUrl(), "originalId", config.originalId(),
                "templateIds", config.templateIds());
    }

    private static String or(String value, String fallback) {
        return value != null ? value : fallback;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

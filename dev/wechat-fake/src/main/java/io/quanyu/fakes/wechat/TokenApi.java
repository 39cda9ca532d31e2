package io.quanyu.fakes.wechat;

import tools.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * {@code GET /cgi-bin/token} and {@code POST /cgi-bin/stable_token} (reference §3.1): credentials are checked
 * (40002, 41002, 40013, 41004, 40125), the daily quota counted (45009), and a token answered with its
 * {@code expires_in}.
 */
final class TokenApi {

    private final Directory directory;
    private final FakeTime time;

    TokenApi(Directory directory, FakeTime time) {
        this.directory = directory;
        this.time = time;
    }

    void register(Router router) {
        router.get("/cgi-bin/token", this::token);
        router.post("/cgi-bin/stable_token", this::stableToken);
    }

    private ApiResponse token(ApiRequest request) {
        OfficialAccount account = authenticate(request.query("grant_type"), request.query("appid"),
                request.query("secret"));
        synchronized (account) {
            if (!account.quotas.tryUse("/cgi-bin/token", time.today())) {
                throw WeChatError.dailyQuota();
            }
            Instant now = time.now();
            AccessTokens.Issued token = account.tokens.issue(now);
            return ApiResponse.json(Json.map("access_token", token.value, "expires_in", token.expiresIn(now)));
        }
    }

    private ApiResponse stableToken(ApiRequest request) {
        JsonNode body = request.wechatJson();
        OfficialAccount account = authenticate(Json.text(body, "grant_type"), Json.text(body, "appid"),
                Json.text(body, "secret"));
        synchronized (account) {
            if (!account.quotas.tryUse("/cgi-bin/stable_token", time.today())) {
                throw WeChatError.dailyQuota();
            }
            Instant now = time.now();
            AccessTokens.Issued token = account.tokens.stable(now, time.today(),
                    body.path("force_refresh").asBoolean(false));
            if (token == null) {
                throw WeChatError.dailyQuota();
            }
            return ApiResponse.json(Json.map("access_token", token.value, "expires_in", token.expiresIn(now)));
        }
    }

    private OfficialAccount authenticate(String grantType, String appId, String secret) {
        if (!"client_credential".equals(grantType)) {
            throw WeChatError.invalidGrantType();
        }
        if (appId == null || appId.isEmpty()) {
            throw WeChatError.appIdMissing();
        }
        OfficialAccount account = directory.find(appId);
        if (account == null) {
            throw WeChatError.invalidAppId();
        }
        if (secret == null || secret.isEmpty()) {
            throw new WeChatError(41004, "appsecret missing");
        }
        if (!secret.equals(account.config().appSecret())) {
            throw WeChatError.invalidAppSecret();
        }
        return account;
    }
}

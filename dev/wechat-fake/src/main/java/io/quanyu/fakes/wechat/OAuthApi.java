package io.quanyu.fakes.wechat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Web authorization (reference §3.8). {@code GET /connect/oauth2/authorize} signs in the person being played (or the
 * one named by the fake-only {@code fake_person} parameter) without a consent screen and redirects to
 * {@code redirect_uri?code=...&state=...}; with nobody to sign in it shows a page to pick a person.
 * {@code /sns/oauth2/access_token} exchanges the code (40029 unknown or expired, 40163 used),
 * {@code /sns/oauth2/refresh_token} renews, {@code /sns/userinfo} needs the {@code snsapi_userinfo} scope (48001),
 * {@code /sns/auth} checks a token.
 */
final class OAuthApi {

    private static final Set<String> SCOPES = Set.of("snsapi_base", "snsapi_userinfo");

    private final Directory directory;
    private final FakeTime time;

    OAuthApi(Directory directory, FakeTime time) {
        this.directory = directory;
        this.time = time;
    }

    void register(Router router) {
        router.get("/connect/oauth2/authorize", this::authorize);
        router.get("/sns/oauth2/access_token", this::accessToken);
        router.get("/sns/oauth2/refresh_token", this::refreshToken);
        router.get("/sns/userinfo", this::userInfo);
        router.get("/sns/auth", this::auth);
    }

    private ApiResponse authorize(ApiRequest request) {
        OfficialAccount account = directory.find(request.query("appid"));
        String redirect = request.query("redirect_uri");
        String scope = request.query("scope");
        if (account == null) {
            return ApiResponse.html(400, "<html><body>appid error (appid 参数错误)</body></html>");
        }
        if (redirect == null || !redirect.matches("https?://.+")) {
            return ApiResponse.html(400, "<html><body>redirect_uri error (redirect_uri 参数错误)</body></html>");
        }
        if (!"code".equals(request.query("response_type")) || scope == null || !SCOPES.contains(scope)) {
            return ApiResponse.html(400, "<html><body>scope or response_type error (scope 参数错误)</body></html>");
        }
        String personId = request.query("fake_person");
        Person person = personId != null ? directory.person(personId) : directory.current();
        if (person == null) {
            return ApiResponse.html(200, "<html><body><p>No follower to sign in yet: create one on the "
                    + "<a href=\"/fake/\">play page</a>. 还没有可登录的粉丝。</p></body></html>");
        }
        String code;
        synchronized (account) {
            code = account.oauth.issueCode(account.openId(person), scope, time.now());
        }
        String state = request.query("state");
        return ApiResponse.redirect(redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code
                + (state == null ? "" : "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8)));
    }

    private ApiResponse accessToken(ApiRequest request) {
        OfficialAccount account = authenticate(request);
        if (!"authorization_code".equals(request.query("grant_type"))) {
            throw WeChatError.invalidGrantType();
        }
        synchronized (account) {
            OAuthSessions.WebToken token = account.oauth.exchange(request.query("code"), time.now());
            Map<String, Object> out = tokenAnswer(token);
            if (token.scope().equals("snsapi_userinfo")) {
                out.put("unionid", account.follower(token.openId()).person.unionId());
            }
            return ApiResponse.json(out);
        }
    }

    private ApiResponse refreshToken(ApiRequest request) {
        OfficialAccount account = directory.find(request.query("appid"));
        if (account == null) {
            throw WeChatError.invalidAppId();
        }
        if (!"refresh_token".equals(request.query("grant_type"))) {
            throw WeChatError.invalidGrantType();
        }
        synchronized (account) {
            return ApiResponse.json(tokenAnswer(account.oauth.refresh(request.query("refresh_token"), time.now())));
        }
    }

    private ApiResponse userInfo(ApiRequest request) {
        for (OfficialAccount account : directory.accounts()) {
            synchronized (account) {
                OAuthSessions.WebToken token = account.oauth.find(request.query("access_token"), time.now());
                if (token == null) {
                    continue;
                }
                if (!token.openId().equals(request.query("openid"))) {
                    throw WeChatError.invalidOpenId();
                }
                if (!token.scope().equals("snsapi_userinfo")) {
                    throw WeChatError.apiUnauthorized();
                }
                Person person = account.follower(token.openId()).person;
                return ApiResponse.json(Json.map("openid", token.openId(), "nickname", person.nickname(),
                        "sex", person.sex(), "province", person.province(), "city", person.city(),
                        "country", person.country(), "headimgurl", person.headImgUrl(), "privilege", new String[0],
                        "unionid", person.unionId()));
            }
        }
        throw WeChatError.invalidCredential();
    }

    private ApiResponse auth(ApiRequest request) {
        for (OfficialAccount account : directory.accounts()) {
            synchronized (account) {
                OAuthSessions.WebToken token = account.oauth.find(request.query("access_token"), time.now());
                if (token != null) {
                    if (!token.openId().equals(request.query("openid"))) {
                        throw WeChatError.invalidOpenId();
                    }
                    return ApiResponse.ok();
                }
            }
        }
        throw WeChatError.invalidCredential();
    }

    private OfficialAccount authenticate(ApiRequest request) {
        OfficialAccount account = directory.find(request.query("appid"));
        if (account == null) {
            throw WeChatError.invalidAppId();
        }
        if (!account.config().appSecret().equals(request.query("secret"))) {
            throw WeChatError.invalidAppSecret();
        }
        return account;
    }

    private Map<String, Object> tokenAnswer(OAuthSessions.WebToken token) {
        return Json.map("access_token", token.accessToken(), "expires_in",
                OAuthSessions.TOKEN_LIFETIME.toSeconds(), "refresh_token", token.refreshToken(),
                "openid", token.openId(), "scope", token.scope());
    }
}

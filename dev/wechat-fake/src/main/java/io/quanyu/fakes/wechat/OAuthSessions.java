package io.quanyu.fakes.wechat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One account's web authorization state (reference §3.8): codes (single use, 5 minutes) exchanged for web access
 * tokens (7200 s) with a refresh token (30 days). These tokens are separate from the account's API access tokens.
 * Guarded by the owning account's monitor.
 */
final class OAuthSessions {

    static final Duration CODE_LIFETIME = Duration.ofMinutes(5);
    static final Duration TOKEN_LIFETIME = Duration.ofSeconds(7200);
    static final Duration REFRESH_LIFETIME = Duration.ofDays(30);

    private final Map<String, Code> codes = new HashMap<>();
    private final Map<String, WebToken> tokens = new HashMap<>();
    private final Map<String, WebToken> byRefresh = new HashMap<>();

    String issueCode(String openId, String scope, Instant now) {
        String code = MessageCrypto.randomString(32);
        codes.put(code, new Code(openId, scope, now.plus(CODE_LIFETIME)));
        return code;
    }

    WebToken exchange(String code, Instant now) {
        Code grant = code == null ? null : codes.get(code);
        if (grant == null || !now.isBefore(grant.expires)) {
            throw WeChatError.invalidCode();
        }
        if (grant.used) {
            throw WeChatError.codeBeenUsed();
        }
        grant.used = true;
        WebToken token = new WebToken(MessageCrypto.randomString(88), MessageCrypto.randomString(88), grant.openId,
                grant.scope, now.plus(TOKEN_LIFETIME), now.plus(REFRESH_LIFETIME));
        tokens.put(token.accessToken, token);
        byRefresh.put(token.refreshToken, token);
        return token;
    }

    WebToken refresh(String refreshToken, Instant now) {
        WebToken old = refreshToken == null ? null : byRefresh.get(refreshToken);
        if (old == null || !now.isBefore(old.refreshExpires)) {
            throw new WeChatError(40030, "invalid refresh_token");
        }
        WebToken token = new WebToken(MessageCrypto.randomString(88), refreshToken, old.openId, old.scope,
                now.plus(TOKEN_LIFETIME), old.refreshExpires);
        tokens.put(token.accessToken, token);
        byRefresh.put(refreshToken, token);
        return token;
    }

    /** The token; {@code null} when it is not this account's; throws 42001 when it has expired. */
    WebToken find(String accessToken, Instant now) {
        WebToken token = accessToken == null ? null : tokens.get(accessToken);
        if (token != null && !now.isBefore(token.expires)) {
            throw WeChatError.accessTokenExpired();
        }
        return token;
    }

    private static final class Code {
        final String openId;
        final String scope;
        final Instant expires;
        boolean used;

        Code(String openId, String scope, Instant expires) {
            this.openId = openId;
            this.scope = scope;
            this.expires = expires;
        }
    }

    /** A web access token and what it allows. */
    record WebToken(String accessToken, String refreshToken, String openId, String scope, Instant expires,
                    Instant refreshExpires) {
    }
}

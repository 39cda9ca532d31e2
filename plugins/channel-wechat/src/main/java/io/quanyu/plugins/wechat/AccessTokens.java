package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.PluginStore;
import me.chanjar.weixin.common.bean.WxAccessToken;
import me.chanjar.weixin.mp.enums.WxMpApiUrl;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An official account's access token, shared by every node of the platform: WeChat keeps one token per account
 * valid (a new one retires the old after 5 minutes), so the token lives in the plugin's sealed store with its expiry,
 * and one node at a time refreshes it, under a short lease taken with {@code putIfAbsent}. A node that finds the lease
 * taken waits for the new token instead of fetching one of its own; a node that takes the lease reads the token again
 * first, since the node before it stores its new token and then lets the lease go.
 */
final class AccessTokens {
    /** How long before WeChat's expiry the token counts as expired, so a call never carries one about to lapse. */
    /** WeChat could not be reached for a token: nothing was sent with it. */
    static final String UNAVAILABLE = "WECHAT_TOKEN_UNAVAILABLE";
    /** Another node holds the lease and stored no token in time: nothing was sent. */
    static final String BUSY = "WECHAT_TOKEN_BUSY";
    private static final Duration MARGIN = Duration.ofMinutes(5);
    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(3);

    private final PluginContext context;
    private final PluginStore sealed;
    private final WeChatHttp http;

    AccessTokens(PluginContext context, WeChatHttp http) {
        this.context = context;
        this.sealed = context.store().sealed();
        this.http = http;
    }

    /** The account's current token, fetched when there is none. */
    String current(OfficialAccount account) {
        return stored(account).orElseGet(() -> refresh(account, null));
    }

    /**
     * A token other than {@code rejected}: the one another node stored meanwhile, or a new one from WeChat.
     *
     * @throws PluginException {@value #BUSY} when another node holds the lease and stores nothing in time,
     *                         {@value #UNAVAILABLE} when WeChat cannot be reached, an egress code
     * @throws WeChatApiException when WeChat refuses the credentials
     */
    String refresh(OfficialAccount account, String rejected) {
        Instant giveUp = Instant.now().plus(LONGEST_WAIT);
        while (true) {
            Optional<String> stored = stored(account).filter(token -> !token.equals(rejected));
            if (stored.isPresent()) {
                return stored.get();
            }
            String lease = leaseKey(account);
            if (sealed.putIfAbsent(lease, UUID.randomUUID().toString(), LEASE)) {
                try {
                    // Read again under the lease: another node may have stored a new token and let the lease go
                    // between this node's read above and its taking the lease (it stores before it lets go).
                    Optional<String> meanwhile = stored(account).filter(token -> !token.equals(rejected));
                    return meanwhile.isPresent() ? meanwhile.get() : fetch(account);
                } finally {
                    sealed.delete(lease);
                }
            }
            if (Instant.now().isAfter(giveUp) || Instant.now().plus(POLL).isAfter(context.deadline())) {
                throw new PluginException(BUSY, "another node is refreshing the access token of "
                        + account.appId());
            }
            pause();
        }
    }

    private String fetch(OfficialAccount account) {
        String url = String.format(WxMpApiUrl.Other.GET_ACCESS_TOKEN_URL.getUrl(account.wxConfig()),
                encode(account.appId()), encode(account.appSecret()));
        String body;
        try {
            body = http.call(HttpRequest.newBuilder(URI.create(url)).GET());
        } catch (PluginException e) {
            if (e.code().startsWith("EGRESS_")) {
                throw e;
            }
            throw new PluginException(UNAVAILABLE, "cannot fetch the access token of " + account.appId() + ": "
                    + e.getMessage(), e);
        }
        WxAccessToken token = WxAccessToken.fromJson(body);
        sealed.put(tokenKey(account), Map.of("token", token.getAccessToken()), keptFor(token.getExpiresIn()));
        context.log().info("fetched a new access token for {}", account.appId());
        return token.getAccessToken();
    }

    /**
     * How long a credential WeChat gives for {@code expiresIn} seconds (a token, a JS-SDK ticket) is kept: until five
     * minutes before it lapses, and at least a minute.
     */
    static Duration keptFor(long expiresIn) {
        Duration life = Duration.ofSeconds(expiresIn).minus(MARGIN);
        return life.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : life;
    }

    private Optional<String> stored(OfficialAccount account) {
        return sealed.get(tokenKey(account)).map(entry -> String.valueOf(((Map<?, ?>) entry.value()).get("token")));
    }

    private static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(BUSY, "interrupted while waiting for the access token");
        }
    }

    private static String tokenKey(OfficialAccount account) {
        return "token:" + account.appId();
    }

    private static String leaseKey(OfficialAccount account) {
        return "token-lease:" + account.appId();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

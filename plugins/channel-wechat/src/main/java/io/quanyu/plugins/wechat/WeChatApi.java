package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.PluginContext;
import me.chanjar.weixin.mp.enums.WxMpApiUrl;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * WeChat's business APIs for one official account: the URL from WxJava's {@link WxMpApiUrl} (against the account's
 * hosts), the JSON from WxJava's beans, the account's shared access token appended, and, when WeChat rejects the
 * token (40001, 40014, 42001), one refresh and one retry.
 */
final class WeChatApi {
    private final OfficialAccount account;
    private final WeChatHttp http;
    private final AccessTokens tokens;

    WeChatApi(PluginContext context, OfficialAccount account) {
        this.account = account;
        this.http = new WeChatHttp(context);
        this.tokens = new AccessTokens(context, http);
    }

    OfficialAccount account() {
        return account;
    }

    /** POSTs JSON to the API and answers WeChat's JSON. */
    String post(WxMpApiUrl api, String json) {
        return withToken(api.getUrl(account.wxConfig()), url -> HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    /** GETs the API with these query parameters and answers WeChat's JSON. */
    String get(WxMpApiUrl api, Map<String, String> query) {
        StringBuilder url = new StringBuilder(api.getUrl(account.wxConfig()));
        query.forEach((name, value) -> url.append(url.indexOf("?") < 0 ? '?' : '&').append(name).append('=')
                .append(AccessTokens.encode(value)));
        return withToken(url.toString(), target -> HttpRequest.newBuilder(URI.create(target)).GET());
    }

    /** GETs an API URL that already carries its query (the tickets' {@code ?type=}). */
    String get(String url) {
        return withToken(url, target -> HttpRequest.newBuilder(URI.create(target)).GET());
    }

    private String withToken(String url, Function<String, HttpRequest.Builder> request) {
        String base = url + (url.contains("?") ? "&" : "?") + "access_token=";
        String token = tokens.current(account);
        try {
            return http.call(request.apply(base + AccessTokens.encode(token)));
        } catch (WeChatApiException e) {
            if (!e.tokenRejected()) {
                throw e;
            }
            String fresh = tokens.refresh(account, token);
            return http.call(request.apply(base + AccessTokens.encode(fresh)));
        }
    }
}

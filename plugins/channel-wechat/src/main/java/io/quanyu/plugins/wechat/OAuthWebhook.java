package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.Tracked;
import io.quanyu.plugin.sdk.webhook.WebhookHandler;
import io.quanyu.plugin.sdk.webhook.WebhookRequest;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import me.chanjar.weixin.common.bean.oauth2.WxOAuth2AccessToken;
import me.chanjar.weixin.mp.enums.WxMpApiUrl;
import org.pf4j.Extension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * WeChat login (网页授权) for customer pages opened in WeChat, at {@code /hooks/{tenant}/channel-wechat/oauth}:
 * <ol>
 *   <li>{@code GET oauth?account=<appId>&scope=snsapi_base|snsapi_userinfo&to=<page>} sends the browser to WeChat's
 *       authorize page with {@code oauth/back} as the redirect URI and a state that names the page. The state is a
 *       random single-use key of the plugin's store (WeChat allows 128 letters and digits, too few for a signed
 *       address), valid {@link #STATE_LIFETIME}; the page must be one of the tenant's customer pages on the platform
 *       or on an origin the settings list in {@code pageOrigins}, so the login is no open redirect.</li>
 *   <li>{@code GET oauth/back?code=...&state=...} exchanges the code for the follower's openid (and the unionid with
 *       {@code snsapi_userinfo}), finds or creates the customer by them (a {@code wechat.oauth} event), issues a
 *       customer session and redirects to the page with it in the {@code session} parameter.</li>
 * </ol>
 */
@Extension
public class OAuthWebhook implements WebhookHandler {
    static final String PATH = "oauth";
    static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
    static final Duration SESSION_LIFETIME = Duration.ofDays(7);
    private static final Set<String> SCOPES = Set.of("snsapi_base", "snsapi_userinfo");

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public WebhookResponse handle(WebhookRequest request) {
        if (!"GET".equals(request.method())) {
            return WebhookResponse.text(405, "a browser opens this page with GET");
        }
        return switch (request.subPath()) {
            case "" -> start(request);
            case "/back" -> back(request);
            default -> WebhookResponse.text(404, "no such page");
        };
    }

    private static WebhookResponse start(WebhookRequest request) {
        PluginContext context = request.context();
        Optional<OfficialAccount> account = account(context, request.parameter("account"));
        String scope = Optional.ofNullable(request.parameter("scope")).orElse("snsapi_base");
        String to = request.parameter("to");
        if (account.isEmpty() || !SCOPES.contains(scope)) {
            return WebhookResponse.text(400, "an official account of the tenant and a scope (snsapi_base or"
                    + " snsapi_userinfo) are needed");
        }
        if (to == null || !new PageTargets(context).allows(to)) {
            return WebhookResponse.text(400, "to is not one of the tenant's customer pages");
        }
        String state = UUID.randomUUID().toString().replace("-", "");
        context.store().put(stateKey(state), Map.of("appId", account.get().appId(), "scope", scope, "to", to),
                STATE_LIFETIME);
        String authorize = String.format(WxMpApiUrl.OAuth2.CONNECT_OAUTH2_AUTHORIZE_URL.getUrl(account.get().wxConfig()),
                AccessTokens.encode(account.get().appId()), AccessTokens.encode(context.publicUrl(PATH + "/back")),
                scope, state);
        return WebhookResponse.redirect(authorize).withHeader("Cache-Control", "no-store");
    }

    private static WebhookResponse back(WebhookRequest request) {
        PluginContext context = request.context();
        String state = request.parameter("state");
        Optional<Map<?, ?>> started = state == null || !state.matches("[A-Za-z0-9]{1,128}") ? Optional.empty()
                : context.store().get(stateKey(state)).map(entry -> (Map<?, ?>) entry.value());
        if (started.isEmpty() || !context.store().delete(stateKey(state))) {
            return WebhookResponse.text(400, "this login expired or was used: open the page again");
        }
        String code = request.parameter("code");
        if (code == null || code.isBlank()) {
            return WebhookResponse.text(403, "the WeChat login was declined");
        }
        String appId = String.valueOf(started.get().get("appId"));
        Optional<OfficialAccount> account = account(context, appId);
        if (account.isEmpty()) {
            return WebhookResponse.text(400, "the official account is no longer set up");
        }
        WxOAuth2AccessToken token;
        try {
            token = WxOAuth2AccessToken.fromJson(new WeChatHttp(context).call(HttpRequest.newBuilder(URI.create(
                    String.format(WxMpApiUrl.OAuth2.OAUTH2_ACCESS_TOKEN_URL.getUrl(account.get().wxConfig()),
                            AccessTokens.encode(appId), AccessTokens.encode(account.get().appSecret()),
                            AccessTokens.encode(code)))).GET()));
        } catch (WeChatApiException e) {
            return WebhookResponse.text(403, "WeChat did not confirm the login: " + e.getMessage());
        } catch (PluginException e) {
            return WebhookResponse.text(502, "WeChat cannot be reached: " + e.code());
        }
        List<Identity> identities = new ArrayList<>(List.of(Identity.scoped("wechat_openid", appId,
                token.getOpenId())));
        if (token.getUnionId() != null && !token.getUnionId().isBlank()) {
            identities.add(Identity.of("wechat_unionid", token.getUnionId()));
        }
        Tracked tracked = context.events().track(new Event("wechat:oauth:" + state, "wechat.oauth", Instant.now(),
                identities, FollowerActivity.CHANNEL, Map.of("appId", appId, "scope",
                String.valueOf(started.get().get("scope")))));
        String session = context.sessions().issue(tracked.customerId(), SESSION_LIFETIME);
        String to = String.valueOf(started.get().get("to"));
        return WebhookResponse.redirect(to + (to.contains("?") ? "&" : "?") + "session=" + session)
                .withHeader("Cache-Control", "no-store");
    }

    private static Optional<OfficialAccount> account(PluginContext context, String appId) {
        return appId == null ? Optional.empty() : WeChatSettings.from(context.settings()).account(appId);
    }

    private static String stateKey(String state) {
        return "oauth:" + state;
    }
}

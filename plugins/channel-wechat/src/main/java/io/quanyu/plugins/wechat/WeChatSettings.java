package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.Settings;
import me.chanjar.weixin.mp.config.WxMpHostConfig;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The tenant's official accounts, read from the settings. The builder's settings form renders flat fields only (no
 * arrays of objects), so a tenant has up to {@value #ACCOUNTS} accounts: {@code appId}, {@code appSecret},
 * {@code token}, {@code encodingAesKey} and {@code mode}, then the same names ending in 2 and 3. An account is used
 * only when complete (an encrypted mode needs its EncodingAESKey); what is missing is named for the tenant.
 */
final class WeChatSettings {
    static final int ACCOUNTS = 3;
    static final String DEFAULT_API = WxMpHostConfig.API_DEFAULT_HOST_URL;
    /** Where WeChat serves its JS-SDK; another {@code apiBaseUrl} serves it at the same path. */
    static final String JS_SDK = "https://res.wx.qq.com/open/js/jweixin-1.6.0.js";

    private final List<OfficialAccount> accounts;
    private final List<String> problems;
    private final Set<String> syncedTags;
    private final String jsSdkUrl;

    private WeChatSettings(List<OfficialAccount> accounts, List<String> problems, Set<String> syncedTags, String jsSdkUrl) {
        this.accounts = List.copyOf(accounts);
        this.problems = List.copyOf(problems);
        this.syncedTags = syncedTags;
        this.jsSdkUrl = jsSdkUrl;
    }

    static WeChatSettings from(Settings settings) {
        List<String> problems = new ArrayList<>();
        WxMpHostConfig hosts = hosts(text(settings, "apiBaseUrl").orElse(DEFAULT_API), problems);
        List<OfficialAccount> accounts = new ArrayList<>();
        for (int n = 1; n <= ACCOUNTS; n++) {
            String suffix = n == 1 ? "" : String.valueOf(n);
            Optional<String> appId = text(settings, "appId" + suffix);
            if (appId.isEmpty()) {
                continue;
            }
            List<String> missing = new ArrayList<>();
            String secret = required(settings, "appSecret" + suffix, missing);
            String token = required(settings, "token" + suffix, missing);
            MessageMode mode = MessageMode.of(text(settings, "mode" + suffix).orElse("safe")).orElse(MessageMode.SAFE);
            String key = mode.encrypted() ? required(settings, "encodingAesKey" + suffix, missing)
                    : text(settings, "encodingAesKey" + suffix).orElse("");
            if (missing.isEmpty()) {
                accounts.add(new OfficialAccount(appId.get(), secret, token, key, mode, hosts));
            } else {
                problems.add("account " + appId.get() + " has no " + String.join(", ", missing));
            }
        }
        if (accounts.isEmpty() && problems.isEmpty()) {
            problems.add("no official account is set up");
        }
        Set<String> synced = new java.util.LinkedHashSet<>();
        if (settings.get("syncedTags").orElse(null) instanceof List<?> tags) {
            tags.forEach(tag -> synced.add(String.valueOf(tag).strip()));
        }
        String jsSdk = hosts.getApiHost().equals(DEFAULT_API) ? JS_SDK
                : hosts.getApiHost() + URI.create(JS_SDK).getRawPath();
        return new WeChatSettings(accounts, problems, java.util.Collections.unmodifiableSet(synced), jsSdk);
    }

    /** The complete accounts. */
    List<OfficialAccount> accounts() {
        return accounts;
    }

    /**
     * The platform tags kept in step with each account's follower tags of the same name ({@code syncedTags}): a
     * change on either side reaches the other.
     */
    Set<String> syncedTags() {
        return syncedTags;
    }

    /** The address of WeChat's JS-SDK script ({@code jweixin}) for the tenant's pages. */
    String jsSdkUrl() {
        return jsSdkUrl;
    }

    /** The complete account with this AppID. */
    Optional<OfficialAccount> account(String appId) {
        return accounts.stream().filter(a -> a.appId().equals(appId)).findFirst();
    }

    /** Why an account the tenant meant to set up cannot be used, for messages to the tenant. */
    String problems() {
        return problems.isEmpty() ? "" : String.join("; ", problems);
    }

    /** WeChat's three hosts, or one other address for all three (a relay, a test double). */
    private static WxMpHostConfig hosts(String base, List<String> problems) {
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        if (trimmed.equals(DEFAULT_API)) {
            return WxMpHostConfig.builder().apiHost(WxMpHostConfig.API_DEFAULT_HOST_URL)
                    .mpHost(WxMpHostConfig.MP_DEFAULT_HOST_URL).openHost(WxMpHostConfig.OPEN_DEFAULT_HOST_URL).build();
        }
        try {
            URI uri = URI.create(trimmed);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawPath().isEmpty() && uri.getRawQuery() == null) {
                return WxMpHostConfig.builder().apiHost(trimmed).mpHost(trimmed).openHost(trimmed).build();
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        problems.add("apiBaseUrl is not an http(s) address without a path: " + base);
        return hosts(DEFAULT_API, problems);
    }

    private static String required(Settings settings, String name, List<String> missing) {
        Optional<String> value = text(settings, name);
        if (value.isEmpty()) {
            missing.add(name);
        }
        return value.orElse("");
    }

    private static Optional<String> text(Settings settings, String name) {
        return settings.text(name).map(String::strip).filter(s -> !s.isEmpty());
    }
}

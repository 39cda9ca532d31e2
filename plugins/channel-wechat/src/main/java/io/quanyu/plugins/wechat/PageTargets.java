package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.PluginContext;

import java.net.URI;
import java.util.List;

/**
 * The pages a WeChat login may send a customer to with a session: the tenant's customer pages on the platform
 * ({@code <public URL>/hooks/<tenant>/...}, any plugin's: a session is the tenant's) and pages on the origins the
 * tenant lists in the {@code pageOrigins} setting. Anything else would make the login an open redirect that hands
 * a session to a stranger's site.
 */
final class PageTargets {
    private final PluginContext context;

    PageTargets(PluginContext context) {
        this.context = context;
    }

    boolean allows(String target) {
        URI uri;
        try {
            uri = URI.create(target);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getRawAuthority() == null || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null) {
            return false;
        }
        String own = context.publicUrl(OAuthWebhook.PATH);
        String tenantPages = own.substring(0, own.length() - (context.pluginId() + "/" + OAuthWebhook.PATH).length());
        if (uri.normalize().toString().startsWith(tenantPages)) {
            return true;
        }
        String origin = uri.getScheme() + "://" + uri.getRawAuthority();
        return "https".equals(uri.getScheme()) && origins().contains(origin);
    }

    private List<String> origins() {
        return context.settings().get("pageOrigins").orElse(null) instanceof List<?> list
                ? list.stream().map(String::valueOf).map(String::strip).toList() : List.of();
    }
}

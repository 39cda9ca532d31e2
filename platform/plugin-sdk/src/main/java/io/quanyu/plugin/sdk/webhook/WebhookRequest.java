package io.quanyu.plugin.sdk.webhook;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PublicApi;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;

/**
 * One callback.
 *
 * @param context       the tenant-scoped services for this call (caller {@code webhook})
 * @param method        the HTTP method, upper case
 * @param subPath       the rest of the path after the handler's {@link WebhookHandler#path()}, starting with {@code /}
 *                      or empty
 * @param headers       request headers, names in lower case
 * @param query         query parameters
 * @param body          the raw body (at most the platform's body limit)
 * @param remoteAddress the caller's IP address as the platform sees it (behind the operator's proxies, the address
 *                      they forward), for a partner's IP allow-list or a customer's rate limit; null when unknown
 *                      (since 1.1)
 * @param customerId    for a webhook declared with {@code "auth": "customer"}, the customer whose session the
 *                      platform verified (see {@link io.quanyu.plugin.sdk.CustomerSessions}); null for other
 *                      webhooks (since 1.1)
 */
@PublicApi
public record WebhookRequest(PluginContext context, String method, String subPath, Map<String, List<String>> headers,
                             Map<String, List<String>> query, byte[] body, @Nullable String remoteAddress,
                             @Nullable String customerId) {

    /** A callback whose caller's address is unknown (the SDK 1.0 shape). */
    public WebhookRequest(PluginContext context, String method, String subPath, Map<String, List<String>> headers,
                          Map<String, List<String>> query, byte[] body) {
        this(context, method, subPath, headers, query, body, null, null);
    }

    /** The first value of a header (name in any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** The first value of a query parameter, or null. */
    public String parameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}

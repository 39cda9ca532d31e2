package io.quanyu.plugin.sdk;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Everything a plugin may use during one call, scoped to the one tenant the call is for. The platform builds a new
 * context for every call; a plugin must not keep it beyond the call (it stops working when the call ends).
 * <p>
 * JSON values crossing the SDK are plain Java: {@code Map<String, Object>}, {@code List<Object>}, {@code String},
 * {@code Number} ({@code Long}, {@code Double} or {@code BigDecimal}), {@code Boolean} and {@code null}.
 */
@PublicApi
public interface PluginContext {

    /** The tenant this call is for, for example {@code acme}. A plugin never sees another tenant's data. */
    String tenant();

    /** The plugin's id from its manifest. */
    String pluginId();

    /** The plugin's version from its manifest. */
    String pluginVersion();

    /** Who caused the call (a user name, a service account, or {@code system} for jobs and webhooks). */
    String caller();

    /** The correlation id of the request or job run, for the plugin's own logs and outgoing calls. */
    @Nullable
    String correlationId();

    /** The tenant's records, under the tenant's quotas and validation. */
    Records records();

    /** Emits behaviour events for the tenant's customers. */
    Events events();

    /** Finds the tenant's customers by identity. */
    Customers customers();

    /** The tenant's settings of this plugin (secrets decrypted). */
    Settings settings();

    /** A logger named after the plugin; lines carry the tenant and plugin, and floods are throttled. */
    Logger log();

    /** An HTTP client for outgoing calls, with connect and request timeouts set by the platform. */
    PluginHttp http();

    /**
     * The plugin's private store for this tenant: leases, de-duplication, counters, state and sealed secrets.
     *
     * @since 1.1
     */
    PluginStore store();

    /**
     * Durable one-off work for later, run by the plugin's task handlers.
     *
     * @since 1.1
     */
    Tasks tasks();

    /**
     * The tenant's other plugins: whether one is enabled, and the operations the manifest's {@code uses} declares.
     *
     * @since 1.1
     */
    Plugins plugins();

    /**
     * Sessions of the tenant's customers, for customer-facing pages: issue one when the plugin has identified a
     * customer, and receive the customer's id in every {@code "auth": "customer"} webhook call.
     *
     * @since 1.1
     */
    CustomerSessions sessions();

    /**
     * The address partners and customers reach one of the plugin's webhooks at, for this tenant:
     * {@code <the platform's public URL>/hooks/<tenant>/<plugin>/<path>}. Give it to a partner as the callback URL,
     * put it in a message as a click or pixel link, or use it as an OAuth redirect URI.
     *
     * @param webhookPath a path the manifest's {@code webhooks[]} declares, optionally followed by {@code /} and a
     *                    sub-path ({@code "go/abc"}); a query may follow ({@code "go?to=..."}), written as it should
     *                    appear
     * @throws PluginException {@code WEBHOOK_NOT_DECLARED} when the manifest declares no such webhook
     * @since 1.1
     */
    String publicUrl(String webhookPath);

    /**
     * When the platform stops waiting for this call (it is refused as {@code PLUGIN_TIMEOUT} then): set outgoing
     * timeouts and size work so that it ends before.
     *
     * @since 1.1
     */
    java.time.Instant deadline();

    /**
     * The platform's time now. Use it, rather than {@code Instant.now()}, for whatever the plugin decides by the
     * clock (a coupon's expiry, a reservation's end, a day's limit): the test kit's clock stands still until a test
     * moves it, so such decisions can be tested without waiting, and they agree with when tasks and jobs run.
     *
     * @since 1.1
     */
    default java.time.Instant now() {
        return java.time.Instant.now();
    }

    /**
     * The platform's delivery service: send a message to a customer on the tenant's channels, and report what
     * became of the messages this plugin's channels sent.
     *
     * @since 1.1
     */
    io.quanyu.plugin.sdk.channel.Deliveries deliveries();
}

package io.quanyu.plugin.sdk;

import java.time.Duration;
import java.util.Optional;

/**
 * Sessions of the tenant's customers for customer-facing pages (an H5 page opened in WeChat, a coupon or points-mall
 * page): a plugin that has identified a customer (a WeChat OAuth callback, a one-time link) issues a session token;
 * the customer's browser sends it back, and every webhook declared with {@code "auth": "customer"} receives the
 * customer's id in {@code WebhookRequest.customerId()} (the platform refuses a call without a valid session with
 * 401 {@code CUSTOMER_SESSION_REQUIRED} and never calls the plugin). A session is the tenant's, not the plugin's:
 * one minted by the WeChat plugin opens the coupon plugin's pages too.
 * <p>
 * The browser sends the token as {@code Authorization: Bearer <token>}, as the cookie {@code quanyu_session}, or as
 * the query parameter {@code session} (for the first page a redirect opens; set the cookie then, with
 * {@code Secure; HttpOnly; SameSite=Lax}, and drop the parameter).
 *
 * @since 1.1
 */
@PublicApi
public interface CustomerSessions {
    /** The longest session. */
    Duration MAX_TTL = Duration.ofDays(30);

    /**
     * A token that names this tenant's customer until {@code ttl} from now.
     *
     * @param ttl one minute to {@link #MAX_TTL}
     * @throws PluginException {@code RECORD_NOT_FOUND} when the tenant has no such customer,
     *                         {@code SESSION_TTL_INVALID} for a ttl out of range
     */
    String issue(String customerId, Duration ttl);

    /**
     * The customer a token names, when it is this tenant's, unexpired, unaltered and not revoked; empty otherwise
     * (whatever is wrong with it).
     */
    Optional<String> verify(String token);

    /** Ends every session of the customer issued until now (a logout everywhere, a customer erased). */
    void revokeAll(String customerId);
}

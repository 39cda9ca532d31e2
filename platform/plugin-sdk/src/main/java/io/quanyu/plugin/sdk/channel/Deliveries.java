package io.quanyu.plugin.sdk.channel;

import io.quanyu.plugin.sdk.PublicApi;
import java.time.Instant;
import java.util.Map;

/**
 * The platform's delivery service, as a plugin uses it: send a message to a customer, and, for a channel plugin,
 * report what became of a message its connector sent.
 *
 * @since 1.1
 */
@PublicApi
public interface Deliveries {
    /** The most entries a report's {@code detail} may have. */
    int MAX_DETAIL_ENTRIES = 20;

    /**
     * Sends through the delivery service, which checks eligibility, falls back, renders and records (see
     * {@link SendRequest}). Answers once the first channel that can take it has answered.
     *
     * @throws io.quanyu.plugin.sdk.PluginException {@code VALIDATION_FAILED} for a malformed request,
     *         {@code MESSAGE_TEMPLATE_NOT_FOUND}, {@code CUSTOMER_NOT_FOUND}
     */
    Delivery send(SendRequest request);

    /**
     * Reports what became of a message this plugin's connector sent: the platform records it on the delivery,
     * puts a {@code message.<status>} event on the customer's timeline and, for {@code BOUNCED},
     * {@code COMPLAINED} and {@code UNSUBSCRIBED}, marks the address. Reporting the same status of a send again
     * changes nothing.
     *
     * @param sendId the {@link MessageRequest#sendId()} the connector was given
     * @param at     when it happened, by the provider's clock
     * @param detail what the provider said (a bounce's diagnostic, the clicked link), at most
     *               {@value #MAX_DETAIL_ENTRIES} entries of strings, numbers or booleans
     * @throws io.quanyu.plugin.sdk.PluginException {@code DELIVERY_NOT_FOUND} when no send of this plugin's channels
     *         has this id
     */
    void report(String sendId, DeliveryStatus status, Instant at, Map<String, Object> detail);
}

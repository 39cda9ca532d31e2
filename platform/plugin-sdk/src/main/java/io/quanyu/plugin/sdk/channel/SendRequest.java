package io.quanyu.plugin.sdk.channel;

import io.quanyu.plugin.sdk.PublicApi;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message for the platform's delivery service to send (the one way a message leaves the platform): it checks
 * consent, quiet hours, frequency caps and the channel's window, tries the channels in order (the first is the
 * primary, the others fallbacks), renders the template for the customer and calls the channel's connector.
 *
 * @param customerId the customer's id (a merged customer's id reaches the survivor)
 * @param channels   the channels to try, in order, by their manifest names ({@code email}, {@code sms}, ...)
 * @param template   the tenant's message template, by name
 * @param variables  values the template reads as {@code {{vars.name}}}, besides the customer's profile
 * @param purpose    {@code marketing} (consent, quiet hours and caps apply) or {@code transactional} (an order
 *                   notice, a one-time code: only the address must be reachable)
 * @param key        the idempotency key, derived from what caused the send (1 to 200 characters): the same key is
 *                   the same send, answered again and never sent twice
 * @since 1.1
 */
@PublicApi
public record SendRequest(String customerId, List<String> channels, String template, Map<String, Object> variables,
                          String purpose, String key) {
    /** The purpose of sends that need the customer's marketing consent. */
    public static final String MARKETING = "marketing";
    /** The purpose of sends a customer's action asked for. */
    public static final String TRANSACTIONAL = "transactional";

    public SendRequest {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(key, "key");
        channels = List.copyOf(channels);
        variables = Map.copyOf(variables);
        purpose = purpose == null ? MARKETING : purpose;
    }

    /** A marketing send. */
    public static SendRequest marketing(String customerId, List<String> channels, String template,
                                        Map<String, Object> variables, String key) {
        return new SendRequest(customerId, channels, template, variables, MARKETING, key);
    }
}

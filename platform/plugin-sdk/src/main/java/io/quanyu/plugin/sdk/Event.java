package io.quanyu.plugin.sdk;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A behaviour event about one customer, as a plugin emits or receives it.
 *
 * @param id         unique per tenant; the platform stores an event once per id (retries are safe)
 * @param type       the event type, for example {@code wechat.subscribe} or {@code coupon.redeemed}: a lower-case
 *                   letter, then up to 63 lower-case letters, digits, {@code _} and {@code .}
 * @param occurredAt when it happened
 * @param identities how the customer is known, at least one, for example
 *                   {@code List.of(Identity.scoped("wechat_openid", appId, openid))}
 * @param channel    where it happened, for example {@code wechat} or {@code store}; null when it does not matter
 * @param properties the event's data, checked against the event type's JSON Schema when the type has one
 * @since 1.1 (identities as a list of {@link Identity}, and the channel)
 */
@PublicApi
public record Event(String id, String type, Instant occurredAt, List<Identity> identities, @Nullable String channel,
                    Map<String, @Nullable Object> properties) {
    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        identities = List.copyOf(identities);
        properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
    }
}

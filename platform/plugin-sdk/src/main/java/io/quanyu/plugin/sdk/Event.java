package io.quanyu.plugin.sdk;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A behaviour event about one customer, as a plugin emits or receives it.
 *
 * @param id         unique per tenant; the platform stores an event once per id (retries are safe)
 * @param type       the event type, for example {@code wechat.subscribe} or {@code coupon.redeemed}
 * @param occurredAt when it happened
 * @param identities how the customer is known, by identity type, for example {@code {"wechat_openid": "o6_b..."}}
 * @param properties the event's data, checked against the event type's JSON Schema
 */
@PublicApi
public record Event(String id, String type, Instant occurredAt, Map<String, String> identities,
                    Map<String, @Nullable Object> properties) {
    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        identities = Map.copyOf(identities);
        properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
    }
}

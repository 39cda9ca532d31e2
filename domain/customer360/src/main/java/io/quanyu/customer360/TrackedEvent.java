package io.quanyu.customer360;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/**
 * A behaviour event as stored: who it is about ({@code customerId}, set by identity resolution), what happened and
 * when, on which channel, with the identities it carried and its properties.
 */
public record TrackedEvent(String eventId, String type, Instant time, @Nullable String channel,
                           List<Identity> identities, ObjectNode properties, @Nullable String customerId) {

    public TrackedEvent withCustomer(String customer) {
        return new TrackedEvent(eventId, type, time, channel, identities, properties, customer);
    }

    /**
     * The event as a rule over events reads it ({@code where} of a behaviour condition, of a journey's trigger):
     * {@code {"properties": {...}, "channel": "..."}}.
     */
    public ObjectNode asFacts() {
        ObjectNode facts = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        facts.set("properties", properties);
        facts.put("channel", channel);
        return facts;
    }

    /** A property as text, or null. */
    public @Nullable String text(String property) {
        var value = properties.get(property);
        return value == null || value.isNull() ? null : value.asString();
    }

    /** A property as a decimal number, or zero. */
    public java.math.BigDecimal amount(String property) {
        var value = properties.get(property);
        return value != null && value.isNumber() ? value.decimalValue() : java.math.BigDecimal.ZERO;
    }
}

package io.quanyu.plugin.sdk;

import org.jspecify.annotations.Nullable;

import java.util.Objects;

/**
 * What became of one event handed to {@link Events}.
 *
 * @param eventId    the event's id
 * @param customerId the customer profile the event belongs to (found or created by its identities); null when the
 *                   event was refused
 * @param duplicate  whether an event with this id was already stored (nothing changed)
 * @param refused    why the event was refused ({@code EVENT_INVALID} with the reasons, {@code EVENT_TIME_IN_FUTURE}), or
 *                   null when it was stored
 * @since 1.1
 */
@PublicApi
public record Tracked(String eventId, @Nullable String customerId, boolean duplicate, @Nullable Failure refused) {
    public Tracked {
        Objects.requireNonNull(eventId, "eventId");
    }

    /** Whether the event is stored (now or before). */
    public boolean stored() {
        return refused == null;
    }
}

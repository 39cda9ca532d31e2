package io.quanyu.plugin.sdk.event;

import io.quanyu.plugin.sdk.PublicApi;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * One page of an {@link EventQuery}: the events, newest first, each with the customer it belongs to now.
 *
 * @param events     the events of this page
 * @param nextCursor the cursor of the next page ({@link EventQuery#after(String)}), {@code null} on the last page
 * @since 1.1
 */
@PublicApi
public record EventPage(List<ReceivedEvent> events, @Nullable String nextCursor) {
    public EventPage {
        events = List.copyOf(events);
    }
}

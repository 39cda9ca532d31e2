package io.quanyu.plugin.runtime;

import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Events;
import io.quanyu.plugin.sdk.PluginException;

import java.util.List;

/**
 * What {@link Events#trackAll} accepts before any event is looked at, one rule for the platform and the test kit
 * (each event's own checks are the customer 360's identity and naming rules).
 */
public final class TrackRules {

    private TrackRules() {
    }

    /** {@code events}, if the batch holds at most {@link Events#MAX_BATCH}. */
    public static List<Event> batch(List<Event> events) {
        if (events.size() > Events.MAX_BATCH) {
            throw new PluginException("EVENT_BATCH_TOO_LARGE",
                    "a batch holds at most " + Events.MAX_BATCH + " events, this one has " + events.size());
        }
        return events;
    }
}

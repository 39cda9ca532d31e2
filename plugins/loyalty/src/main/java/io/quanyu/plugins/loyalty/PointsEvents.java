package io.quanyu.plugins.loyalty;

import io.quanyu.plugin.sdk.Customers;
import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.PluginContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The points events on the member's timeline ({@code points.earned}, {@code points.spent}, {@code points.expired},
 * {@code points.reversed}), one per ledger entry: the event's id is the type and the entry's id, so a repeated call tracks
 * nothing new. The event names the member by the first of their identities; a member with none gets no event.
 */
final class PointsEvents {
    private PointsEvents() {
    }

    static void track(PluginContext context, String type, Map<String, Object> entry, Map<String, Object> more) {
        String customer = String.valueOf(entry.get("customerId"));
        Optional<Customers.Profile> profile = context.customers().profile(customer);
        if (profile.isEmpty() || profile.get().identities().isEmpty()) {
            context.log().info("no {} event for entry {}: customer {} has no identity", type, entry.get("_id"), customer);
            return;
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("program", entry.get("program"));
        properties.put("entry", entry.get("_id"));
        properties.putAll(more);
        context.events().track(new Event(type + ":" + entry.get("_id"), type, context.now(),
                List.of(profile.get().identities().getFirst()), "loyalty", properties));
    }
}

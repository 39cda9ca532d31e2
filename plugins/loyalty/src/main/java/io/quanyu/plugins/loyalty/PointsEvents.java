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
 * nothing new; and {@code tier.changed}, one per change of a member's tier. The event names the member by the first of their identities; a member with none gets no event.
 */
final class PointsEvents {
    private PointsEvents() {
    }

    static void track(PluginContext context, String type, Map<String, Object> entry, Map<String, Object> more) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("program", entry.get("program"));
        properties.put("entry", entry.get("_id"));
        properties.putAll(more);
        track(context, String.valueOf(entry.get("customerId")), type + ":" + entry.get("_id"), type, properties);
    }

    /** {@code points.expired} for each of the entries, tracked together; each member's identity read once. */
    static void expired(PluginContext context, List<Map<String, Object>> entries) {
        Map<String, Optional<Customers.Profile>> profiles = new java.util.HashMap<>();
        List<Event> events = new java.util.ArrayList<>();
        for (Map<String, Object> entry : entries) {
            String customer = String.valueOf(entry.get("customerId"));
            Optional<Customers.Profile> profile = profiles.computeIfAbsent(customer, c -> context.customers().profile(c));
            if (profile.isEmpty() || profile.get().identities().isEmpty()) {
                continue;
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("program", entry.get("program"));
            properties.put("entry", entry.get("_id"));
            properties.put("points", entry.get("amount"));
            events.add(new Event("points.expired:" + entry.get("_id"), "points.expired", context.now(),
                    List.of(profile.get().identities().getFirst()), "loyalty", properties));
            if (events.size() == io.quanyu.plugin.sdk.Events.MAX_BATCH) {
                context.events().trackAll(events);
                events.clear();
            }
        }
        if (!events.isEmpty()) {
            context.events().trackAll(events);
        }
    }

    /** {@code tier.changed}: the member's tier moved up or down; one event per change (its time names it). */
    static void tierChanged(PluginContext context, String program, String customer, String from, Tiers.State to, boolean up) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("program", program);
        properties.put("from", from);
        properties.put("to", to.tier());
        properties.put("direction", up ? "up" : "down");
        if (to.until() != null) {
            properties.put("until", to.until().toString());
        }
        track(context, customer, "tier.changed:" + program + ":" + customer + ":" + to.since(), "tier.changed", properties);
    }

    /** {@code mall.redeemed}: a redemption was confirmed. */
    static void redeemed(PluginContext context, Map<String, Object> redemption) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String field : List.of("program", "item", "quantity", "points", "coupon")) {
            if (redemption.get(field) != null) {
                properties.put(field, redemption.get(field));
            }
        }
        properties.put("redemption", redemption.get("_id"));
        track(context, String.valueOf(redemption.get("customerId")), "mall.redeemed:" + redemption.get("_id"), "mall.redeemed", properties);
    }

    private static void track(PluginContext context, String customer, String id, String type, Map<String, Object> properties) {
        Optional<Customers.Profile> profile = context.customers().profile(customer);
        if (profile.isEmpty() || profile.get().identities().isEmpty()) {
            context.log().info("no {} event ({}): customer {} has no identity", type, id, customer);
            return;
        }
        context.events().track(new Event(id, type, context.now(), List.of(profile.get().identities().getFirst()), "loyalty",
                properties));
    }
}

package io.quanyu.customer360;

import io.quanyu.conditions.Behavior;
import io.quanyu.mongodb.TenantDatabase;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts behaviour conditions read ({@code behavior.<key>}): each customer's events of the condition's type,
 * inside its window, passing its {@code where} rule, newest first, at most {@link Behavior#MAX_EVENTS}; conditions
 * over the same events share one read, and so do the customers of one call.
 */
final class BehaviorFacts {
    private final EventStore events;

    BehaviorFacts(EventStore events) {
        this.events = events;
    }

    /** Puts each customer's events that the conditions read into their facts; one read per event type for all of them. */
    void load(TenantDatabase db, Map<String, ObjectNode> factsByCustomer, Collection<Behavior> behaviors, Instant now) {
        if (behaviors.isEmpty() || factsByCustomer.isEmpty()) {
            return;
        }
        Map<String, List<Behavior>> byType = new LinkedHashMap<>();
        for (Behavior behavior : behaviors) {
            byType.computeIfAbsent(behavior.event(), t -> new ArrayList<>()).add(behavior);
        }
        for (var type : byType.entrySet()) {
            // the lists to fill: per customer, the conditions of this type its facts do not hold yet
            Map<String, Map<Behavior, ArrayNode>> open = new HashMap<>();
            for (var customer : factsByCustomer.entrySet()) {
                ObjectNode root = behaviorRoot(customer.getValue());
                for (Behavior behavior : type.getValue()) {
                    if (!root.has(behavior.key())) {
                        open.computeIfAbsent(customer.getKey(), c -> new LinkedHashMap<>())
                                .put(behavior, root.putArray(behavior.key()));
                    }
                }
            }
            if (open.isEmpty()) {
                continue;
            }
            Instant since = earliest(open, now);
            Instant until = latest(open);
            try (var cursor = events.ofType(db, open.keySet(), type.getKey(), since, until).cursor()) {
                while (cursor.hasNext()) {
                    TrackedEvent event = cursor.next();
                    Map<Behavior, ArrayNode> lists = open.get(event.customerId());
                    if (lists == null) {
                        continue;
                    }
                    ObjectNode seen = event.asFacts();
                    for (var list : lists.entrySet()) {
                        Behavior behavior = list.getKey();
                        if (list.getValue().size() < Behavior.MAX_EVENTS
                                && inWindow(behavior, event.time(), now, factsByCustomer.get(event.customerId()))
                                && behavior.takes(seen, now)) {
                            list.getValue().add(Behavior.entry(event.time(), behavior.valueOf(event.properties())));
                        }
                    }
                }
            }
        }
    }

    private static ObjectNode behaviorRoot(ObjectNode facts) {
        String root = Behavior.ROOT;
        return facts.has(root) && facts.get(root).isObject() ? (ObjectNode) facts.get(root) : facts.putObject(root);
    }

    private static boolean inWindow(Behavior behavior, Instant time, Instant now, ObjectNode facts) {
        Instant since = behavior.since(now, facts);
        Instant until = behavior.until(facts);
        return (since == null || !time.isBefore(since)) && (until == null || time.isBefore(until));
    }

    /** The earliest start of the open conditions' windows; null when one has none. */
    private static Instant earliest(Map<String, Map<Behavior, ArrayNode>> open, Instant now) {
        Instant out = null;
        for (var lists : open.values()) {
            for (Behavior behavior : lists.keySet()) {
                Instant since = behavior.sinceForAny(now);
                if (since == null) {
                    return null;
                }
                out = out == null || since.isBefore(out) ? since : out;
            }
        }
        return out;
    }

    /** The latest end of the open conditions' windows; null when one has none. */
    private static Instant latest(Map<String, Map<Behavior, ArrayNode>> open) {
        Instant out = null;
        for (var lists : open.values()) {
            for (Behavior behavior : lists.keySet()) {
                Instant until = behavior.untilForAny();
                if (until == null) {
                    return null;
                }
                out = out == null || until.isAfter(out) ? until : out;
            }
        }
        return out;
    }
}

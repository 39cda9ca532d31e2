package io.quanyu.plugin.host;

import io.quanyu.conditions.Verdict;
import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.customer360.Customers;
import io.quanyu.customer360.EventResult;
import io.quanyu.customer360.Timeline;
import io.quanyu.customer360.TrackedEvent;
import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Failure;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.Tracked;
import io.quanyu.plugin.sdk.event.EventPage;
import io.quanyu.plugin.sdk.event.EventQuery;
import io.quanyu.plugin.sdk.event.ReceivedEvent;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plugins' events and customer lookups on the customer 360: the same ingestion, identity types, normalisation and
 * scopes as the events API, so a plugin's event is refused exactly when the API would refuse it.
 */
public final class Customer360Events implements CustomerEvents {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final Customers customers;
    private final io.quanyu.segments.@Nullable Segments segments;

    /** Without segments: rules read the profile's facts and the customer's events, never {@code segments} or {@code lists}. */
    public Customer360Events(Customers customers) {
        this(customers, null);
    }

    /** Rules read what a segment's rule reads: the profile's facts, the customer's segments and lists, their events. */
    public Customer360Events(Customers customers, io.quanyu.segments.@Nullable Segments segments) {
        this.customers = customers;
        this.segments = segments;
    }

    @Override
    public List<Tracked> track(CallContext call, List<Event> events) {
        ArrayNode batch = JSON.createArrayNode();
        for (Event event : events) {
            ObjectNode e = batch.addObject().put("eventId", event.id()).put("type", event.type())
                    .put("time", event.occurredAt().toString());
            if (event.channel() != null) {
                e.put("channel", event.channel());
            }
            ArrayNode identities = e.putArray("identities");
            for (Identity identity : event.identities()) {
                ObjectNode i = identities.addObject().put("type", identity.type()).put("value", identity.value());
                if (identity.scope() != null) {
                    i.put("scope", identity.scope());
                }
            }
            e.set("properties", JSON.valueToTree(event.properties()));
        }
        List<EventResult> results = customers.track(call, batch);
        List<Tracked> out = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            out.add(tracked(events.get(i).id(), results.get(i)));
        }
        return out;
    }

    @Override
    public List<ReceivedEvent> received(CallContext call, List<String> ids) {
        return customers.events(call, ids).stream().filter(e -> e.customerId() != null)
                .map(e -> received(e.customerId(), e)).toList();
    }

    @Override
    public EventPage query(CallContext call, EventQuery query) {
        return onSurvivor(query.customerId(), id -> {
            Timeline.Page page = customers.timeline(call, id, query.types(), query.channels(), query.since(),
                    query.until(), query.first(), query.after());
            return new EventPage(page.events().stream().map(e -> received(id, e)).toList(), page.nextCursor());
        });
    }

    /** A stored event as plugins see it: identities as stored (normalised), with the customer it belongs to. */
    static ReceivedEvent received(String customer, TrackedEvent e) {
        List<Identity> identities = e.identities().stream().map(i -> new Identity(i.type(), i.scope(), i.value())).toList();
        Map<String, Object> properties = JSON.convertValue(e.properties(), MAP);
        return new ReceivedEvent(customer, new Event(e.eventId(), e.type(), e.time(), identities, e.channel(), properties));
    }

    @Override
    public Optional<String> findByIdentity(CallContext call, Identity identity) {
        String value = identity.scope() == null ? identity.value() : identity.scope() + "|" + identity.value();
        return customers.findByIdentity(call, identity.type(), value);
    }

    @Override
    public Optional<io.quanyu.plugin.sdk.Customers.Profile> profile(CallContext call, String customerId) {
        try {
            return Optional.of(onSurvivor(customerId, id -> {
                ObjectNode profile = customers.profile(call, id);
                List<Identity> identities = new ArrayList<>();
                profile.path("identities").forEach(i -> identities.add(new Identity(i.path("type").asString(),
                        i.path("scope").isNull() || i.path("scope").isMissingNode() ? null : i.path("scope").asString(),
                        i.path("value").asString())));
                List<String> tags = new ArrayList<>();
                profile.path("tags").forEach(t -> tags.add(t.path("tag").asString()));
                return new io.quanyu.plugin.sdk.Customers.Profile(id, JSON.convertValue(profile.path("record"), MAP),
                        identities, tags, profile.path("stage").asString(),
                        profile.path("referredBy").isNull() ? null : profile.path("referredBy").asString(null),
                        JSON.convertValue(customers.facts(call, id), MAP));
            }));
        } catch (QuanyuException e) {
            if (e.code() == ErrorCode.CUSTOMER_NOT_FOUND || e.code() == ErrorCode.RECORD_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void tag(CallContext call, String customerId, String tag, boolean add) {
        onSurvivor(customerId, id -> {
            customers.tag(call, id, tag, add);
            return null;
        });
    }

    @Override
    public void putFacts(CallContext call, String customerId, Map<String, ?> facts) {
        onSurvivor(customerId, id -> {
            customers.putFacts(call, id, facts);
            return null;
        });
    }

    @Override
    public io.quanyu.plugin.sdk.Customers.Match matches(CallContext call, String customerId, Map<String, Object> rule,
                                                        @org.jspecify.annotations.Nullable Map<String, Object> event) {
        tools.jackson.databind.JsonNode tree = JSON.valueToTree(rule);
        tools.jackson.databind.JsonNode happened = event == null ? null : JSON.valueToTree(event);
        Verdict verdict = onSurvivor(customerId, id -> segments == null ? customers.matches(call, id, tree, happened)
                : segments.verdict(call, id, io.quanyu.conditions.Conditions.parse(tree), happened)
                // no live profile: the customer 360 says why (merged into a survivor, or no such customer)
                .orElseGet(() -> customers.matches(call, id, tree, happened)));
        return new io.quanyu.plugin.sdk.Customers.Match(verdict.matched(), verdict.summary(), verdict.summaryZhCN());
    }

    /** Runs {@code body} on the customer, or on the survivor it was merged into (following up to five merges). */
    private static <T> T onSurvivor(String customerId, java.util.function.Function<String, T> body) {
        String id = customerId;
        for (int hop = 0; ; hop++) {
            try {
                return body.apply(id);
            } catch (QuanyuException e) {
                if (e.code() != ErrorCode.CUSTOMER_MERGED || hop >= 5 || e.details().get("survivor") == null) {
                    throw e;
                }
                id = String.valueOf(e.details().get("survivor"));
            }
        }
    }

    private static Tracked tracked(String eventId, EventResult result) {
        if ("rejected".equals(result.status())) {
            String reasons = result.violations().isEmpty() ? "" : " " + result.violations().stream()
                    .map(v -> v.pointer() + " " + v.message()).toList();
            return new Tracked(eventId, null, false, new Failure(result.code() == null ? "EVENT_INVALID" : result.code(),
                    String.valueOf(result.message()) + reasons));
        }
        return new Tracked(eventId, result.customerId(), "duplicate".equals(result.status()), null);
    }
}

package io.quanyu.plugin.host;

import io.quanyu.core.call.CallContext;
import io.quanyu.customer360.Customers;
import io.quanyu.customer360.EventResult;
import io.quanyu.customer360.TrackedEvent;
import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Failure;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.Tracked;
import io.quanyu.plugin.sdk.event.ReceivedEvent;
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

    public Customer360Events(Customers customers) {
        this.customers = customers;
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
        List<ReceivedEvent> out = new ArrayList<>();
        for (TrackedEvent e : customers.events(call, ids)) {
            if (e.customerId() != null) {
                List<Identity> identities = e.identities().stream()
                        .map(i -> new Identity(i.type(), i.scope(), i.value())).toList();
                Map<String, Object> properties = JSON.convertValue(e.properties(), MAP);
                out.add(new ReceivedEvent(e.customerId(), new Event(e.eventId(), e.type(), e.time(), identities,
                        e.channel(), properties)));
            }
        }
        return out;
    }

    @Override
    public Optional<String> findByIdentity(CallContext call, Identity identity) {
        String value = identity.scope() == null ? identity.value() : identity.scope() + "|" + identity.value();
        return customers.findByIdentity(call, identity.type(), value);
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

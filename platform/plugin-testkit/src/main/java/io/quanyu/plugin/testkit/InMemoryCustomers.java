package io.quanyu.plugin.testkit;

import io.quanyu.core.error.QuanyuException;
import io.quanyu.identities.EventNames;
import io.quanyu.identities.IdentityType;
import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Failure;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.Tracked;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One tenant's customer 360 as plugin tests need it, with the platform's rules for what an event may carry: the same
 * identity types (the standard ones plus those a test declares), scopes, normalisation (E.164 phones, lower-case
 * e-mail), event id and type names, and at least one identity; a refused event is answered with
 * {@code EVENT_INVALID} and its reasons. An event's identities find the customer of the first one already known, or
 * a new customer ({@code customer} record) is made; its other identities then join that customer. Merging two
 * known customers, aggregates and schemas of event properties are the platform's, not the test kit's.
 */
final class InMemoryCustomers {
    private final Map<String, IdentityType> types = new ConcurrentHashMap<>();
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    private final Map<String, Event> events = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, String> customerOfEvent = new ConcurrentHashMap<>();
    private final Function<Map<String, Object>, String> newCustomer;

    /** @param newCustomer creates the tenant's {@code customer} record with these values and answers its id */
    InMemoryCustomers(Function<Map<String, Object>, String> newCustomer) {
        this.newCustomer = newCustomer;
        IdentityType.STANDARD.forEach(t -> types.put(t.type(), t));
    }

    void declare(String type, boolean scoped) {
        types.put(type, new IdentityType(type, scoped, false, 100, IdentityType.Normalisation.TRIM));
    }

    synchronized Tracked track(Event event) {
        List<String> reasons = new ArrayList<>();
        if (!EventNames.EVENT_ID.matcher(event.id()).matches()) {
            reasons.add("/eventId must match " + EventNames.EVENT_ID.pattern());
        }
        if (!EventNames.TYPE.matcher(event.type()).matches()) {
            reasons.add("/type must match " + EventNames.TYPE.pattern());
        }
        if (event.identities().isEmpty()) {
            reasons.add("/identities at least one identity is needed");
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < event.identities().size(); i++) {
            try {
                keys.add(key(event.identities().get(i)));
            } catch (QuanyuException e) {
                reasons.add("/identities/" + i + " " + e.getMessage());
            }
        }
        if (!reasons.isEmpty()) {
            return new Tracked(event.id(), null, false,
                    new Failure("EVENT_INVALID", "Event " + event.id() + " is not valid " + reasons));
        }
        String known = customerOfEvent.get(event.id());
        if (known != null) {
            return new Tracked(event.id(), known, true, null);
        }
        String customer = keys.stream().map(owners::get).filter(java.util.Objects::nonNull).findFirst()
                .orElseGet(() -> newCustomer.apply(Map.of()));
        keys.forEach(k -> owners.putIfAbsent(k, customer));
        events.put(event.id(), event);
        customerOfEvent.put(event.id(), customer);
        return new Tracked(event.id(), customer, false, null);
    }

    Optional<String> find(Identity identity) {
        try {
            return Optional.ofNullable(owners.get(key(identity)));
        } catch (QuanyuException e) {
            return Optional.empty();
        }
    }

    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events.values());
        }
    }

    Optional<String> customerOf(String eventId) {
        return Optional.ofNullable(customerOfEvent.get(eventId));
    }

    /** The identity's unique key, as the platform stores it; {@code IDENTITY_*} errors for what it would refuse. */
    private String key(Identity identity) {
        IdentityType type = types.get(identity.type());
        if (type == null) {
            throw new QuanyuException(io.quanyu.core.error.ErrorCode.IDENTITY_TYPE_UNKNOWN,
                    Map.of("type", identity.type()));
        }
        String scope = identity.scope() == null ? null : identity.scope().strip();
        if (type.scoped() && (scope == null || scope.isEmpty())) {
            throw new QuanyuException(io.quanyu.core.error.ErrorCode.IDENTITY_INVALID, Map.of("type", identity.type(),
                    "value", identity.value(), "reason", identity.type() + " identities need a scope"));
        }
        return type.type() + "|" + (type.scoped() ? scope : "") + "|" + type.normalise(identity.value());
    }
}

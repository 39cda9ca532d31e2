package io.quanyu.plugin.testkit;

import io.quanyu.conditions.PluginFactValues;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.plugin.runtime.PlatformErrors;
import io.quanyu.identities.EventNames;
import io.quanyu.identities.IdentityType;
import io.quanyu.core.paging.TimeCursor;
import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.event.EventPage;
import io.quanyu.plugin.sdk.event.EventQuery;
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
 * {@code EVENT_INVALID} and its reasons, one dated more than 5 minutes ahead of the host's clock with
 * {@code EVENT_TIME_IN_FUTURE}. An event's identities find the customer of the first one already known, or
 * a new customer ({@code customer} record) is made; its other identities then join that customer.
 * <p>
 * Profiles ({@link #view}): identities, tags (the platform's tag rule), each plugin's facts (the platform's fact
 * rules, {@link PluginFactValues}), stage {@code stranger}, and the aggregates the tracked events give: first and
 * last seen, counts by event type (dots as {@code __}), channels, identity types, and orders' count and amount
 * ({@code order} and {@code order_refunded} events' {@code amount}). Rules are evaluated by the platform's condition
 * language. Scores, stage rules, social figures, merges and event property schemas are the platform's: a test sets
 * the facts it needs with {@link InMemoryServices#profileFacts}.
 */
final class InMemoryCustomers {
    private final Map<String, IdentityType> types = new ConcurrentHashMap<>();
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    private final Map<String, Event> events = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, String> customerOfEvent = new ConcurrentHashMap<>();
    private final Function<Map<String, Object>, String> newCustomer;
    private final Map<String, java.util.Set<String>> tags = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Map<String, Object>>> pluginFacts = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> overlay = new ConcurrentHashMap<>();
    /** As the platform's ingestion allows (its {@code Ingestion.FUTURE_TOLERANCE}). */
    private static final java.time.Duration FUTURE_TOLERANCE = java.time.Duration.ofMinutes(5);
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private final java.time.Clock clock;

    /**
     * @param newCustomer creates the tenant's {@code customer} record with these values and answers its id
     * @param clock       the host's clock, against which an event's time may be at most 5 minutes ahead
     */
    InMemoryCustomers(Function<Map<String, Object>, String> newCustomer, java.time.Clock clock) {
        this.newCustomer = newCustomer;
        this.clock = clock;
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
        } else if (event.type().startsWith("profile.")) {
            reasons.add("/type types beginning with 'profile.' are the platform's (profile changes)");
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
        if (event.occurredAt().isAfter(clock.instant().plus(FUTURE_TOLERANCE))) {
            return new Tracked(event.id(), null, false, new Failure("EVENT_TIME_IN_FUTURE", "Event " + event.id()
                    + " is dated " + event.occurredAt() + ", more than 5 minutes ahead of the server's clock"));
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

    /**
     * A page of a customer's events as the platform answers it: newest first (time, then id, both descending), within
     * the query's types, channels and range, identities normalised as stored; the cursor is the last event's time
     * and id ({@code REQUEST_VALIDATION_FAILED} for one that is not), {@code CUSTOMER_NOT_FOUND} for an unknown customer.
     */
    EventPage query(EventQuery query, java.util.function.Predicate<String> exists) {
        if (!exists.test(query.customerId())) {
            throw new io.quanyu.plugin.sdk.PluginException("CUSTOMER_NOT_FOUND", "There is no customer " + query.customerId());
        }
        TimeCursor after = query.after() == null ? null
                : PlatformErrors.translated(() -> TimeCursor.decode(query.after()));
        // as stored: times to the millisecond
        List<Event> matching = events().stream()
                .filter(e -> query.customerId().equals(customerOfEvent.get(e.id())))
                .map(e -> new Event(e.id(), e.type(), e.occurredAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                        e.identities().stream().map(this::stored).toList(), e.channel(), e.properties()))
                .filter(e -> query.types().isEmpty() || query.types().contains(e.type()))
                .filter(e -> query.channels().isEmpty() || query.channels().contains(e.channel()))
                .filter(e -> query.since() == null || !e.occurredAt().isBefore(query.since()))
                .filter(e -> query.until() == null || e.occurredAt().isBefore(query.until()))
                .filter(e -> after == null || after.precedes(e.occurredAt(), e.id()))
                .sorted(java.util.Comparator.comparing(Event::occurredAt).thenComparing(Event::id).reversed()).toList();
        List<Event> page = matching.subList(0, Math.min(query.first(), matching.size()));
        String next = matching.size() > page.size()
                ? TimeCursor.after(page.getLast().occurredAt(), page.getLast().id()).encode() : null;
        return new EventPage(page.stream().map(e -> new io.quanyu.plugin.sdk.event.ReceivedEvent(query.customerId(), e))
                .toList(), next);
    }

    /** An identity as the platform stores it: its scope trimmed, its value normalised. */
    private Identity stored(Identity identity) {
        IdentityType type = types.get(identity.type());
        return new Identity(identity.type(), identity.scope() == null ? null : identity.scope().strip(),
                type.normalise(identity.value()));
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

    /** Facts a test sets on a customer's profile (scores, stage, aggregates), over what the test kit computes. */
    void overlay(String customer, Map<String, Object> facts) {
        overlay.put(customer, Map.copyOf(facts));
    }

    /** What rules see of a customer (see the class comment). */
    synchronized Map<String, Object> facts(String customer) {
        Map<String, Object> aggregates = new LinkedHashMap<>();
        Map<String, Object> counts = new LinkedHashMap<>();
        java.util.Set<String> channels = new java.util.LinkedHashSet<>();
        java.time.Instant first = null;
        java.time.Instant last = null;
        long orders = 0;
        java.math.BigDecimal amount = java.math.BigDecimal.ZERO;
        for (Event e : events()) {
            if (!customer.equals(customerOfEvent.get(e.id()))) {
                continue;
            }
            counts.merge(e.type().replace(".", "__"), 1L, (a, b) -> (Long) a + (Long) b);
            first = first == null || e.occurredAt().isBefore(first) ? e.occurredAt() : first;
            last = last == null || e.occurredAt().isAfter(last) ? e.occurredAt() : last;
            if (e.channel() != null) {
                channels.add(e.channel());
            }
            java.math.BigDecimal value = e.properties().get("amount") instanceof Number n
                    ? new java.math.BigDecimal(n.toString()) : java.math.BigDecimal.ZERO;
            if (e.type().equals("order")) {
                orders++;
                amount = amount.add(value);
            } else if (e.type().equals("order_refunded")) {
                orders = Math.max(0, orders - 1);
                amount = amount.subtract(value).max(java.math.BigDecimal.ZERO);
            }
        }
        aggregates.put("firstSeen", first == null ? null : first.toString());
        aggregates.put("lastSeen", last == null ? null : last.toString());
        aggregates.put("counts", counts);
        aggregates.put("channels", List.copyOf(channels));
        aggregates.put("orders", Map.of("count", orders, "amount", amount));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("aggregates", aggregates);
        facts.put("identityTypes", identities(customer).stream().map(Identity::type).distinct().toList());
        facts.put("tags", List.copyOf(tags.getOrDefault(customer, java.util.Set.of())));
        facts.put("stage", "stranger");
        facts.put("plugins", new LinkedHashMap<>(pluginFacts.getOrDefault(customer, Map.of())));
        overlay.getOrDefault(customer, Map.of()).forEach(facts::put);
        return facts;
    }

    private List<Identity> identities(String customer) {
        List<Identity> out = new ArrayList<>();
        owners.forEach((key, owner) -> {
            if (owner.equals(customer)) {
                String[] parts = key.split("\\|", 3);
                out.add(new Identity(parts[0], parts[1].isEmpty() ? null : parts[1], parts[2]));
            }
        });
        return out;
    }

    /**
     * The SDK's customers for one plugin's call: {@code records} holds the tenant's {@code customer} records (a
     * customer exists when its record does).
     */
    io.quanyu.plugin.sdk.Customers view(io.quanyu.plugin.sdk.Records records, String pluginId, java.time.Clock clock) {
        return new io.quanyu.plugin.sdk.Customers() {
            @Override
            public Optional<Map<String, Object>> findByIdentity(Identity identity) {
                return find(identity).flatMap(id -> records.get("customer", id));
            }

            @Override
            public Optional<Profile> profile(String customerId) {
                return records.get("customer", customerId).map(record -> {
                    Map<String, Object> facts = facts(customerId);
                    @SuppressWarnings("unchecked")
                    List<String> tagNames = (List<String>) facts.get("tags");
                    return new Profile(customerId, record, identities(customerId), tagNames,
                            String.valueOf(facts.get("stage")), null, facts);
                });
            }

            @Override
            public void tag(String customerId, String tag, boolean add) {
                exists(customerId);
                PlatformErrors.translated(() -> PluginFactValues.tag(tag));
                java.util.Set<String> mine = tags.computeIfAbsent(customerId,
                        c -> java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>()));
                if (add) {
                    mine.add(tag);
                } else {
                    mine.remove(tag);
                }
            }

            @Override
            public void putFacts(String customerId, Map<String, @org.jspecify.annotations.Nullable Object> facts) {
                exists(customerId);
                synchronized (InMemoryCustomers.this) {
                    Map<String, Map<String, Object>> byPlugin = pluginFacts.computeIfAbsent(customerId,
                            c -> new ConcurrentHashMap<>());
                    Map<String, Object> next = PlatformErrors.translated(() ->
                            PluginFactValues.apply(byPlugin.getOrDefault(pluginId, Map.of()), facts));
                    if (next.isEmpty()) {
                        byPlugin.remove(pluginId);
                    } else {
                        byPlugin.put(pluginId, next);
                    }
                }
            }

            @Override
            public Match matches(String customerId, Map<String, Object> rule) {
                return verdict(customerId, rule, null);
            }

            @Override
            public Match matches(String customerId, Map<String, Object> rule, Map<String, Object> event) {
                return verdict(customerId, rule, java.util.Objects.requireNonNull(event, "event"));
            }

            private Match verdict(String customerId, Map<String, Object> rule, @org.jspecify.annotations.Nullable Map<String, Object> event) {
                exists(customerId);
                tools.jackson.databind.node.ObjectNode facts = JSON.valueToTree(facts(customerId));
                if (event != null) {
                    facts.set("event", JSON.valueToTree(event));
                }
                io.quanyu.conditions.Verdict verdict = PlatformErrors.translated(() -> io.quanyu.conditions.Conditions
                        .parse(JSON.valueToTree(rule)).explain(facts, clock.instant()));
                return new Match(verdict.matched(), verdict.summary(), verdict.summaryZhCN());
            }

            @Override
            public List<String> ruleProblems(Map<String, Object> rule) {
                return io.quanyu.conditions.Conditions.problems(JSON.valueToTree(rule));
            }

            private void exists(String customerId) {
                if (records.get("customer", customerId).isEmpty()) {
                    throw new io.quanyu.plugin.sdk.PluginException("CUSTOMER_NOT_FOUND", "There is no customer " + customerId);
                }
            }
        };
    }
}

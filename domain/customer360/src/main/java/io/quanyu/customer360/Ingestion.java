package io.quanyu.customer360;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.identities.EventNames;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Takes a batch of up to {@value #MAX_BATCH} events: each is checked on its own (one bad event does not sink the
 * batch), events stored before are reported as duplicates (the event id is the key), identities are resolved to
 * profiles, the new events are stored in one write, and only then acknowledged; their aggregates are applied right
 * after (a crash in between is finished by {@link #sweep}).
 * <p>
 * Event time is the customer's, not the arrival's: an event dated more than {@link #FUTURE_TOLERANCE} ahead of the
 * server's clock is refused ({@code EVENT_TIME_IN_FUTURE}, for that event alone), since windows and time-relative
 * conditions would count it for years; an event dated in the past, however late, is stored and applied by its own
 * time when it arrives. Types beginning with {@value #RESERVED_PREFIX} are the platform's and refused
 * ({@code EVENT_INVALID}).
 */
public final class Ingestion {
    public static final int MAX_BATCH = 1000;
    /** How far ahead of the server's clock an event may be dated (clock skew of the sending systems). */
    public static final java.time.Duration FUTURE_TOLERANCE = java.time.Duration.ofMinutes(5);
    /** Event types the platform keeps for profile changes it hands to plugins ({@code profile.tags_changed}). */
    public static final String RESERVED_PREFIX = "profile.";
    private static final Pattern EVENT_ID = EventNames.EVENT_ID;
    private static final Pattern TYPE = EventNames.TYPE;
    private final SettingsStore settings;
    private final EventTypes types;
    private final EventStore events;
    private final Resolver resolver;
    private final Aggregator aggregator;
    private final BatchStore batches = new BatchStore();
    private final java.time.Clock clock;

    Ingestion(SettingsStore settings, EventTypes types, EventStore events, Resolver resolver, Aggregator aggregator,
              java.time.Clock clock) {
        this.clock = clock;
        this.settings = settings;
        this.types = types;
        this.events = events;
        this.resolver = resolver;
        this.aggregator = aggregator;
    }

    /** A parsed event, or why it was refused. */
    private record Parsed(int index, TrackedEvent event, List<FieldViolation> warnings, QuanyuException refusal) {
    }

    public List<EventResult> ingest(TenantDatabase db, Quotas quotas, String actor, JsonNode batch) {
        if (batch == null || !batch.isArray()) {
            throw QuanyuException.invalid(List.of(new FieldViolation("/events", "type", "must be an array of events")));
        }
        if (batch.size() > MAX_BATCH) {
            throw new QuanyuException(ErrorCode.EVENT_BATCH_TOO_LARGE, Map.of("limit", MAX_BATCH));
        }
        Customer360Settings tenantSettings = settings.get(db);
        IdentityTypes identityTypes = tenantSettings.types();
        Map<String, EventTypes.Definition> declared = types.all(db);
        List<Parsed> parsed = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            parsed.add(parse(i, batch.get(i), identityTypes, declared));
        }
        return store(db, quotas, actor, tenantSettings, parsed);
    }

    /**
     * Resolves each event's identities to a customer (claiming, creating or merging profiles as ingestion would)
     * without storing the events: {@code resolved} results carry the customer, refused ones why.
     */
    public List<EventResult> resolve(TenantDatabase db, Quotas quotas, String actor, JsonNode batch) {
        IdentityTypes identityTypes = settings.get(db).types();
        Map<String, EventTypes.Definition> declared = types.all(db);
        List<EventResult> out = new ArrayList<>();
        List<Parsed> ok = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Parsed p = parse(i, batch.get(i), identityTypes, declared);
            out.add(p.refusal() == null ? null : EventResult.rejected(i, p.event() == null ? null : p.event().eventId(), p.refusal()));
            if (p.refusal() == null) {
                ok.add(p);
            }
        }
        var resolution = resolver.new Batch(db, quotas, actor, identityTypes, ok.stream().map(Parsed::event).toList());
        for (Parsed p : ok) {
            try {
                out.set(p.index(), new EventResult(p.index(), p.event().eventId(), "resolved",
                        resolution.resolve(p.event()), null, null, List.of(), List.of()));
            } catch (QuanyuException e) {
                out.set(p.index(), EventResult.rejected(p.index(), p.event().eventId(), e));
            }
        }
        return out;
    }

    private List<EventResult> store(TenantDatabase db, Quotas quotas, String actor, Customer360Settings tenantSettings,
                                    List<Parsed> parsed) {
        IdentityTypes identityTypes = tenantSettings.types();
        EventResult[] results = new EventResult[parsed.size()];
        Map<String, Document> known = existing(db, parsed);
        Set<String> seen = new HashSet<>();
        List<Parsed> fresh = new ArrayList<>();
        for (Parsed p : parsed) {
            if (p.refusal() != null) {
                results[p.index()] = EventResult.rejected(p.index(), p.event() == null ? null : p.event().eventId(), p.refusal());
            } else if (known.containsKey(p.event().eventId()) || !seen.add(p.event().eventId())) {
                Document stored = known.get(p.event().eventId());
                results[p.index()] = EventResult.duplicate(p.index(), p.event().eventId(), stored == null ? null : stored.getString("customerId"));
            } else {
                fresh.add(p);
            }
        }
        var resolution = resolver.new Batch(db, quotas, actor, identityTypes, fresh.stream().map(Parsed::event).toList());
        List<TrackedEvent> firstPass = new ArrayList<>();
        for (Parsed p : fresh) {
            try {
                firstPass.add(p.event().withCustomer(resolution.resolve(p.event())));
            } catch (QuanyuException e) {
                results[p.index()] = EventResult.rejected(p.index(), p.event().eventId(), e);
            }
        }
        List<TrackedEvent> resolved = firstPass.stream().map(e -> e.withCustomer(resolution.current(e.customerId()))).toList();
        write(db, tenantSettings, fresh, resolved, results);
        answerRepeatsInTheBatch(results);
        return List.of(results);
    }

    /** An event id repeated in one batch is a duplicate of its first occurrence, and belongs to the same customer. */
    private static void answerRepeatsInTheBatch(EventResult[] results) {
        Map<String, String> customers = new HashMap<>();
        for (EventResult r : results) {
            if (r.customerId() != null) {
                customers.putIfAbsent(r.eventId(), r.customerId());
            }
        }
        for (int i = 0; i < results.length; i++) {
            EventResult r = results[i];
            if ("duplicate".equals(r.status()) && r.customerId() == null && customers.containsKey(r.eventId())) {
                results[i] = EventResult.duplicate(r.index(), r.eventId(), customers.get(r.eventId()));
            }
        }
    }

    /** Opens the batch, stores its events, answers them, applies their aggregates and closes the batch. */
    private void write(TenantDatabase db, Customer360Settings tenantSettings, List<Parsed> fresh, List<TrackedEvent> resolved,
                       EventResult[] results) {
        if (resolved.isEmpty()) {
            return;
        }
        String batch = batches.open(db, resolved.stream().map(TrackedEvent::eventId).toList());
        Set<String> raced = events.insert(db, resolved);
        Map<String, TrackedEvent> byId = new LinkedHashMap<>();
        resolved.forEach(e -> byId.put(e.eventId(), e));
        for (Parsed p : fresh) {
            TrackedEvent e = byId.get(p.event().eventId());
            if (e != null) {
                results[p.index()] = raced.contains(e.eventId()) ? EventResult.duplicate(p.index(), e.eventId(), e.customerId())
                        : EventResult.stored(p.index(), e.eventId(), e.customerId(), p.warnings());
            }
        }
        aggregator.apply(db, tenantSettings, resolved.stream().filter(e -> !raced.contains(e.eventId())).toList());
        batches.close(db, batch);
    }

    /** The batch's events that are stored already, with their customer and whether they were applied. */
    private Map<String, Document> existing(TenantDatabase db, List<Parsed> parsed) {
        List<String> ids = parsed.stream().filter(p -> p.event() != null).map(p -> p.event().eventId()).toList();
        Map<String, Document> out = new HashMap<>();
        if (!ids.isEmpty()) {
            events.events(db).find(com.mongodb.client.model.Filters.in("_id", ids))
                    .projection(new Document("customerId", 1)).forEach(d -> out.put(d.getString("_id"), d));
        }
        return out;
    }

    /**
     * Finishes what a crash interrupted (any node may run it): batches opened more than {@code minAge} ago and never
     * closed have their events applied again (each is counted once) and are closed; returns how many events.
     */
    public int sweep(TenantDatabase db, int limit, java.time.Duration minAge) {
        int applied = 0;
        Customer360Settings tenantSettings = settings.get(db);
        for (Document batch : batches.open(db, Instant.now().minus(minAge), limit)) {
            List<TrackedEvent> stored = events.byIds(db, batch.getList("events", String.class));
            aggregator.apply(db, tenantSettings, stored);
            batches.close(db, batch.getString("_id"));
            applied += stored.size();
        }
        return applied;
    }

    private Parsed parse(int index, JsonNode node, IdentityTypes identityTypes, Map<String, EventTypes.Definition> declared) {
        String base = "/events/" + index;
        List<FieldViolation> violations = new ArrayList<>();
        if (node == null || !node.isObject()) {
            return new Parsed(index, null, List.of(), QuanyuException.invalid(List.of(new FieldViolation(base, "type", "must be an object"))));
        }
        String eventId = text(node, "eventId", EVENT_ID, base, violations);
        String type = text(node, "type", TYPE, base, violations);
        if (type != null && type.startsWith(RESERVED_PREFIX)) {
            violations.add(new FieldViolation(base + "/type", "reserved",
                    "types beginning with '" + RESERVED_PREFIX + "' are the platform's (profile changes)"));
        }
        Instant time = time(node.get("time"), base + "/time", violations);
        String channel = node.path("channel").isString() ? node.path("channel").asString() : null;
        List<Identity> identities = identityTypes.read(node.get("identities"), base + "/identities", violations);
        if (identities.isEmpty() && violations.stream().noneMatch(v -> v.pointer().startsWith(base + "/identities"))) {
            violations.add(new FieldViolation(base + "/identities", "required", "at least one identity is needed"));
        }
        JsonNode props = node.get("properties");
        if (props != null && !props.isNull() && !props.isObject()) {
            violations.add(new FieldViolation(base + "/properties", "type", "must be an object"));
        }
        ObjectNode properties = props != null && props.isObject() ? (ObjectNode) props : tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        List<FieldViolation> schema = type == null ? List.of() : EventTypes.check(declared, type, properties, base + "/properties");
        if (EventTypes.strict(declared, type)) {
            violations.addAll(schema);
        }
        if (violations.isEmpty() && time.isAfter(clock.instant().plus(FUTURE_TOLERANCE))) {
            return new Parsed(index, new TrackedEvent(eventId, "", Instant.EPOCH, null, List.of(), properties, null), List.of(),
                    new QuanyuException(ErrorCode.EVENT_TIME_IN_FUTURE, Map.of("eventId", eventId, "time", time.toString(),
                            "tolerance", FUTURE_TOLERANCE.toMinutes()), List.of(new FieldViolation(base + "/time", "future",
                            "is more than " + FUTURE_TOLERANCE.toMinutes() + " minutes ahead of the server's clock")), null));
        }
        if (!violations.isEmpty()) {
            TrackedEvent partial = eventId == null ? null : new TrackedEvent(eventId, "", Instant.EPOCH, null, List.of(), properties, null);
            return new Parsed(index, partial, List.of(), EventTypes.invalid(String.valueOf(eventId), violations));
        }
        return new Parsed(index, new TrackedEvent(eventId, type, time, channel, identities, properties, null),
                EventTypes.strict(declared, type) ? List.of() : schema, null);
    }

    private static String text(JsonNode node, String field, Pattern pattern, String base, List<FieldViolation> violations) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || !pattern.matcher(value.asString()).matches()) {
            violations.add(new FieldViolation(base + "/" + field, value == null ? "required" : "pattern",
                    value == null ? "is required" : "must match " + pattern.pattern()));
            return null;
        }
        return value.asString();
    }

    private static Instant time(JsonNode value, String at, List<FieldViolation> violations) {
        if (value == null || !value.isString()) {
            violations.add(new FieldViolation(at, "required", "an ISO-8601 time with offset is required"));
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value.asString()).toInstant();
        } catch (DateTimeParseException e) {
            violations.add(new FieldViolation(at, "format", "is not an ISO-8601 time with offset"));
            return null;
        }
    }
}

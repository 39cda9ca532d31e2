package io.quanyu.segments;

import io.quanyu.conditions.Condition;
import io.quanyu.conditions.Conditions;
import io.quanyu.conditions.Verdict;
import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.customer360.Customer360;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The guarded service of segments that every surface calls: definitions (read by every tenant user, changed by
 * administrators and builders), members, counts, a customer's segments, why a customer is in or out, and an estimate
 * of a rule's size while it is being written.
 */
public final class Segments {
    /** Most profiles an estimate reads. */
    public static final int MAX_SAMPLE = 20_000;
    /** The most days one history answer covers. */
    public static final int MAX_HISTORY_DAYS = 366;
    private final MongoTenantDatabases databases;
    private final SegmentEngine engine;
    private final Customer360 customers;
    private final Clock clock;
    private final @Nullable SegmentIndexer indexer;

    public Segments(MongoTenantDatabases databases, SegmentEngine engine, Customer360 customers, Clock clock) {
        this(databases, engine, customers, clock, null);
    }

    /**
     * With {@code indexer}, sizes and history come from the segment index (the same time at any size;
     * they trail the memberships by about a second); without one, sizes come from the memberships and there is no history.
     */
    public Segments(MongoTenantDatabases databases, SegmentEngine engine, Customer360 customers, Clock clock,
                    @Nullable SegmentIndexer indexer) {
        this.databases = databases;
        this.engine = engine;
        this.customers = customers;
        this.clock = clock;
        this.indexer = indexer;
    }

    private TenantDatabase db(CallContext call, TenantAccess access) {
        return databases.forCall(call.require(access));
    }

    public List<Segment> list(CallContext call) {
        return engine.store.list(db(call, TenantAccess.READ));
    }

    public Segment get(CallContext call, String key) {
        return find(db(call, TenantAccess.READ), key);
    }

    /**
     * Creates or edits a segment from {@code {names, description, rule}}; every mistake is reported at once and
     * nothing is written. The new version is then evaluated over every profile (its backfill), while events keep
     * membership current.
     */
    public Segment put(CallContext call, String key, JsonNode body) {
        TenantDatabase db = db(call, TenantAccess.CHANGE_MODEL);
        Condition rule = wellFormed(body == null ? null : body.get("rule"));
        if (rule != null) {
            readable(call, db, rule, "/rule");
        }
        Segment segment = engine.store.put(db, key, body, call.actor(), clock.instant(),
                (version, created) -> engine.startBackfill(call.tenant(), key, version, created));
        engine.forget(call.tenant());
        return segment;
    }

    /** Deletes a segment and its memberships; refused while another segment reads it. */
    public void delete(CallContext call, String key) {
        TenantDatabase db = db(call, TenantAccess.CHANGE_MODEL);
        if (!engine.store.delete(db, key)) {
            throw notFound(key);
        }
        engine.memberships.forget(db, key);
        engine.lists.drop(db, key);
        engine.forget(call.tenant());
        if (indexer != null) {
            indexer.ready(call.tenant()).forget(call.tenant(), key);
        }
    }

    /**
     * Replaces a list segment's members with the identities of an uploaded CSV ({@link ListUpload}): identities that
     * join and leave are written, and the customers who own them are evaluated again at once on the scheduler; an
     * identity nobody owns yet makes its customer a member when one appears. {@code SEGMENT_NOT_A_LIST} for a rule
     * segment; {@code REQUEST_VALIDATION_FAILED} naming every bad line, with nothing changed.
     */
    public Uploaded upload(CallContext call, String key, @Nullable String identityType, java.io.Reader csv) {
        TenantDatabase db = db(call, TenantAccess.WRITE_DATA);
        Segment segment = find(db, key);
        if (!segment.isList()) {
            throw new QuanyuException(ErrorCode.SEGMENT_NOT_A_LIST, Map.of("segment", key));
        }
        Set<String> keys = ListUpload.read(csv, identityType, customers.identityTypes(db));
        SegmentLists.Change change = engine.lists.replace(db, key, keys);
        Set<String> touched = new java.util.LinkedHashSet<>(change.added());
        touched.addAll(change.removed());
        Set<String> affected = new java.util.TreeSet<>(customers.owners(db, touched).values());
        engine.reevaluate(call.tenant(), segment, affected);
        long owned = customers.owners(db, keys).size();
        return new Uploaded(key, keys.size(), change.added().size(), change.removed().size(), owned, affected.size());
    }

    /**
     * What an upload did: the identities now on the list, those that joined and left it, how many of the list's
     * identities belong to a customer now, and how many customers are being evaluated again.
     */
    public record Uploaded(String segment, long identities, long added, long removed, long owned, long reevaluated) {
    }

    /**
     * Writes the members as CSV (UTF-8, RFC 4180): {@code customerId, enteredAt, phone, email}, in customer id order,
     * read a page at a time. The writer is flushed, not closed (it is the caller's).
     */
    public void export(CallContext call, String key, java.io.Writer out) throws java.io.IOException {
        TenantDatabase db = db(call, TenantAccess.READ);
        find(db, key);
        var printer = new org.apache.commons.csv.CSVPrinter(out, org.apache.commons.csv.CSVFormat.RFC4180);
        printer.printRecord("customerId", "enteredAt", "phone", "email");
        String after = null;
        while (true) {
            List<Membership> page = engine.memberships.members(db, key, after, 1_000);
            for (Membership m : page) {
                List<String> identities = customers.identityKeys(db, m.customer());
                printer.printRecord(m.customer(), m.enteredAt() == null ? "" : m.enteredAt().toString(),
                        first(identities, "phone"), first(identities, "email"));
            }
            if (page.size() < 1_000) {
                printer.flush();
                return;
            }
            after = page.getLast().customer();
        }
    }

    private static String first(List<String> identityKeys, String type) {
        return identityKeys.stream().filter(k -> k.startsWith(type + "|")).map(k -> k.substring(k.lastIndexOf('|') + 1))
                .findFirst().orElse("");
    }

    /** Each segment's member count, by key (one read for all; a segment without members counts 0). */
    public Map<String, Long> counts(CallContext call) {
        TenantDatabase db = db(call, TenantAccess.READ);
        if (indexer == null) {
            return engine.memberships.counts(db);
        }
        return indexer.ready(call.tenant()).counts(call.tenant(), Memberships.generations(engine.store.list(db)));
    }

    public long count(CallContext call, String key) {
        TenantDatabase db = db(call, TenantAccess.READ);
        Segment segment = find(db, key);
        return indexer == null ? engine.memberships.count(db, key)
                : indexer.ready(call.tenant()).count(call.tenant(), key, Memberships.generation(segment));
    }

    /**
     * Members in customer id order after {@code after}, at most {@code limit} (1 to 1,000), from the memberships
     * themselves: a page is exact the moment a membership changes (a broadcast or the builder's list right after a
     * backfill sees it), where the segment index trails by a second.
     */
    public List<Membership> members(CallContext call, String key, @Nullable String after, int limit) {
        TenantDatabase db = db(call, TenantAccess.READ);
        find(db, key);
        return engine.memberships.members(db, key, after, Math.clamp(limit, 1, 1_000));
    }

    /**
     * {@link #history(CallContext, String, java.time.ZoneId, java.time.LocalDate, java.time.LocalDate)} from request
     * text, as REST and GraphQL take it: {@code zone} an IANA zone (default UTC), {@code from} and {@code to} ISO dates
     * (default: the 30 days up to today in the zone); a malformed one is refused naming it.
     */
    public List<SegmentIndex.Day> history(CallContext call, String key, @Nullable String zone, @Nullable String from,
                                          @Nullable String to) {
        List<io.quanyu.core.error.FieldViolation> violations = new java.util.ArrayList<>();
        java.time.ZoneId z = java.time.ZoneOffset.UTC;
        if (zone != null && !zone.isBlank()) {
            try {
                z = java.time.ZoneId.of(zone);
            } catch (java.time.DateTimeException e) {
                violations.add(new io.quanyu.core.error.FieldViolation("/zone", "zone", "is not a time zone (such as Asia/Shanghai)"));
            }
        }
        java.time.LocalDate end = date(to, "/to", violations);
        java.time.LocalDate start = date(from, "/from", violations);
        if (!violations.isEmpty()) {
            throw QuanyuException.invalid(violations);
        }
        end = end != null ? end : java.time.LocalDate.now(clock.withZone(z));
        start = start != null ? start : end.minusDays(29);
        return history(call, key, z, start, end);
    }

    private static java.time.LocalDate date(@Nullable String text, String pointer, List<io.quanyu.core.error.FieldViolation> violations) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            violations.add(new io.quanyu.core.error.FieldViolation(pointer, "date", "is not a date (such as 2026-12-01)"));
            return null;
        }
    }

    /**
     * Entries and exits of the segment per day of {@code zone}, from {@code from} to {@code to} (both included, at
     * most {@value #MAX_HISTORY_DAYS} days), every day listed; {@code DEPENDENCY_UNAVAILABLE} without a segment index.
     */
    public List<SegmentIndex.Day> history(CallContext call, String key, java.time.ZoneId zone, java.time.LocalDate from,
                                          java.time.LocalDate to) {
        TenantDatabase db = db(call, TenantAccess.READ);
        Segment segment = find(db, key);
        if (to.isBefore(from) || java.time.temporal.ChronoUnit.DAYS.between(from, to) >= MAX_HISTORY_DAYS) {
            throw QuanyuException.invalid(List.of(new io.quanyu.core.error.FieldViolation("/to", "range",
                    "must not be before from, and a history covers at most " + MAX_HISTORY_DAYS + " days")));
        }
        if (indexer == null) {
            throw new QuanyuException(ErrorCode.DEPENDENCY_UNAVAILABLE, Map.of("dependency", "Search"));
        }
        return indexer.ready(call.tenant()).history(call.tenant(), key, Memberships.generation(segment), zone, from, to);
    }

    /** The customer's memberships, current and past. */
    public List<Membership> ofCustomer(CallContext call, String customer) {
        return engine.memberships.history(db(call, TenantAccess.READ), customer);
    }

    /** Why the customer is in or out of the segment: the rule evaluated on their facts now, leaf by leaf. */
    public Explained explain(CallContext call, String key, String customer) {
        TenantDatabase db = db(call, TenantAccess.READ);
        Segment segment = find(db, key);
        readable(call, db, segment.condition(), "/rule");
        Verdict verdict = verdict(db, customer, segment.condition(), null).orElseThrow(() ->
                new QuanyuException(ErrorCode.CUSTOMER_NOT_FOUND, Map.of("customer", customer)));
        boolean member = engine.memberships.find(db, key, customer).map(Membership::member).orElse(false);
        return new Explained(key, customer, member, verdict);
    }

    /**
     * A rule's verdict on the customer's facts now, read as a segment's rule reads them (their segments, uploaded
     * lists and behaviour included): for a journey's condition. Empty when the customer has no live profile.
     */
    public java.util.Optional<Verdict> verdict(CallContext call, String customer, Condition condition) {
        return verdict(call, customer, condition, null);
    }

    /** As {@link #verdict(CallContext, String, Condition)}, with {@code event} (when given) at the facts' {@code event}. */
    public java.util.Optional<Verdict> verdict(CallContext call, String customer, Condition condition,
                                               tools.jackson.databind.@org.jspecify.annotations.Nullable JsonNode event) {
        TenantDatabase db = db(call, TenantAccess.READ);
        readable(call, db, condition, "/rule");
        return verdict(db, customer, condition, event);
    }

    private java.util.Optional<Verdict> verdict(TenantDatabase db, String customer, Condition condition,
                                                tools.jackson.databind.@org.jspecify.annotations.Nullable JsonNode event) {
        return customers.liveFacts(db, customer).map(facts -> {
            Instant now = clock.instant();
            ObjectNode document = engine.complete(db, facts, Map.of(customer, engine.memberships.of(db, customer)),
                    condition, now);
            if (event != null) {
                document.set("event", event);
            }
            return condition.explain(document, now);
        });
    }

    /** A segment's membership of one customer and the rule's verdict on their facts now (they agree once applied). */
    public record Explained(String segment, String customer, boolean member, Verdict verdict) {
    }

    /**
     * How many profiles a rule matches: exact when the tenant has at most {@code sample} live profiles, otherwise
     * estimated from the first {@code sample} in id order.
     */
    public Estimate estimate(CallContext call, JsonNode rule, int sample) {
        TenantDatabase db = db(call, TenantAccess.READ);
        Condition condition = Conditions.parse(rule);
        readable(call, db, condition, "/rule");
        int limit = Math.clamp(sample, 1, MAX_SAMPLE);
        Instant now = clock.instant();
        long[] matched = {0};
        long[] scanned = {0};
        customers.factsPages(db, null, Math.min(SegmentEngine.PAGE * 5, limit), read -> {
            List<Customer360.Facts> page = read.subList(0, (int) Math.min(read.size(), limit - scanned[0]));
            for (ObjectNode document : engine.completed(db, page, condition, now)) {
                matched[0] += condition.matches(document, now) ? 1 : 0;
            }
            scanned[0] += page.size();
            return scanned[0] < limit;
        });
        long total = customers.liveProfiles(db);
        boolean exact = scanned[0] >= total;
        long estimate = exact ? matched[0] : scanned[0] == 0 ? 0 : Math.round((double) matched[0] * total / scanned[0]);
        return new Estimate(estimate, exact, matched[0], scanned[0], total);
    }

    /** A rule's size: {@code count} (exact, or estimated from {@code matched} of {@code scanned} of {@code total}). */
    public record Estimate(long count, boolean exact, long matched, long scanned, long total) {
    }

    /** The rule, or null when it is absent or malformed (the store reports that with the definition's other problems). */
    private static @Nullable Condition wellFormed(@Nullable JsonNode rule) {
        if (rule == null || !rule.isObject()) {
            return null;
        }
        try {
            return Conditions.parse(rule);
        } catch (QuanyuException e) {
            return null;
        }
    }

    /**
     * Refuses a rule that reads a customer field the caller may not read ({@code record.<field>} with read roles the
     * call lacks), as a records filter on it is refused: the rule's count and explanation would tell its values.
     */
    private void readable(CallContext call, TenantDatabase db, Condition condition, String pointer) {
        String prefix = Customer360.RECORD + ".";
        List<String> fields = condition.fields().stream().filter(f -> f.startsWith(prefix)).toList();
        if (fields.isEmpty()) {
            return;
        }
        Set<String> hidden = customers.unreadableRecordFields(db, call.roleNames());
        List<io.quanyu.core.error.FieldViolation> violations = new java.util.ArrayList<>();
        for (String field : fields) {
            String name = field.substring(prefix.length()).split("\\.", 2)[0];
            if (hidden.contains(name)) {
                violations.add(new io.quanyu.core.error.FieldViolation(pointer, "unknownField", "no customer field named " + name));
            }
        }
        if (!violations.isEmpty()) {
            throw QuanyuException.invalid(violations);
        }
    }

    private Segment find(TenantDatabase db, String key) {
        return engine.store.find(db, key).orElseThrow(() -> notFound(key));
    }

    private static QuanyuException notFound(String key) {
        return new QuanyuException(ErrorCode.SEGMENT_NOT_FOUND, Map.of("segment", String.valueOf(key)));
    }
}

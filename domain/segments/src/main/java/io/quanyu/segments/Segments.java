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
    private final MongoTenantDatabases databases;
    private final SegmentEngine engine;
    private final Customer360 customers;
    private final Clock clock;

    public Segments(MongoTenantDatabases databases, SegmentEngine engine, Customer360 customers, Clock clock) {
        this.databases = databases;
        this.engine = engine;
        this.customers = customers;
        this.clock = clock;
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
        Segment segment = engine.store.put(db(call, TenantAccess.CHANGE_MODEL), key, body, call.actor(), clock.instant(),
                version -> engine.startBackfill(call.tenant(), key, version));
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
        engine.forget(call.tenant());
    }

    /** Each segment's member count, by key (one read for all; a segment without members counts 0). */
    public Map<String, Long> counts(CallContext call) {
        return engine.memberships.counts(db(call, TenantAccess.READ));
    }

    public long count(CallContext call, String key) {
        TenantDatabase db = db(call, TenantAccess.READ);
        find(db, key);
        return engine.memberships.count(db, key);
    }

    /** Members in customer id order after {@code after}, at most {@code limit} (1 to 1,000). */
    public List<Membership> members(CallContext call, String key, @Nullable String after, int limit) {
        TenantDatabase db = db(call, TenantAccess.READ);
        find(db, key);
        return engine.memberships.members(db, key, after, Math.clamp(limit, 1, 1_000));
    }

    /** The customer's memberships, current and past. */
    public List<Membership> ofCustomer(CallContext call, String customer) {
        return engine.memberships.history(db(call, TenantAccess.READ), customer);
    }

    /** Why the customer is in or out of the segment: the rule evaluated on their facts now, leaf by leaf. */
    public Explained explain(CallContext call, String key, String customer) {
        TenantDatabase db = db(call, TenantAccess.READ);
        Segment segment = find(db, key);
        Customer360.Facts facts = customers.liveFacts(db, customer).orElseThrow(() ->
                new QuanyuException(ErrorCode.CUSTOMER_NOT_FOUND, Map.of("customer", customer)));
        Instant now = clock.instant();
        ObjectNode document = engine.complete(db, facts, Map.of(customer, engine.memberships.of(db, customer)),
                segment.condition().behaviors(), now);
        boolean member = engine.memberships.find(db, key, customer).map(Membership::member).orElse(false);
        return new Explained(key, customer, member, segment.condition().explain(document, now));
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
        int limit = Math.clamp(sample, 1, MAX_SAMPLE);
        Instant now = clock.instant();
        long matched = 0;
        long scanned = 0;
        String after = null;
        while (scanned < limit) {
            List<Customer360.Facts> page = customers.factsPage(db, after, (int) Math.min(SegmentEngine.PAGE * 5L, limit - scanned));
            if (page.isEmpty()) {
                break;
            }
            Map<String, Set<String>> in = engine.memberships.ofAll(db, page.stream().map(Customer360.Facts::customer).toList());
            for (Customer360.Facts profile : page) {
                if (condition.matches(engine.complete(db, profile, in, condition.behaviors(), now), now)) {
                    matched++;
                }
            }
            scanned += page.size();
            after = page.getLast().customer();
        }
        long total = customers.liveProfiles(db);
        boolean exact = scanned >= total;
        long estimate = exact ? matched : scanned == 0 ? 0 : Math.round((double) matched * total / scanned);
        return new Estimate(estimate, exact, matched, scanned, total);
    }

    /** A rule's size: {@code count} (exact, or estimated from {@code matched} of {@code scanned} of {@code total}). */
    public record Estimate(long count, boolean exact, long matched, long scanned, long total) {
    }

    private Segment find(TenantDatabase db, String key) {
        return engine.store.find(db, key).orElseThrow(() -> notFound(key));
    }

    private static QuanyuException notFound(String key) {
        return new QuanyuException(ErrorCode.SEGMENT_NOT_FOUND, Map.of("segment", String.valueOf(key)));
    }
}

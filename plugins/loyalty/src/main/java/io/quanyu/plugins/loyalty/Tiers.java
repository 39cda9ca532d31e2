package io.quanyu.plugins.loyalty;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.task.TaskHandler;
import io.quanyu.plugin.sdk.task.TaskRequest;
import io.quanyu.plugin.sdk.task.TaskResult;
import org.jspecify.annotations.Nullable;
import org.pf4j.Extension;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Member tiers of a program ({@code tiers}: each a key, a name, the {@code threshold} that qualifies for it and an
 * earning {@code multiplier}; the lowest threshold is the tier every member starts in). A member qualifies by what
 * they did inside a window ({@code tierWindow}: the last 12 months, or the calendar year so far, in the program's time
 * zone): the points they earned ({@code tierBasis: points}, earnings reversed since not counted) or what their orders
 * came to ({@code spend}).
 * <ul>
 *   <li>an <b>upgrade</b> is immediate: the moment an earning qualifies for a higher tier, the member holds it until
 *   the end of the following calendar year ({@code calendarYear}) or for 12 months ({@code rolling12});
 *   qualifying for the same tier again extends it;</li>
 *   <li>a <b>downgrade</b> only happens when that time is over, after {@code graceDays} more: the member then holds
 *   the tier the window that ended, or the grace days, qualify for, whichever is higher.</li>
 * </ul>
 * A tier may give a coupon of the coupons plugin when a member reaches it ({@code coupon}, a template's key).
 * The decision is a function of the ledger, the policy and the time ({@link #decide}); the member's tier and balance
 * are put on the profile as facts ({@code plugins.loyalty.tier_<program>}, {@code points_<program>}) for segments and
 * journeys, and a {@code tier.changed} event goes to the timeline.
 */
public final class Tiers {
    static final String REVIEW_TASK = "reviewTier";
    static final String ROLLING = "rolling12";
    static final String CALENDAR = "calendarYear";

    private Tiers() {
    }

    /** A tier of the policy; {@code coupon}: the coupon template whose coupon a member gets on reaching it, if any. */
    record Tier(String key, String name, BigDecimal threshold, BigDecimal multiplier, @Nullable String coupon) {
        Tier(String key, String name, BigDecimal threshold, BigDecimal multiplier) {
            this(key, name, threshold, multiplier, null);
        }
    }

    /** How a program's tiers are earned. */
    record Policy(List<Tier> tiers, String basis, String window, int graceDays, ZoneId zone) {
        Policy {
            tiers = tiers.stream().sorted(Comparator.comparing(Tier::threshold)).toList();
        }

        static @Nullable Policy of(Map<String, Object> program) {
            if (!(program.get("tiers") instanceof List<?> list) || list.isEmpty()) {
                return null;
            }
            List<Tier> tiers = new ArrayList<>();
            for (Object item : list) {
                if (item instanceof Map<?, ?> t) {
                    tiers.add(new Tier(String.valueOf(t.get("key")), String.valueOf(t.get("name") == null ? t.get("key") : t.get("name")),
                            decimal(t.get("threshold"), BigDecimal.ZERO), decimal(t.get("multiplier"), BigDecimal.ONE),
                            t.get("coupon") == null ? null : String.valueOf(t.get("coupon"))));
                }
            }
            return new Policy(tiers, String.valueOf(program.getOrDefault("tierBasis", "points")),
                    String.valueOf(program.getOrDefault("tierWindow", ROLLING)), (int) Ledger.number(program.get("graceDays")),
                    Programs.zone(program));
        }

        Tier base() {
            return tiers.getFirst();
        }

        int rank(@Nullable String key) {
            for (int i = 0; i < tiers.size(); i++) {
                if (tiers.get(i).key().equals(key)) {
                    return i;
                }
            }
            return 0; // a tier the policy no longer has counts as the base
        }

        Tier tier(@Nullable String key) {
            return tiers.get(rank(key));
        }

        /** The highest tier {@code value} qualifies for. */
        Tier qualified(BigDecimal value) {
            Tier out = base();
            for (Tier t : tiers) {
                if (value.compareTo(t.threshold()) >= 0) {
                    out = t;
                }
            }
            return out;
        }

        /** Where the window ending at {@code at} begins (inclusive). */
        Instant windowStart(Instant at) {
            return CALENDAR.equals(window) ? LocalDate.ofInstant(at, zone).withDayOfYear(1).atStartOfDay(zone).toInstant()
                    : at.atZone(zone).minusMonths(12).toInstant();
        }

        /** Until when a tier qualified for at {@code at} is held. */
        Instant heldUntil(Instant at) {
            return CALENDAR.equals(window) ? LocalDate.ofInstant(at, zone).withDayOfYear(1).plusYears(2).atStartOfDay(zone).toInstant()
                    : at.atZone(zone).plusMonths(12).toInstant();
        }
    }

    /** What counts for a tier: an earning's time and its points or spend. */
    record Qualifying(Instant at, BigDecimal value) {
    }

    /** A member's tier and until when it is held ({@code null}: the base tier, held for ever). */
    record State(String tier, @Nullable Instant since, @Nullable Instant until) {
    }

    private static BigDecimal decimal(@Nullable Object value, BigDecimal otherwise) {
        return value == null ? otherwise : new BigDecimal(String.valueOf(value));
    }

    /** The sum of what counts inside the window that ends at {@code end} (inclusive) and begins where the policy says. */
    static BigDecimal sum(Policy policy, List<Qualifying> history, Instant end) {
        Instant start = policy.windowStart(end);
        return history.stream().filter(q -> !q.at().isBefore(start) && !q.at().isAfter(end)).map(Qualifying::value)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /**
     * The member's tier at {@code now}, from their history, their tier so far, and the policy: the higher tier of an
     * upgrade at once, the same tier held longer when it is qualified for again, and, once the time held and the grace
     * days are over, the tier the ended window or the grace days qualify for. Deterministic.
     */
    static State decide(Policy policy, List<Qualifying> history, State current, Instant now) {
        Tier held = policy.tier(current.tier());
        Tier qualified = policy.qualified(sum(policy, history, now));
        int rank = policy.rank(held.key());
        if (current.until() != null && !now.isBefore(current.until().plus(Duration.ofDays(policy.graceDays())))) {
            Tier ended = policy.qualified(sum(policy, history, current.until().minusNanos(1)));
            Tier next = policy.rank(ended.key()) >= policy.rank(qualified.key()) ? ended : qualified;
            if (policy.rank(next.key()) >= rank) { // qualified again, in the window or the grace days
                return new State(held.key(), current.since(), policy.heldUntil(now));
            }
            return next == policy.base() ? new State(next.key(), now, null) : new State(next.key(), now, policy.heldUntil(now));
        }
        if (policy.rank(qualified.key()) > rank) {
            return new State(qualified.key(), now, policy.heldUntil(now));
        }
        if (policy.rank(qualified.key()) == rank && rank > 0) {
            Instant until = policy.heldUntil(now);
            return new State(held.key(), current.since(), current.until() == null || until.isAfter(current.until()) ? until
                    : current.until());
        }
        return new State(held.key(), current.since(), current.until());
    }

    /** The member's earnings as they count for the policy, over the longest window a decision reads. */
    static List<Qualifying> history(Records records, Policy policy, String program, String customer, Instant now) {
        Instant from = policy.windowStart(policy.windowStart(now)).minus(Duration.ofDays(policy.graceDays() + 400));
        List<Qualifying> out = new ArrayList<>();
        for (Map<String, Object> entry : Ledger.everything(records, Ledger.ENTRY, Ledger.all(Ledger.eq("program", program),
                Ledger.eq("customerId", customer), Ledger.eq("kind", Ledger.EARN), Ledger.eq("status", "done"),
                Map.of("field", "at", "op", "gte", "value", from.toString())))) {
            if (entry.get("reversedBy") != null) {
                continue;
            }
            BigDecimal value = "spend".equals(policy.basis()) ? decimal(entry.get("spend"), BigDecimal.ZERO)
                    : BigDecimal.valueOf(Ledger.number(entry.get("amount")));
            out.add(new Qualifying(Instant.parse(String.valueOf(entry.get("at"))), value));
        }
        return out;
    }

    static State state(Map<String, Object> account, Policy policy) {
        return new State(account.get("tier") == null ? policy.base().key() : String.valueOf(account.get("tier")),
                instant(account.get("tierSince")), instant(account.get("tierUntil")));
    }

    private static @Nullable Instant instant(@Nullable Object value) {
        return value == null ? null : Instant.parse(String.valueOf(value));
    }

    /** {@code points} times the member's tier multiplier, rounded down. */
    static long multiplied(PluginContext context, Map<String, Object> program, String customer, long points) {
        Policy policy = Policy.of(program);
        if (policy == null || points == 0) {
            return points;
        }
        Map<String, Object> account = Ledger.account(context.records(), String.valueOf(program.get("key")), customer);
        BigDecimal multiplier = policy.tier(state(account, policy).tier()).multiplier();
        return BigDecimal.valueOf(points).multiply(multiplier).setScale(0, RoundingMode.FLOOR).longValue();
    }

    /**
     * Decides the member's tier now and keeps it: on the account, on the profile's facts, as a {@code tier.changed}
     * event when it moved, and with a review task at the end of the time it is held (and its grace days).
     */
    static State evaluate(PluginContext context, Map<String, Object> program, String customer) {
        Records records = context.records();
        String programKey = String.valueOf(program.get("key"));
        Policy policy = Policy.of(program);
        if (policy == null) {
            return new State("", null, null);
        }
        Map<String, Object> account = Ledger.account(records, programKey, customer);
        Instant now = context.now();
        while (true) {
            State before = state(account, policy);
            State after = decide(policy, history(records, policy, programKey, customer, now), before, now);
            if (after.equals(before) && account.get("tier") != null
                    || save(context, policy, programKey, customer, account, before, after)) {
                return after;
            }
            account = records.get(Ledger.ACCOUNT, Ledger.id(account)).orElseThrow(); // decided by another call meanwhile
        }
    }

    /**
     * Puts the member in {@code tierKey} now, held as an earned tier is (from now, for the policy's time); with
     * {@code onlyUp}, a tier no higher than the one held changes nothing.
     */
    static State grant(PluginContext context, Map<String, Object> program, String customer, String tierKey, boolean onlyUp) {
        Policy policy = java.util.Objects.requireNonNull(Policy.of(program));
        String programKey = String.valueOf(program.get("key"));
        Instant now = context.now();
        while (true) {
            Map<String, Object> account = Ledger.account(context.records(), programKey, customer);
            State before = state(account, policy);
            if (onlyUp && policy.rank(tierKey) <= policy.rank(before.tier()) || tierKey.equals(before.tier())) {
                return before;
            }
            State after = policy.rank(tierKey) == 0 ? new State(tierKey, now, null) : new State(tierKey, now, policy.heldUntil(now));
            if (save(context, policy, programKey, customer, account, before, after)) {
                return after;
            }
        }
    }

    /**
     * Keeps a decided tier on the account (if it is still at the version read), the profile's facts and the timeline,
     * and schedules its review; false when another call changed the account meanwhile.
     */
    private static boolean save(PluginContext context, Policy policy, String programKey, String customer, Map<String, Object> account,
                                State before, State after) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("tier", after.tier());
        changes.put("tierSince", after.since() == null ? null : after.since().toString());
        changes.put("tierUntil", after.until() == null ? null : after.until().toString());
        try {
            context.records().update(Ledger.ACCOUNT, Ledger.id(account), Ledger.number(account.get("_version")), changes);
        } catch (io.quanyu.plugin.sdk.PluginException e) {
            if ("VERSION_CONFLICT".equals(e.code())) {
                return false;
            }
            throw e;
        }
        String task = programKey + ":" + customer;
        if (after.until() != null) {
            context.tasks().schedule(REVIEW_TASK, task, after.until().plus(Duration.ofDays(policy.graceDays())),
                    Map.of("program", programKey, "customer", customer));
        } else {
            context.tasks().cancel(REVIEW_TASK, task);
        }
        MemberFacts.tier(context, programKey, customer, after.tier());
        boolean up = policy.rank(after.tier()) > policy.rank(before.tier());
        if (!after.tier().equals(before.tier())) { // a first decision counts from the base tier
            PointsEvents.tierChanged(context, programKey, customer, before.tier(), after, up);
        }
        String coupon = policy.tier(after.tier()).coupon();
        if (up && coupon != null) { // the tier's welcome coupon, once per reaching it
            try {
                context.plugins().call("coupons", "issue", Map.of("template", coupon, "customerId", customer,
                        "key", "tier:" + programKey + ":" + customer + ":" + after.tier() + ":" + after.since()));
            } catch (io.quanyu.plugin.sdk.PluginException e) {
                context.log().info("no {} coupon for {} reaching {}: {} {}", coupon, customer, after.tier(), e.code(), e.getMessage());
            }
        }
        return true;
    }

    /** The task that reviews a member's tier when the time it is held and its grace days are over. */
    @Extension
    public static class Review implements TaskHandler {
        @Override
        public String name() {
            return REVIEW_TASK;
        }

        @Override
        public TaskResult run(TaskRequest request) {
            String program = String.valueOf(request.payload().get("program"));
            Programs.find(request.context().records(), program).ifPresent(found ->
                    evaluate(request.context(), found, String.valueOf(request.payload().get("customer"))));
            return TaskResult.done();
        }
    }
}

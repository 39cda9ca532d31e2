package io.quanyu.plugins.loyalty;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.Records;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The points ledger of a program, lot by lot:
 * <ul>
 *   <li>an <b>earn</b> first pays what the member owes (points taken back after they were spent, under the
 *   {@code negative} refund policy) and makes one lot of the rest: its amount, usable from the end of the program's
 *   pending days, expiring by the program's policy; a task expires the lot at its instant;</li>
 *   <li>a <b>spend</b> consumes usable lots, first to expire first (then the oldest), each take one guarded
 *   decrement of the lot's {@code remaining}, and records which lots gave how much; a spend the lots cannot cover is
 *   refused ({@code INSUFFICIENT_POINTS}) and what it took is given back;</li>
 *   <li>an <b>expiry</b> removes only the lot's unconsumed remainder;</li>
 *   <li>a <b>reversal</b> of an earn (a refunded order) takes back its lot's remainder; what was spent of it is
 *   refused ({@code block}), let go ({@code partial}) or owed ({@code negative}); a reversal of a spend gives each
 *   lot back what the spend took (points of a lot that expired meanwhile expire with it).</li>
 * </ul>
 * Every entry is created once under its key, so a replay answers the first outcome, and one stopped half-way is taken
 * up. The balance is never a counter: it is read from the lots (usable remainders less what is owed), and for every
 * lot {@code amount = remaining + spent + expired + reversed}.
 */
final class Ledger {
    static final String LOT = "loyaltyLot";
    static final String ENTRY = "loyaltyEntry";
    static final String ACCOUNT = "loyaltyAccount";
    static final String EXPIRE_TASK = "expireLot";
    static final String EARN = "earn";
    static final String SPEND = "spend";
    static final String EXPIRE = "expire";
    static final String REVERSE = "reverse";
    static final String OPEN = "open";
    static final String EXPIRED = "expired";
    /** How often a spend reads the lots again when other calls took from them meanwhile. */
    static final int PASSES = 20;
    /** The most records a page of the SDK's {@code find} holds. */
    static final int PAGE = 200;

    private Ledger() {
    }

    /** An entry as it ended, or the refusal's code and message. */
    record Outcome(@Nullable Map<String, Object> entry, @Nullable String code, @Nullable String message) {
        static Outcome refused(String code, String message) {
            return new Outcome(null, code, message);
        }
    }

    /** The member's balance, read from the lots at {@code now}. */
    record Balance(long available, long pending, long owed, @Nullable Instant nextExpiry, long expiringNext) {
        long balance() {
            return available - owed;
        }

        Map<String, Object> output() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("balance", balance());
            out.put("available", available);
            out.put("pending", pending);
            out.put("owed", owed);
            if (nextExpiry != null) {
                out.put("nextExpiry", nextExpiry.toString());
                out.put("expiringNext", expiringNext);
            }
            return out;
        }
    }

    static Map<String, Object> eq(String field, Object value) {
        return Map.of("field", field, "op", "eq", "value", value);
    }

    @SafeVarargs
    static Map<String, Object> all(Map<String, Object>... conditions) {
        return Map.of("and", List.of(conditions));
    }

    /** A caller's key as a record key: as given when short enough, else its SHA-256 (hex). */
    static String key(String kind, String key) {
        String full = kind + ":" + key;
        if (full.length() <= 150) {
            return full;
        }
        try {
            return kind + ":sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The entry under {@code key}, made now as {@code pending} or found: empty when it was made by a call that ended
     * (its outcome is in {@code ended}), or asked before with other values ({@code IDEMPOTENCY_KEY_REUSED}).
     */
    private static Optional<Map<String, Object>> open(PluginContext context, String kind, String key, Map<String, Object> values,
                                                      Outcome[] ended) {
        return open(context, kind, key, values, ended, Map.of());
    }

    /** As above, with {@code initial} values the outcome sets (not compared on a replay). */
    private static Optional<Map<String, Object>> open(PluginContext context, String kind, String key, Map<String, Object> values,
                                                      Outcome[] ended, Map<String, Object> initial) {
        String recordKey = key(kind, values.get("program") + ":" + key); // a caller's keys are the program's
        Map<String, Object> entry = new LinkedHashMap<>(initial);
        entry.putAll(values);
        entry.put("key", recordKey);
        entry.put("kind", kind);
        entry.put("status", "pending");
        entry.put("at", context.now().toString());
        Records.Created created = context.records().create(ENTRY, recordKey, entry);
        Map<String, Object> found = created.record();
        if (!created.created()) {
            for (String field : values.keySet()) {
                if (!String.valueOf(values.get(field)).equals(String.valueOf(found.get(field)))) {
                    ended[0] = Outcome.refused("IDEMPOTENCY_KEY_REUSED", "the key " + key + " was used for another " + kind);
                    return Optional.empty();
                }
            }
            if ("done".equals(found.get("status"))) {
                ended[0] = new Outcome(found, null, null);
                return Optional.empty();
            }
            if ("refused".equals(found.get("status"))) {
                ended[0] = Outcome.refused(String.valueOf(found.get("reason")), "refused when first asked: " + found.get("reason"));
                return Optional.empty();
            }
        }
        return Optional.of(found);
    }

    /** The program's entry of a kind made under a caller's key. */
    static Optional<Map<String, Object>> entry(Records records, String program, String kind, String key) {
        return records.find(ENTRY, eq("key", key(kind, program + ":" + key)), 1, null).records().stream().findFirst();
    }

    private static Outcome refuse(PluginContext context, Map<String, Object> entry, String code, String message) {
        context.records().updateWhere(ENTRY, id(entry), eq("status", "pending"), Map.of("status", "refused", "reason", code));
        return Outcome.refused(code, message);
    }

    private static Map<String, Object> finish(PluginContext context, Map<String, Object> entry, Map<String, Object> changes) {
        Map<String, Object> done = new HashMap<>(changes);
        done.put("status", "done");
        return context.records().updateWhere(ENTRY, id(entry), eq("status", "pending"), done)
                .orElseGet(() -> context.records().get(ENTRY, id(entry)).orElseThrow());
    }

    static String id(Map<String, Object> record) {
        return String.valueOf(record.get("_id"));
    }

    static long number(@Nullable Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    /** The member's account in the program (what they owe), made the first time. */
    static Map<String, Object> account(Records records, String program, String customer) {
        return records.create(ACCOUNT, program + "|" + customer, Map.of("program", program, "customerId", customer, "debt", 0))
                .record();
    }

    /** Credits {@code points}: first to what the member owes, the rest as a lot. */
    static Outcome earn(PluginContext context, Map<String, Object> program, String customer, long points, String key,
                        @Nullable String source) {
        return earn(context, program, customer, points, key, source, Map.of());
    }

    /** As above, with more of the entry's fields ({@code breakdown}, {@code spend}) set when it is made. */
    static Outcome earn(PluginContext context, Map<String, Object> program, String customer, long points, String key,
                        @Nullable String source, Map<String, Object> more) {
        String programKey = String.valueOf(program.get("key"));
        Outcome[] ended = new Outcome[1];
        Map<String, Object> values = new LinkedHashMap<>(Map.of("program", programKey, "customerId", customer, "amount", points));
        if (source != null) {
            values.put("source", source);
        }
        Optional<Map<String, Object>> opened = open(context, EARN, key, values, ended, more);
        if (opened.isEmpty()) {
            return ended[0];
        }
        Map<String, Object> entry = opened.get();
        Records records = context.records();
        long paid = payDebt(records, programKey, customer, points, "earn:" + id(entry));
        long lotAmount = points - paid;
        if (lotAmount > 0) {
            Instant now = context.now();
            Instant activeFrom = Programs.activeFrom(program, now);
            Instant expiresAt = Programs.expiry(program, now);
            Map<String, Object> lot = new LinkedHashMap<>();
            lot.put("program", programKey);
            lot.put("customerId", customer);
            lot.put("entry", id(entry));
            lot.put("amount", lotAmount);
            lot.put("remaining", lotAmount);
            lot.put("expired", 0);
            lot.put("reversed", 0);
            lot.put("earnedAt", now.toString());
            lot.put("activeFrom", activeFrom.toString());
            if (expiresAt != null) {
                lot.put("expiresAt", expiresAt.toString());
            }
            lot.put("status", OPEN);
            if (source != null) {
                lot.put("source", source);
            }
            Map<String, Object> made = records.create(LOT, "lot:" + id(entry), lot).record();
            if (expiresAt != null) { // one timer for the program's lots expiring in the same minute, at its end
                Instant due = Instant.ofEpochSecond((expiresAt.getEpochSecond() / 60 + 1) * 60);
                context.tasks().schedule(EXPIRE_TASK, "due:" + programKey + ":" + due.getEpochSecond(), due,
                        Map.of("program", programKey, "at", due.toString()));
            }
        }
        Map<String, Object> done = finish(context, entry, Map.of("paidDebt", paid));
        if (points > 0) {
            PointsEvents.track(context, "points.earned", done, Map.of("points", points, "paidDebt", paid));
            MemberFacts.points(context, programKey, customer);
        }
        return new Outcome(done, null, null);
    }

    /** Takes up to {@code points} off what the member owes, once per {@code once}; answers how many. */
    private static long payDebt(Records records, String program, String customer, long points, String once) {
        while (true) {
            Map<String, Object> account = account(records, program, customer);
            long pay = Math.min(number(account.get("debt")), points);
            if (pay == 0) {
                return 0;
            }
            if (records.increment(ACCOUNT, id(account), Map.of("debt", -pay), eq("debt", number(account.get("debt"))), once)
                    .isPresent()) {
                return pay;
            }
        }
    }

    /** Debits {@code points} from usable lots, first to expire first. */
    static Outcome spend(PluginContext context, String program, String customer, long points, String key, @Nullable String source) {
        Outcome[] ended = new Outcome[1];
        Map<String, Object> values = new LinkedHashMap<>(Map.of("program", program, "customerId", customer, "amount", points));
        if (source != null) {
            values.put("source", source);
        }
        Optional<Map<String, Object>> opened = open(context, SPEND, key, values, ended);
        if (opened.isEmpty()) {
            return ended[0];
        }
        Map<String, Object> entry = opened.get();
        Records records = context.records();
        Instant now = context.now();
        List<Map<String, Object>> consumed = new ArrayList<>(consumed(entry));
        long need = points - consumed.stream().mapToLong(c -> number(c.get("amount"))).sum();
        long owed = owed(records, program, customer);
        List<Map<String, Object>> lots = usable(records, program, customer, now); // the balance's reading, and the first pass's
        if (consumed.isEmpty() && left(lots) - owed < points) {
            return refuse(context, entry, "INSUFFICIENT_POINTS", "the member has " + (left(lots) - owed) + " points, not " + points);
        }
        String once = "spend:" + id(entry);
        for (int pass = 0; need > 0 && pass < PASSES; pass++) {
            if (pass > 0) {
                lots = usable(records, program, customer, now);
            }
            if (left(lots) - owed < need) {
                break; // other spends took the points meanwhile
            }
            for (Map<String, Object> lot : lots) {
                long take = Math.min(number(lot.get("remaining")), need);
                if (take > 0 && records.increment(LOT, id(lot), Map.of("remaining", -take), all(eq("status", OPEN),
                        Map.of("field", "remaining", "op", "gte", "value", take)), once).isPresent()) {
                    consumed.add(Map.of("lot", id(lot), "amount", take));
                    need -= take;
                    records.updateWhere(ENTRY, id(entry), eq("status", "pending"), Map.of("consumed", List.copyOf(consumed)));
                }
                if (need == 0) {
                    break;
                }
            } // a lot another call took from meanwhile is read again on the next pass
        }
        if (need > 0) { // other spends took the points meanwhile: give back what this one took
            for (Map<String, Object> taken : consumed) {
                records.increment(LOT, String.valueOf(taken.get("lot")), Map.of("remaining", number(taken.get("amount"))),
                        Map.of(), "undo:" + id(entry));
            }
            records.updateWhere(ENTRY, id(entry), eq("status", "pending"), Map.of("consumed", List.of()));
            return refuse(context, entry, "INSUFFICIENT_POINTS", "the member's points were spent meanwhile");
        }
        Map<String, Object> done = finish(context, entry, Map.of());
        PointsEvents.track(context, "points.spent", done, Map.of("points", points));
        MemberFacts.points(context, program, customer);
        return new Outcome(done, null, null);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> consumed(Map<String, Object> entry) {
        return entry.get("consumed") instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    /** The member's lots that can be spent at {@code now}, in the order a spend takes them. */
    static List<Map<String, Object>> usable(Records records, String program, String customer, Instant now) {
        return openLots(records, program, customer).stream()
                .filter(lot -> isUsable(lot, now))
                .sorted(Comparator.comparing((Map<String, Object> lot) -> lot.get("expiresAt") == null ? Instant.MAX
                        : Instant.parse(String.valueOf(lot.get("expiresAt")))).thenComparing(lot -> String.valueOf(lot.get("earnedAt"))))
                .toList();
    }

    private static boolean isUsable(Map<String, Object> lot, Instant now) {
        return !now.isBefore(Instant.parse(String.valueOf(lot.get("activeFrom"))))
                && (lot.get("expiresAt") == null || now.isBefore(Instant.parse(String.valueOf(lot.get("expiresAt")))));
    }

    /** The member's newest lots (a page), whatever their state: for the ledger's view. */
    static List<Map<String, Object>> lots(Records records, String program, String customer) {
        return records.find(LOT, all(eq("program", program), eq("customerId", customer)),
                List.of(Records.Sort.descending("earnedAt")), PAGE, null).records();
    }

    /** Every lot of the member with points left (open, remaining above 0), however many. */
    static List<Map<String, Object>> openLots(Records records, String program, String customer) {
        return everything(records, LOT, all(eq("program", program), eq("customerId", customer), eq("status", OPEN),
                Map.of("field", "remaining", "op", "gt", "value", 0)));
    }

    /** Every record of the object the filter matches, page after page. */
    static List<Map<String, Object>> everything(Records records, String object, Map<String, Object> filter) {
        List<Map<String, Object>> out = new ArrayList<>();
        eachPage(records, object, filter, page -> {
            out.addAll(page);
            return true;
        });
        return out;
    }

    /** Hands the records the filter matches to {@code more} a page at a time, while it answers true and pages are left. */
    static void eachPage(Records records, String object, Map<String, Object> filter,
                         java.util.function.Predicate<List<Map<String, Object>>> more) {
        String cursor = null;
        do {
            io.quanyu.plugin.sdk.RecordPage page = records.find(object, filter, PAGE, cursor);
            cursor = more.test(page.records()) ? page.nextCursor() : null;
        } while (cursor != null);
    }

    /** The balance from the lots: usable remainders, pending ones, what is owed, and the next expiry. */
    static Balance balance(Records records, String program, String customer, Instant now) {
        long available = 0;
        long pending = 0;
        Instant next = null;
        long expiring = 0;
        for (Map<String, Object> lot : openLots(records, program, customer)) {
            long remaining = number(lot.get("remaining"));
            Instant expires = lot.get("expiresAt") == null ? null : Instant.parse(String.valueOf(lot.get("expiresAt")));
            if (expires != null && !now.isBefore(expires)) {
                continue; // its expiry task has not run yet; its points are gone all the same
            }
            if (now.isBefore(Instant.parse(String.valueOf(lot.get("activeFrom"))))) {
                pending += remaining;
                continue;
            }
            available += remaining;
            if (expires != null && (next == null || expires.isBefore(next))) {
                next = expires;
                expiring = remaining;
            } else if (expires != null && expires.equals(next)) {
                expiring += remaining;
            }
        }
        return new Balance(available, pending, owed(records, program, customer), next, expiring);
    }

    /** What the member owes in the program (0 without an account). */
    private static long owed(Records records, String program, String customer) {
        return records.find(ACCOUNT, all(eq("program", program), eq("customerId", customer)), 1, null).records().stream()
                .findFirst().map(a -> number(a.get("debt"))).orElse(0L);
    }

    private static long left(List<Map<String, Object>> lots) {
        return lots.stream().mapToLong(lot -> number(lot.get("remaining"))).sum();
    }

    /** How many lots one run of the expiry task takes before it hands the rest to its next run. */
    static final int EXPIRY_CHUNK = 1_000;

    /**
     * Expires the program's lots whose time came by {@code at}, a chunk at a time: each lot's remainder is taken in one
     * guarded step under its expire entry's key (made first, pending, with the amount read), so a run stopped half-way
     * and run again takes nothing twice and loses no entry; then the chunk's entries are done, its
     * {@code points.expired} events tracked together and each member's balance fact put once. Answers whether lots are
     * left for another run.
     */
    static boolean expireDue(PluginContext context, String program, Instant at) {
        Records records = context.records();
        List<Map<String, Object>> due = new ArrayList<>();
        eachPage(records, LOT, all(eq("program", program), eq("status", OPEN),
                Map.of("field", "expiresAt", "op", "lte", "value", at.toString())), page -> {
            due.addAll(page);
            return due.size() < EXPIRY_CHUNK;
        });
        // the lots are read first and changed after: a page read after some were closed would skip as many others
        List<Records.Keyed> pending = new ArrayList<>();
        List<Map<String, Object>> left = due.stream().filter(lot -> number(lot.get("remaining")) > 0).toList();
        for (Map<String, Object> lot : left) {
            pending.add(new Records.Keyed(key(EXPIRE, id(lot)), Map.of("key", key(EXPIRE, id(lot)), "program", program,
                    "customerId", lot.get("customerId"), "kind", EXPIRE, "amount", number(lot.get("remaining")), "status", "pending",
                    "at", context.now().toString())));
        }
        List<Records.Created> entries = pending.isEmpty() ? List.of() : records.createAll(ENTRY, pending);
        List<Map<String, Object>> expired = new ArrayList<>();
        java.util.Set<String> members = new java.util.LinkedHashSet<>();
        for (int i = 0; i < left.size(); i++) {
            Map<String, Object> entry = entries.get(i).record();
            if (!"done".equals(entry.get("status"))) {
                Map<String, Object> done = expireLot(context, left.get(i), entry);
                if (number(done.get("amount")) > 0) {
                    expired.add(done);
                }
            }
            members.add(String.valueOf(left.get(i).get("customerId")));
        }
        for (Map<String, Object> lot : due) { // a lot spent to the end just closes
            records.updateWhere(LOT, id(lot), eq("status", OPEN), Map.of("status", EXPIRED));
        }
        PointsEvents.expired(context, expired);
        for (String member : members) {
            MemberFacts.points(context, program, member);
        }
        return due.size() >= EXPIRY_CHUNK;
    }

    /** Takes what the entry says is left of the lot, once per entry; the entry is then done with what was taken. */
    private static Map<String, Object> expireLot(PluginContext context, Map<String, Object> lot, Map<String, Object> entry) {
        Records records = context.records();
        long left = number(entry.get("amount"));
        while (records.increment(LOT, id(lot), Map.of("remaining", -left, "expired", left), all(eq("status", OPEN),
                eq("remaining", left)), "expire:" + id(entry)).isEmpty()) {
            Optional<Map<String, Object>> now = records.get(LOT, id(lot)); // spent from meanwhile: take what is left now
            if (now.isEmpty() || !OPEN.equals(now.get().get("status"))) {
                left = 0;
                break;
            }
            left = number(now.get().get("remaining"));
            records.updateWhere(ENTRY, id(entry), eq("status", "pending"), Map.of("amount", left));
        }
        return records.updateWhere(ENTRY, id(entry), eq("status", "pending"), Map.of("status", "done", "amount", left,
                "consumed", List.of(Map.of("lot", id(lot), "amount", left)))).orElse(entry);
    }

    /** Expires what is left of one lot (a timer a release before 1.1 set per lot); answers how many points it expired. */
    static long expire(PluginContext context, String lotId) {
        Records records = context.records();
        while (true) {
            Optional<Map<String, Object>> found = records.get(LOT, lotId);
            if (found.isEmpty() || !OPEN.equals(found.get().get("status"))) {
                return 0;
            }
            Map<String, Object> lot = found.get();
            long left = number(lot.get("remaining"));
            if (records.increment(LOT, lotId, Map.of("remaining", -left, "expired", left), all(eq("status", OPEN),
                    eq("remaining", left)), "expire").isEmpty()) {
                continue; // taken from meanwhile: read it again
            }
            records.updateWhere(LOT, lotId, eq("status", OPEN), Map.of("status", EXPIRED));
            if (left > 0) {
                Map<String, Object> values = new LinkedHashMap<>(Map.of("key", key(EXPIRE, lotId), "program", lot.get("program"),
                        "customerId", lot.get("customerId"), "kind", EXPIRE, "amount", left, "status", "done",
                        "at", context.now().toString(), "consumed", List.of(Map.of("lot", lotId, "amount", left))));
                Map<String, Object> entry = records.create(ENTRY, key(EXPIRE, lotId), values).record();
                PointsEvents.track(context, "points.expired", entry, Map.of("points", left));
                MemberFacts.points(context, String.valueOf(lot.get("program")), String.valueOf(lot.get("customerId")));
            }
            return left;
        }
    }

    /**
     * Reverses the earn or spend made under {@code of} (its kind and key), once per {@code key}: an earn's lot gives
     * back what is left of it, and what was spent of it is handled by the program's refund policy; a spend's lots get
     * back what it took.
     */
    static Outcome reverse(PluginContext context, Map<String, Object> program, String kind, String of, String key) {
        Records records = context.records();
        String programKey = String.valueOf(program.get("key"));
        Optional<Map<String, Object>> original = entry(records, programKey, kind, of);
        if (original.isEmpty() || !programKey.equals(original.get().get("program"))) {
            return Outcome.refused("ENTRY_NOT_FOUND", "there is no " + kind + " " + of + " in " + programKey);
        }
        if (!"done".equals(original.get().get("status"))) {
            return Outcome.refused("ENTRY_NOT_DONE", "the " + kind + " " + of + " was " + original.get().get("status"));
        }
        String customer = String.valueOf(original.get().get("customerId"));
        Outcome[] ended = new Outcome[1];
        Optional<Map<String, Object>> opened = open(context, REVERSE, key, Map.of("program", programKey, "customerId", customer,
                "reverses", id(original.get())), ended, Map.of("amount", 0));
        if (opened.isEmpty()) {
            return ended[0];
        }
        Map<String, Object> entry = opened.get();
        Object by = original.get().get("reversedBy");
        if (by != null && !by.equals(id(entry))) {
            return refuse(context, entry, "ENTRY_REVERSED", "the " + kind + " " + of + " was reversed already");
        }
        Outcome outcome = EARN.equals(kind) ? reverseEarn(context, program, original.get(), entry)
                : reverseSpend(context, original.get(), entry);
        if (outcome.entry() != null) {
            records.updateWhere(ENTRY, id(original.get()), Map.of("field", "reversedBy", "op", "exists", "value", false),
                    Map.of("reversedBy", id(entry)));
            PointsEvents.track(context, "points.reversed", outcome.entry(), Map.of("points", number(outcome.entry().get("amount")),
                    "kind", kind));
            MemberFacts.points(context, programKey, customer);
        }
        return outcome;
    }

    private static Outcome reverseEarn(PluginContext context, Map<String, Object> program, Map<String, Object> earn,
                                       Map<String, Object> entry) {
        Records records = context.records();
        String policy = String.valueOf(program.getOrDefault("refundPolicy", "partial"));
        String once = "reverse:" + id(entry);
        Optional<Map<String, Object>> lotFound = records.find(LOT, eq("entry", id(earn)), 1, null).records().stream().findFirst();
        long taken = 0;
        long owed = 0;
        if (lotFound.isPresent()) {
            String lotId = id(lotFound.get());
            while (true) {
                Map<String, Object> lot = records.get(LOT, lotId).orElseThrow();
                long left = number(lot.get("remaining"));
                long spent = number(lot.get("amount")) - left - number(lot.get("expired")) - number(lot.get("reversed"));
                if (spent > 0 && "block".equals(policy)) {
                    return refuse(context, entry, "POINTS_ALREADY_SPENT", spent + " of the points were spent");
                }
                Optional<Map<String, Object>> took = records.increment(LOT, lotId, Map.of("remaining", -left, "reversed", left),
                        eq("remaining", left), once);
                if (took.isPresent()) {
                    taken = left;
                    owed = "negative".equals(policy) ? spent : 0;
                    break;
                }
            }
        }
        long paidDebt = number(earn.get("paidDebt")); // what the earn paid of a debt is owed again
        if (owed + paidDebt > 0) {
            Map<String, Object> account = account(records, String.valueOf(earn.get("program")), String.valueOf(earn.get("customerId")));
            records.increment(ACCOUNT, id(account), Map.of("debt", owed + paidDebt), Map.of(), once);
        }
        return new Outcome(finish(context, entry, Map.of("amount", taken, "owed", owed + paidDebt)), null, null);
    }

    private static Outcome reverseSpend(PluginContext context, Map<String, Object> spend, Map<String, Object> entry) {
        Records records = context.records();
        String once = "reverse:" + id(entry);
        Instant now = context.now();
        List<Map<String, Object>> restored = new ArrayList<>();
        long back = 0;
        for (Map<String, Object> taken : consumed(spend)) {
            String lotId = String.valueOf(taken.get("lot"));
            long amount = number(taken.get("amount"));
            Map<String, Object> lot = records.get(LOT, lotId).orElseThrow();
            boolean ended = !OPEN.equals(lot.get("status")) || lot.get("expiresAt") != null
                    && !now.isBefore(Instant.parse(String.valueOf(lot.get("expiresAt"))));
            if (ended) { // the lot's time is over: its points expire as they come back
                records.increment(LOT, lotId, Map.of("expired", amount), Map.of(), once);
            } else if (records.increment(LOT, lotId, Map.of("remaining", amount), eq("status", OPEN), once).isEmpty()) {
                records.increment(LOT, lotId, Map.of("expired", amount), Map.of(), once); // it expired meanwhile
                ended = true;
            }
            restored.add(Map.of("lot", lotId, "amount", amount, "expired", ended));
            back += ended ? 0 : amount;
        }
        return new Outcome(finish(context, entry, Map.of("amount", back, "restored", restored)), null, null);
    }
}

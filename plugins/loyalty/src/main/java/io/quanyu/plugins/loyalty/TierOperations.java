package io.quanyu.plugins.loyalty;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.RecordPage;
import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.journey.ActionRequest;
import io.quanyu.plugin.sdk.journey.ActionResult;
import io.quanyu.plugin.sdk.journey.JourneyAction;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The tier operations: a member's standing, the what-if of a tier change, and a tier given by hand or by a journey. */
public final class TierOperations {
    /** The most members a what-if reads. */
    static final int PREVIEW_MEMBERS = 5_000;

    private TierOperations() {
    }

    private static Optional<Map<String, Object>> account(Records records, String program, String customer) {
        return records.find(Ledger.ACCOUNT, Ledger.all(Ledger.eq("program", program), Ledger.eq("customerId", customer)), 1, null)
                .records().stream().findFirst();
    }

    /** The member's balance and tier now, and what they need to keep it or reach the next (nothing is written). */
    static Map<String, Object> status(PluginContext context, Map<String, Object> program, String customer) {
        Records records = context.records();
        String key = String.valueOf(program.get("key"));
        Instant now = context.now();
        Map<String, Object> out = new LinkedHashMap<>(Ledger.balance(records, key, customer, now).output());
        Tiers.Policy policy = Tiers.Policy.of(program);
        if (policy == null) {
            return out;
        }
        Tiers.State held = account(records, key, customer).map(a -> Tiers.state(a, policy))
                .orElse(new Tiers.State(policy.base().key(), null, null));
        List<Tiers.Qualifying> history = Tiers.history(records, policy, key, customer, now);
        Tiers.State state = Tiers.decide(policy, history, held, now);
        Tiers.Tier tier = policy.tier(state.tier());
        BigDecimal qualifying = Tiers.sum(policy, history, now);
        out.put("tier", tier.key());
        out.put("tierName", tier.name());
        out.put("multiplier", tier.multiplier());
        if (state.since() != null) {
            out.put("tierSince", state.since().toString());
        }
        if (state.until() != null) {
            out.put("tierUntil", state.until().toString());
        }
        out.put("qualifying", qualifying);
        int rank = policy.rank(tier.key());
        if (rank + 1 < policy.tiers().size()) {
            Tiers.Tier next = policy.tiers().get(rank + 1);
            out.put("nextTier", next.key());
            out.put("toNext", next.threshold().subtract(qualifying).max(BigDecimal.ZERO));
        }
        if (rank > 0) {
            out.put("toKeep", tier.threshold().subtract(qualifying).max(BigDecimal.ZERO));
        }
        return out;
    }

    /** {@code memberStatus}. */
    @Extension
    public static class Status implements Operation {
        @Override
        public String name() {
            return "memberStatus";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            return Programs.with(request, program -> OperationResult.ok(status(request.context(), program,
                    String.valueOf(request.input().get("customerId")))));
        }
    }

    /**
     * {@code previewTiers}: the tier each of the program's members (at most {@value #PREVIEW_MEMBERS}) holds now, the
     * tier their history qualifies for under the proposed tiers, and how many would go up, down or stay (downgrades
     * would take effect when the time a tier is held ends).
     */
    @Extension
    public static class Preview implements Operation {
        @Override
        public String name() {
            return "previewTiers";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            List<String> problems = Programs.tierProblems(in.get("tiers"));
            if (!problems.isEmpty()) {
                return OperationResult.refused("PROGRAM_INVALID", String.join("; ", problems));
            }
            return Programs.with(request, program -> {
                Map<String, Object> changed = new LinkedHashMap<>(program);
                for (String field : List.of("tiers", "tierBasis", "tierWindow")) {
                    if (in.get(field) != null) {
                        changed.put(field, in.get(field));
                    }
                }
                Tiers.Policy current = Tiers.Policy.of(program);
                Tiers.Policy proposed = Tiers.Policy.of(changed);
                Records records = request.context().records();
                Instant now = request.context().now();
                String key = String.valueOf(program.get("key"));
                Map<String, Long> before = new TreeMap<>();
                Map<String, Long> after = new TreeMap<>();
                long up = 0;
                long down = 0;
                long same = 0;
                List<Object> sample = new ArrayList<>();
                String cursor = null;
                int read = 0;
                do {
                    RecordPage page = records.find(Ledger.ACCOUNT, Ledger.eq("program", key), 200, cursor);
                    for (Map<String, Object> account : page.records()) {
                        String customer = String.valueOf(account.get("customerId"));
                        String now1 = current == null ? "" : current.tier(Tiers.state(account, current).tier()).key();
                        Tiers.Tier next = proposed.qualified(Tiers.sum(proposed, Tiers.history(records, proposed, key, customer, now), now));
                        before.merge(now1.isEmpty() ? "-" : now1, 1L, Long::sum);
                        after.merge(next.key(), 1L, Long::sum);
                        int from = current == null ? 0 : proposed.rank(now1);
                        int to = proposed.rank(next.key());
                        if (to > from) {
                            up++;
                        } else if (to < from) {
                            down++;
                        } else {
                            same++;
                        }
                        if (to != from && sample.size() < 20) {
                            sample.add(Map.of("customerId", customer, "from", now1, "to", next.key()));
                        }
                    }
                    read += page.records().size();
                    cursor = page.nextCursor();
                } while (cursor != null && read < PREVIEW_MEMBERS);
                return OperationResult.ok(Map.of("members", (long) read, "now", before, "proposed", after, "up", up, "down", down,
                        "same", same, "sample", sample));
            });
        }
    }

    /**
     * {@code defineTier}: adds a tier to a program or changes one (by its key), or removes it; the program's other
     * tiers stay. The first tier added is the one every member starts in (threshold 0).
     */
    @Extension
    public static class DefineTier implements Operation {
        @Override
        public String name() {
            return "defineTier";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            Records records = request.context().records();
            return Programs.with(request, found -> {
                Map<String, Object> program = found;
                while (true) {
                    List<Object> tiers = new ArrayList<>();
                    if (program.get("tiers") instanceof List<?> list) {
                        list.stream().filter(t -> !in.get("key").equals(((Map<?, ?>) t).get("key"))).forEach(tiers::add);
                    }
                    if (!Boolean.TRUE.equals(in.get("remove"))) {
                        Map<String, Object> tier = new LinkedHashMap<>();
                        for (String field : List.of("key", "name", "threshold", "multiplier", "coupon")) {
                            if (in.get(field) != null) {
                                tier.put(field, in.get(field));
                            }
                        }
                        tier.putIfAbsent("name", in.get("key"));
                        tier.putIfAbsent("threshold", 0);
                        tiers.add(tier);
                    }
                    tiers.sort(java.util.Comparator.comparing(t -> new BigDecimal(String.valueOf(((Map<?, ?>) t).get("threshold")))));
                    List<String> problems = Programs.tierProblems(tiers);
                    if (!problems.isEmpty()) {
                        return OperationResult.refused("PROGRAM_INVALID", String.join("; ", problems));
                    }
                    try {
                        records.update(Programs.OBJECT, Ledger.id(program), Ledger.number(program.get("_version")),
                                Map.of("tiers", tiers));
                        return OperationResult.ok(Map.of("program", program.get("key"), "tiers", tiers));
                    } catch (io.quanyu.plugin.sdk.PluginException e) {
                        if (!"VERSION_CONFLICT".equals(e.code())) {
                            throw e;
                        }
                        program = records.get(Programs.OBJECT, Ledger.id(program)).orElseThrow();
                    }
                }
            });
        }
    }

    /** Puts a member in a tier of the program at once, held as an earned tier is; a tier it does not have is refused. */
    static OperationResult set(PluginContext context, Map<String, Object> program, String customer, String tierKey, boolean onlyUp) {
        Tiers.Policy policy = Tiers.Policy.of(program);
        if (policy == null || policy.tiers().stream().noneMatch(t -> t.key().equals(tierKey))) {
            return OperationResult.refused("TIER_NOT_FOUND", "the program " + program.get("key") + " has no tier " + tierKey);
        }
        if (context.customers().profile(customer).isEmpty()) {
            return OperationResult.refused("CUSTOMER_NOT_FOUND", "there is no customer " + customer);
        }
        Tiers.State before = Tiers.state(Ledger.account(context.records(), String.valueOf(program.get("key")), customer), policy);
        Tiers.State state = Tiers.grant(context, program, customer, tierKey, onlyUp);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tier", state.tier());
        out.put("changed", !state.tier().equals(before.tier()));
        if (state.until() != null) {
            out.put("tierUntil", state.until().toString());
        }
        return OperationResult.ok(out);
    }

    /** {@code setTier}. */
    @Extension
    public static class SetTier implements Operation {
        @Override
        public String name() {
            return "setTier";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            return Programs.with(request, program -> set(request.context(), program, String.valueOf(request.input().get("customerId")),
                    String.valueOf(request.input().get("tier")), false));
        }
    }

    /** {@code upgradeTier}: a journey step puts the customer in a tier (never lower than the one they hold). */
    @Extension
    public static class Upgrade implements JourneyAction {
        @Override
        public String name() {
            return "upgradeTier";
        }

        @Override
        public ActionResult execute(ActionRequest request) {
            return Programs.with(request, program -> {
                OperationResult result = set(request.context(), program, request.customerId(),
                        String.valueOf(request.parameters().get("tier")), true);
                return result.failure() != null ? ActionResult.failed(result.failure().code(), result.failure().message())
                        : ActionResult.done(result.output());
            });
        }
    }
}

package io.quanyu.plugins.loyalty;

import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.jspecify.annotations.Nullable;
import org.pf4j.Extension;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Points programs ({@code loyaltyProgram}): a name for the points, how many points a yuan of an order earns, a
 * point's value, when points expire (a number of
 * months after they are earned, at the end of the following year, or never), how many days earned points wait before
 * they can be spent (an order's return window), what a refund does to points already spent, the most a member earns
 * from rules in a day, and the member tiers ({@link Tiers}).
 */
public final class Programs {
    static final String OBJECT = "loyaltyProgram";
    static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");
    private static final List<String> DEFINED = List.of("name", "pointsName", "pointsPerYuan", "unitValue", "expiry", "expiryMonths",
            "pendingDays", "refundPolicy", "timeZone", "dailyCap", "tiers", "tierBasis", "tierWindow", "graceDays");

    private Programs() {
    }

    static Optional<Map<String, Object>> find(Records records, String key) {
        return records.find(OBJECT, Ledger.eq("key", key), 1, null).records().stream().findFirst();
    }

    static OperationResult notFound(String key) {
        return OperationResult.refused("PROGRAM_NOT_FOUND", "there is no points program " + key);
    }

    /** When points earned at {@code now} can be spent: after the program's pending days. */
    static Instant activeFrom(Map<String, Object> program, Instant now) {
        return now.plus(Duration.ofDays(Ledger.number(program.get("pendingDays"))));
    }

    /** When points earned at {@code now} expire, in the program's time zone; {@code null}: never. */
    static @Nullable Instant expiry(Map<String, Object> program, Instant now) {
        ZoneId zone = zone(program);
        return switch (String.valueOf(program.get("expiry"))) {
            case "months" -> now.atZone(zone).plusMonths(Ledger.number(program.get("expiryMonths"))).toInstant();
            case "endOfNextYear" -> LocalDate.ofInstant(now, zone).withDayOfYear(1).plusYears(2).atStartOfDay(zone).toInstant();
            default -> null;
        };
    }

    static ZoneId zone(Map<String, Object> program) {
        try {
            return program.get("timeZone") == null ? DEFAULT_ZONE : ZoneId.of(String.valueOf(program.get("timeZone")));
        } catch (DateTimeException e) {
            return DEFAULT_ZONE;
        }
    }

    /** {@code defineProgram}: creates a program, or changes one (its rules apply to points earned from then on). */
    @Extension
    public static class Define implements Operation {
        @Override
        public String name() {
            return "defineProgram";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            List<String> problems = new ArrayList<>();
            if ("months".equals(in.get("expiry")) && in.get("expiryMonths") == null) {
                problems.add("expiryMonths: points that expire after months need the number of months");
            }
            if (in.get("timeZone") != null) {
                try {
                    ZoneId.of(String.valueOf(in.get("timeZone")));
                } catch (DateTimeException e) {
                    problems.add("timeZone: not a time zone (Asia/Shanghai)");
                }
            }
            problems.addAll(tierProblems(in.get("tiers")));
            if (!problems.isEmpty()) {
                return OperationResult.refused("PROGRAM_INVALID", String.join("; ", problems));
            }
            Records records = request.context().records();
            String key = (String) in.get("key");
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("key", key);
            for (String field : DEFINED) {
                values.put(field, in.get(field));
            }
            values.putIfAbsent("refundPolicy", "partial");
            if (values.get("refundPolicy") == null) {
                values.put("refundPolicy", "partial");
            }
            Records.Created created = records.create(OBJECT, key, values);
            Map<String, Object> program = created.record();
            if (!created.created()) {
                Map<String, Object> changes = new LinkedHashMap<>(values);
                changes.remove("key");
                program = records.updateWhere(OBJECT, Ledger.id(program), Ledger.eq("key", key), changes).orElseThrow();
            }
            return OperationResult.ok(Map.of("key", key, "created", created.created(), "id", Ledger.id(program)));
        }
    }

    /** What is wrong with a program's tiers: keys used twice, or no tier every member starts in (threshold 0). */
    static List<String> tierProblems(@Nullable Object tiers) {
        if (!(tiers instanceof List<?> list) || list.isEmpty()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        java.util.Set<Object> keys = new java.util.HashSet<>();
        boolean base = false;
        for (Object t : list) {
            Map<?, ?> tier = (Map<?, ?>) t;
            if (!keys.add(tier.get("key"))) {
                problems.add("tiers: the key " + tier.get("key") + " is used twice");
            }
            base |= new java.math.BigDecimal(String.valueOf(tier.get("threshold"))).signum() == 0;
        }
        if (!base) {
            problems.add("tiers: one tier has the threshold 0, the tier every member starts in");
        }
        return problems;
    }

    /** Runs a journey step's {@code body} on the program its parameter {@code program} names; failed without one. */
    static io.quanyu.plugin.sdk.journey.ActionResult with(io.quanyu.plugin.sdk.journey.ActionRequest request,
            java.util.function.Function<Map<String, Object>, io.quanyu.plugin.sdk.journey.ActionResult> body) {
        String key = String.valueOf(request.parameters().get("program"));
        return find(request.context().records(), key).map(body).orElseGet(() -> io.quanyu.plugin.sdk.journey.ActionResult
                .failed("PROGRAM_NOT_FOUND", "there is no points program " + key));
    }

    /** Runs {@code body} on the program the input's {@code program} names; {@code PROGRAM_NOT_FOUND} without one. */
    static OperationResult with(OperationRequest request, java.util.function.Function<Map<String, Object>, OperationResult> body) {
        String key = String.valueOf(request.input().get("program"));
        return find(request.context().records(), key).map(body).orElseGet(() -> notFound(key));
    }
}

package io.quanyu.plugins.loyalty;

import io.quanyu.plugin.sdk.Customers;
import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.jspecify.annotations.Nullable;
import org.pf4j.Extension;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Earning rules ({@code loyaltyRule}): points beyond an order's {@code pointsPerYuan}, each rule guarded by a rule of
 * the platform's condition language that reads the member and the event ({@code event.weekday}, {@code event.date},
 * {@code event.hour}, {@code event.channel}, {@code event.properties.*}, in the program's time zone):
 * <ul>
 *   <li>an <b>order</b> rule multiplies the points of the order's amount (or of its lines in the rule's
 *   {@code categories}) by its {@code multiplier} and may add fixed {@code points}: double points on weekends, three
 *   times on shoes, 50 more on orders over 500 yuan;</li>
 *   <li>an <b>event</b> rule gives fixed {@code points} for an event of its type (sign-up, first follow, a review, a
 *   referral), once per member ever, per year, month or day ({@code once}), or on every event.</li>
 * </ul>
 * A rule may be capped per member and day ({@code dailyCap}) and in total ({@code budget}); the program's
 * {@code dailyCap} caps what a member earns from all its rules in a day. Caps are taken exactly once per earning (a
 * replayed event takes nothing more), and an award the caps cut is given in part. Points from the order's own rate are
 * not capped.
 */
public final class EarningRules {
    static final String OBJECT = "loyaltyRule";
    static final String CAP = "loyaltyCap";
    static final String ORDER = "order";
    static final String EVENT = "event";
    /** The event types an {@code event} rule can reward: what the subscription {@code rewards} receives. */
    static final List<String> REWARDED = List.of("member.registered", "wechat.subscribe", "review.posted", "referral.converted",
            "profile.completed", "checkin", "share");

    private EarningRules() {
    }

    /** One rule's part of an earning, and the earning's key. */
    record Award(String rule, long points, String key) {
        Map<String, Object> view() {
            return Map.of("rule", rule, "points", points);
        }
    }

    /** The program's active rules of a kind (and, for events, of the type), as of {@code now}. */
    static List<Map<String, Object>> active(Records records, String program, String kind, @Nullable String eventType, Instant now) {
        List<Map<String, Object>> conditions = new ArrayList<>(List.of(Ledger.eq("program", program), Ledger.eq("kind", kind),
                Ledger.eq("active", true)));
        if (eventType != null) {
            conditions.add(Ledger.eq("event", eventType));
        }
        return records.find(OBJECT, Map.of("and", conditions), 100, null).records().stream()
                .filter(rule -> within(rule, now)).toList();
    }

    private static boolean within(Map<String, Object> rule, Instant now) {
        return (rule.get("from") == null || !now.isBefore(Instant.parse(String.valueOf(rule.get("from")))))
                && (rule.get("until") == null || now.isBefore(Instant.parse(String.valueOf(rule.get("until")))));
    }

    /** The event as a rule reads it at {@code event}: its type, channel, time in the program's zone, and properties. */
    static Map<String, Object> facts(Event event, ZoneId zone) {
        ZonedDateTime at = event.occurredAt().atZone(zone);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", event.type());
        if (event.channel() != null) {
            out.put("channel", event.channel());
        }
        out.put("at", event.occurredAt().toString());
        out.put("date", at.toLocalDate().toString());
        out.put("weekday", at.getDayOfWeek().getValue());
        out.put("hour", at.getHour());
        out.put("month", at.getMonthValue());
        out.put("day", at.getDayOfMonth());
        Map<String, Object> properties = new LinkedHashMap<>();
        event.properties().forEach((k, v) -> {
            if (v != null) {
                properties.put(k, v);
            }
        });
        out.put("properties", properties);
        return out;
    }

    private static boolean matches(Customers customers, String customer, Map<String, Object> rule, Map<String, Object> event) {
        return !(rule.get("condition") instanceof Map<?, ?> condition) || condition.isEmpty()
                || customers.matches(customer, cast(condition), event).matched();
    }

    /**
     * What an order's rules give beyond its own points, capped: each matching rule's multiplier over the order's
     * points of its categories (or of the whole amount), plus its fixed points.
     */
    static List<Award> order(PluginContext context, Map<String, Object> program, String customer, Event event,
                             BigDecimal amount, String once) {
        Map<String, Object> facts = facts(event, Programs.zone(program));
        List<Award> awards = new ArrayList<>();
        for (Map<String, Object> rule : active(context.records(), String.valueOf(program.get("key")), ORDER, null, context.now())) {
            if (!matches(context.customers(), customer, rule, facts)) {
                continue;
            }
            BigDecimal base = categories(rule).isEmpty() ? amount : lines(event, categories(rule));
            BigDecimal extra = new BigDecimal(String.valueOf(rule.getOrDefault("multiplier", 1))).subtract(BigDecimal.ONE).max(BigDecimal.ZERO);
            long points = Accrual.points(program, base.multiply(extra)) + Ledger.number(rule.get("points"));
            if (points > 0) {
                awards.add(new Award(String.valueOf(rule.get("key")), capped(context, program, rule, customer, points, once), once));
            }
        }
        return awards;
    }

    /** What an event's rules give, capped, each under its earning's key ({@link #onceKey}) unless {@code earned} already. */
    static List<Award> event(PluginContext context, Map<String, Object> program, String customer, Event event,
                             java.util.function.Predicate<String> earned) {
        Map<String, Object> facts = facts(event, Programs.zone(program));
        List<Award> awards = new ArrayList<>();
        for (Map<String, Object> rule : active(context.records(), String.valueOf(program.get("key")), EVENT, event.type(), context.now())) {
            String key = onceKey(rule, program, customer, event);
            if (earned.test(key) || !matches(context.customers(), customer, rule, facts)) {
                continue;
            }
            long points = Ledger.number(rule.get("points"));
            if (points > 0) {
                awards.add(new Award(String.valueOf(rule.get("key")), capped(context, program, rule, customer, points, key), key));
            }
        }
        return awards;
    }

    /** The key of an event rule's earning: once ever, per period (in the program's zone) or per event. */
    static String onceKey(Map<String, Object> rule, Map<String, Object> program, String customer, Event event) {
        ZonedDateTime at = event.occurredAt().atZone(Programs.zone(program));
        String scope = switch (String.valueOf(rule.getOrDefault("once", "none"))) {
            case "ever" -> "ever";
            case "year" -> String.valueOf(at.getYear());
            case "month" -> at.getYear() + "-" + at.getMonthValue();
            case "day" -> at.toLocalDate().toString();
            default -> "event:" + event.id();
        };
        return "rule:" + rule.get("key") + ":" + customer + ":" + scope;
    }

    @SuppressWarnings("unchecked")
    private static List<String> categories(Map<String, Object> rule) {
        return rule.get("categories") instanceof List<?> list ? (List<String>) list : List.of();
    }

    /** The amount of the order's lines in the categories (0 for an order without lines). */
    private static BigDecimal lines(Event event, List<String> categories) {
        BigDecimal sum = BigDecimal.ZERO;
        if (event.properties().get("lines") instanceof List<?> lines) {
            for (Object line : lines) {
                if (line instanceof Map<?, ?> l && categories.contains(String.valueOf(l.get("category")))
                        && l.get("amount") != null) {
                    sum = sum.add(new BigDecimal(String.valueOf(l.get("amount"))));
                }
            }
        }
        return sum;
    }

    /** {@code points} cut by the rule's daily cap, the program's daily cap and the rule's budget, each taken once per {@code once}. */
    private static long capped(PluginContext context, Map<String, Object> program, Map<String, Object> rule, String customer,
                               long points, String once) {
        String day = context.now().atZone(Programs.zone(program)).toLocalDate().toString();
        long granted = points;
        if (rule.get("dailyCap") != null) {
            granted = take(context.records(), "rule|" + rule.get("key") + "|" + customer + "|" + day, Ledger.number(rule.get("dailyCap")),
                    granted, once);
        }
        if (granted > 0 && program.get("dailyCap") != null) {
            granted = take(context.records(), "program|" + program.get("key") + "|" + customer + "|" + day,
                    Ledger.number(program.get("dailyCap")), granted, once);
        }
        if (granted > 0 && rule.get("budget") != null) { // all or nothing, so that a replay reads the same grant
            long budget = Ledger.number(rule.get("budget"));
            granted = context.records().increment(OBJECT, Ledger.id(rule), Map.of("awarded", granted),
                    Map.of("field", "awarded", "op", "lte", "value", budget - granted), customer + "|" + once).isPresent() ? granted : 0;
        }
        return granted;
    }

    /**
     * Takes up to {@code points} of a cap's counter, once per {@code once}: the counter keeps what each earning was
     * granted, so a replay is answered the same grant.
     */
    static long take(Records records, String counter, long cap, long points, String once) {
        while (true) {
            Map<String, Object> record = records.create(CAP, counter, Map.of("counter", counter, "cap", cap, "used", 0,
                    "grants", Map.of())).record();
            Map<String, Object> grants = record.get("grants") instanceof Map<?, ?> g ? cast(g) : Map.of();
            if (grants.containsKey(once)) {
                return Ledger.number(grants.get(once));
            }
            long used = Ledger.number(record.get("used"));
            long give = Math.max(0, Math.min(points, cap - used));
            Map<String, Object> next = new HashMap<>(grants);
            next.put(once, give);
            try {
                records.update(CAP, Ledger.id(record), Ledger.number(record.get("_version")), Map.of("used", used + give, "grants", next));
                return give;
            } catch (io.quanyu.plugin.sdk.PluginException e) {
                if (!"VERSION_CONFLICT".equals(e.code())) {
                    throw e;
                }
            } // another earning took from the cap meanwhile: read it again
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }

    /** {@code defineRule}: creates or changes an earning rule of a program; its condition is checked first. */
    @Extension
    public static class Define implements Operation {
        @Override
        public String name() {
            return "defineRule";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            return Programs.with(request, program -> {
                List<String> problems = new ArrayList<>();
                String kind = String.valueOf(in.get("kind"));
                if (EVENT.equals(kind) && !REWARDED.contains(String.valueOf(in.get("event")))) {
                    problems.add("event: an event rule rewards one of " + String.join(", ", REWARDED));
                }
                if (EVENT.equals(kind) && in.get("points") == null) {
                    problems.add("points: an event rule gives points");
                }
                if (ORDER.equals(kind) && in.get("multiplier") == null && in.get("points") == null) {
                    problems.add("multiplier: an order rule multiplies the order's points, adds points, or both");
                }
                if (in.get("condition") instanceof Map<?, ?> condition) {
                    request.context().customers().ruleProblems(cast(condition)).forEach(p -> problems.add("condition" + p));
                }
                if (in.get("from") != null && in.get("until") != null
                        && !Instant.parse(String.valueOf(in.get("from"))).isBefore(Instant.parse(String.valueOf(in.get("until"))))) {
                    problems.add("until: after from");
                }
                if (!problems.isEmpty()) {
                    return OperationResult.refused("RULE_INVALID", String.join("; ", problems));
                }
                Records records = request.context().records();
                String key = String.valueOf(in.get("key"));
                Map<String, Object> values = new LinkedHashMap<>();
                for (String field : List.of("key", "program", "name", "kind", "event", "condition", "multiplier", "categories",
                        "points", "once", "dailyCap", "budget", "from", "until")) {
                    values.put(field, in.get(field));
                }
                values.put("active", in.getOrDefault("active", true));
                Records.Created created = records.create(OBJECT, key, new LinkedHashMap<>(Map.of("key", key, "program",
                        program.get("key"), "name", in.get("name"), "kind", kind, "active", true, "awarded", 0)));
                Map<String, Object> stored = created.record();
                if (!program.get("key").equals(stored.get("program"))) {
                    return OperationResult.refused("RULE_INVALID", "key: the rule " + key + " belongs to the program " + stored.get("program"));
                }
                Map<String, Object> changes = new HashMap<>(values);
                changes.remove("key");
                records.updateWhere(OBJECT, Ledger.id(stored), Ledger.eq("key", key), changes);
                return OperationResult.ok(Map.of("key", key, "created", created.created(), "id", Ledger.id(stored)));
            });
        }
    }
}

package io.quanyu.conditions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A condition on past behaviour: what the customer's events of one type (with an optional rule over each event's
 * {@code properties} and {@code channel}) add up to within a window, compared with a value:
 * <pre>{@code {"behavior": {"event": "order.paid", "where": {"field": "properties.amount", "op": "gte", "value": 100},
 *               "window": {"lastDays": 30}, "measure": "count", "op": "gte", "value": 2}}}</pre>
 * The window is a rolling {@code lastDays} (24-hour days back from now), {@code between} two instants or dates
 * (dates in {@code zone}, UTC unless named: {@code "Asia/Shanghai"}; the end date included), or absent for all
 * time. The measure is {@code count} (the default), {@code sum}, {@code min} or {@code max} of a numeric
 * {@code property}, or the {@code first} or {@code last} event's time; the comparison is any operator that suits it
 * ({@code gte}, {@code eq}, {@code between} for numbers; {@code withinLastDays}, {@code olderThanDays},
 * {@code before}, {@code after} for times). "Did not do" is {@code count eq 0}; "at most N times" {@code lte N}.
 * <p>
 * The events are facts like any other, read from {@code behavior.<key>} ({@link #key()}, the same for every
 * condition over the same events): an array of {@code [epoch millis, property value]} of the matching events in the
 * window, newest first, which the caller loads ({@link #since}, {@link #until}, {@link #takes}). The condition counts
 * only those inside the window at the time it is evaluated, and its verdict next changes when the oldest of them
 * leaves a rolling window or a window's bound is reached ({@link Condition#nextChange}).
 */
public final class Behavior implements Condition {
    /** The root of behaviour facts. */
    public static final String ROOT = "behavior";
    /** The most events of one behaviour a caller loads per customer (the newest). */
    public static final int MAX_EVENTS = 1_000;

    /** What the condition compares. */
    public enum Measure {
        COUNT, SUM, MIN, MAX, FIRST, LAST;

        boolean numeric() {
            return this != FIRST && this != LAST;
        }

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final JsonNode json;
    private final String event;
    private final Condition where;
    private final Integer lastDays;
    private final Instant from;
    private final Instant to;
    /** The window's dates when they are read in each customer's own zone ({@code "zone": "customer"}); else null. */
    private final CustomerDates customerDates;
    private final Measure measure;
    private final String property;
    private final Operator op;
    private final JsonNode value;
    private final Matchers.Matcher matcher;
    private final String key;

    /**
     * A dated window in the customer's clock: {@code from} and {@code to} (inclusive) are dates of the zone the
     * customer record names ({@code record.timeZone}), UTC when it names none or one that is not a zone.
     */
    record CustomerDates(java.time.LocalDate from, java.time.LocalDate to) {
        /** The customer record's field that names the customer's zone. */
        static final String ZONE_FIELD = "record.timeZone";

        static java.time.ZoneId zone(JsonNode facts) {
            String id = facts == null ? "" : facts.path("record").path("timeZone").asString("");
            try {
                return id.isEmpty() ? java.time.ZoneOffset.UTC : java.time.ZoneId.of(id);
            } catch (java.time.DateTimeException e) {
                return java.time.ZoneOffset.UTC;
            }
        }
    }

    Behavior(JsonNode json, String event, Condition where, Integer lastDays, Instant from, Instant to,
             CustomerDates customerDates, Measure measure, String property, Operator op, JsonNode value) {
        this.json = json.deepCopy();
        this.event = event;
        this.where = where;
        this.lastDays = lastDays;
        this.from = from;
        this.to = to;
        this.customerDates = customerDates;
        this.measure = measure;
        this.property = property;
        this.op = op;
        this.value = value == null ? null : value.deepCopy();
        this.matcher = Matchers.of(op, this.value);
        this.key = key(event, where, lastDays, from, to, customerDates, property);
    }

    /** The key of the events this condition reads, shared by every condition over the same events and window. */
    public String key() {
        return key;
    }

    /** The dot path of the events in the facts: {@code behavior.<key>}. */
    public String field() {
        return ROOT + "." + key;
    }

    /** The event type. */
    public String event() {
        return event;
    }

    /**
     * The earliest event time inside the window at {@code now} for the customer of these facts (their own zone for a
     * window in the customer's clock); null for all time.
     */
    public Instant since(Instant now, JsonNode facts) {
        if (lastDays != null) {
            return now.minus(Duration.ofDays(lastDays));
        }
        return customerDates != null && customerDates.from() != null
                ? customerDates.from().atStartOfDay(CustomerDates.zone(facts)).toInstant() : from;
    }

    /** The end of the window (exclusive) for the customer of these facts; null when it has none. */
    public Instant until(JsonNode facts) {
        return customerDates != null && customerDates.to() != null
                ? customerDates.to().plusDays(1).atStartOfDay(CustomerDates.zone(facts)).toInstant() : to;
    }

    /** The earliest {@link #since} of any customer (a window in the customer's clock starts first at UTC+14). */
    public Instant sinceForAny(Instant now) {
        return customerDates != null && customerDates.from() != null
                ? customerDates.from().atStartOfDay(java.time.ZoneOffset.ofHours(14)).toInstant() : since(now, null);
    }

    /** The latest {@link #until} of any customer (a window in the customer's clock ends last at UTC−12). */
    public Instant untilForAny() {
        return customerDates != null && customerDates.to() != null
                ? customerDates.to().plusDays(1).atStartOfDay(java.time.ZoneOffset.ofHours(-12)).toInstant() : to;
    }

    /** Whether the window is read in each customer's zone, so the rule reads {@code record.timeZone} too. */
    boolean readsCustomerZone() {
        return customerDates != null;
    }

    /** The property whose values the measure takes ({@code amount}, a dot path inside the event's properties); null for a count or times. */
    public String property() {
        return property;
    }

    /** Whether an event of the type, as {@code {"properties": {...}, "channel": "..."}}, passes the {@code where} rule. */
    public boolean takes(JsonNode eventFacts, Instant now) {
        return where == null || where.matches(eventFacts, now);
    }

    @Override
    public boolean matches(JsonNode facts, Instant now) {
        JsonNode measured = measure(facts, now);
        return measured == null ? op.onAbsent() : matcher.test(measured, now);
    }

    @Override
    public Verdict explain(JsonNode facts, Instant now) {
        JsonNode measured = measure(facts, now);
        boolean matched = measured == null ? op.onAbsent() : matcher.test(measured, now);
        return Sentences.behavior(field(), describe(false), describe(true), op, value, measured, matched).verdict();
    }

    /**
     * When the verdict can next change with time alone: the oldest event in a rolling window leaving it, a
     * window's bound, or a first or last time leaving a {@code withinLastDays}/{@code olderThanDays} comparison.
     */
    Instant boundary(JsonNode facts, Instant now) {
        Instant earliest = null;
        if (lastDays != null) {
            Instant start = since(now, facts);
            for (JsonNode entry : entries(facts)) {
                Instant at = Instant.ofEpochMilli(entry.get(0).asLong());
                if (at.isAfter(start)) {
                    earliest = earlier(earliest, at.plus(Duration.ofDays(lastDays)), now);
                }
            }
        }
        earliest = earlier(earliest, since(now, facts), now);
        earliest = earlier(earliest, until(facts), now);
        if (!measure.numeric() && (op == Operator.WITHIN_LAST_DAYS || op == Operator.OLDER_THAN_DAYS)) {
            JsonNode measured = measure(facts, now);
            Instant fact = Values.time(measured);
            if (fact != null) {
                earliest = earlier(earliest, fact.plus(Duration.ofDays(value.longValue())), now);
            }
        }
        return earliest;
    }

    /** The measure over the events inside the window at {@code now}; null when there is none to take (no event for min, max, first, last). */
    JsonNode measure(JsonNode facts, Instant now) {
        Instant start = since(now, facts);
        Instant end = until(facts);
        long count = 0;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal min = null;
        BigDecimal max = null;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (JsonNode entry : entries(facts)) {
            long at = entry.get(0).asLong();
            Instant time = Instant.ofEpochMilli(at);
            if ((start != null && (lastDays != null ? !time.isAfter(start) : time.isBefore(start)))
                    || (end != null && !time.isBefore(end))) {
                continue;
            }
            count++;
            first = Math.min(first, at);
            last = Math.max(last, at);
            JsonNode v = entry.get(1);
            if (v != null && v.isNumber()) {
                BigDecimal n = v.decimalValue();
                sum = sum.add(n);
                min = min == null || n.compareTo(min) < 0 ? n : min;
                max = max == null || n.compareTo(max) > 0 ? n : max;
            }
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (measure) {
            case COUNT -> f.numberNode(count);
            case SUM -> f.numberNode(sum);
            case MIN -> min == null ? null : f.numberNode(min);
            case MAX -> max == null ? null : f.numberNode(max);
            case FIRST -> count == 0 ? null : f.stringNode(Instant.ofEpochMilli(first).toString());
            case LAST -> count == 0 ? null : f.stringNode(Instant.ofEpochMilli(last).toString());
        };
    }

    private JsonNode entries(JsonNode facts) {
        JsonNode root = facts == null ? null : facts.get(ROOT);
        JsonNode list = root == null ? null : root.get(key);
        return list != null && list.isArray() ? list : JsonNodeFactory.instance.arrayNode();
    }

    /** "count of order.paid events in the last 30 days" / "最近 30 天 order.paid 事件的次数". */
    private String describe(boolean chinese) {
        String what = switch (measure) {
            case COUNT -> chinese ? "次数" : "count";
            case SUM -> chinese ? property + " 之和" : "sum of " + property;
            case MIN -> chinese ? property + " 最小值" : "least " + property;
            case MAX -> chinese ? property + " 最大值" : "greatest " + property;
            case FIRST -> chinese ? "首次时间" : "first time";
            case LAST -> chinese ? "最近一次时间" : "last time";
        };
        String filtered = where == null ? "" : chinese ? "（符合条件的）" : " (filtered)";
        if (chinese) {
            String window = lastDays != null ? "最近 " + lastDays + " 天" : customerDates != null
                    ? (customerDates.from() == null ? "" : customerDates.from() + " 起") + (customerDates.to() == null ? ""
                    : "至 " + customerDates.to() + " 止") + "（按客户所在时区）"
                    : from != null || to != null ? (from == null ? "" : from + " 起") + (to == null ? "" : "至 " + to + " 前") : "全部时间内";
            return window + " " + event + " 事件" + filtered + "的" + what;
        }
        String window = lastDays != null ? " in the last " + lastDays + " days" : customerDates != null
                ? (customerDates.from() == null ? "" : " from " + customerDates.from()) + (customerDates.to() == null ? ""
                : " to " + customerDates.to()) + " in the customer's time zone"
                : from != null || to != null ? (from == null ? "" : " from " + from) + (to == null ? "" : " before " + to) : " ever";
        return what + " of " + event + " events" + filtered + window;
    }

    private static Instant earlier(Instant earliest, Instant candidate, Instant now) {
        if (candidate == null || !candidate.isAfter(now)) {
            return earliest;
        }
        return earliest == null || candidate.isBefore(earliest) ? candidate : earliest;
    }

    private static String key(String event, Condition where, Integer lastDays, Instant from, Instant to,
                              CustomerDates customerDates, String property) {
        ObjectNode canonical = JsonNodeFactory.instance.objectNode().put("event", event);
        if (where != null) {
            canonical.set("where", where.toJson());
        }
        if (lastDays != null) {
            canonical.put("lastDays", lastDays);
        }
        canonical.put("from", from == null ? null : from.toString()).put("to", to == null ? null : to.toString())
                .put("property", property);
        if (customerDates != null) {
            canonical.put("customerFrom", String.valueOf(customerDates.from())).put("customerTo", String.valueOf(customerDates.to()));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return "b" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The property's value in an event's properties, or null. */
    public JsonNode valueOf(JsonNode properties) {
        if (property == null || properties == null) {
            return null;
        }
        JsonNode node = properties;
        for (String part : property.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    /** One loaded event as the facts hold it: {@code [epoch millis, value]}. */
    public static ArrayNode entry(Instant at, JsonNode value) {
        ArrayNode entry = JsonNodeFactory.instance.arrayNode().add(at.toEpochMilli());
        return value == null ? entry.addNull() : entry.add(value);
    }

    @Override
    public JsonNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set(ROOT, json.deepCopy());
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Behavior other && json.equals(other.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(json);
    }

    @Override
    public String toString() {
        return toJson().toString();
    }
}

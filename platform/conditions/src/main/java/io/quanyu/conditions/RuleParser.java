package io.quanyu.conditions;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** One parse: builds the tree and collects every violation, then refuses if there is any. */
final class RuleParser {
    private static final Set<String> COMBINATORS = Set.of("all", "any", "not", "behavior");
    private static final Set<String> BEHAVIOR_KEYS = Set.of("event", "where", "window", "measure", "property", "op", "value");
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_.]{0,63}");
    private static final Set<Operator> TIME_OPS = Set.of(Operator.WITHIN_LAST_DAYS, Operator.OLDER_THAN_DAYS,
            Operator.BEFORE, Operator.AFTER, Operator.BETWEEN, Operator.EXISTS, Operator.NOT_EXISTS);
    private static final Set<Operator> NUMBER_OPS = Set.of(Operator.EQ, Operator.NE, Operator.GT, Operator.GTE,
            Operator.LT, Operator.LTE, Operator.BETWEEN, Operator.IN, Operator.NOT_IN, Operator.EXISTS, Operator.NOT_EXISTS);
    private static final Set<String> LEAF_KEYS = Set.of("field", "op", "value");
    /** The window zone that reads each customer's own ({@code record.timeZone}). */
    private static final String CUSTOMER_ZONE = "customer";
    private static final Pattern PATH = Pattern.compile("[^.]+(\\.[^.]+)*");

    private final List<FieldViolation> violations = new ArrayList<>();
    private final boolean behaviorAllowed;
    private int nodes;

    RuleParser(boolean behaviorAllowed) {
        this.behaviorAllowed = behaviorAllowed;
    }

    Condition parse(JsonNode rule) {
        Condition condition = node(rule, "", 1);
        if (!violations.isEmpty()) {
            throw QuanyuException.invalid(violations);
        }
        return condition;
    }

    private Condition node(JsonNode node, String pointer, int depth) {
        if (++nodes == Conditions.MAX_NODES + 1) {
            violation("", "size", "has more than " + Conditions.MAX_NODES + " conditions");
        }
        if (nodes > Conditions.MAX_NODES) {
            return null;
        }
        if (depth > Conditions.MAX_DEPTH) {
            violation(pointer, "depth", "nests deeper than " + Conditions.MAX_DEPTH + " levels");
            return null;
        }
        if (node == null || !node.isObject()) {
            violation(pointer, "type", "must be an object: {all: [...]}, {any: [...]}, {not: {...}} or a leaf");
            return null;
        }
        return shaped(node, pointer, depth);
    }

    private Condition shaped(JsonNode node, String pointer, int depth) {
        unknownKeys(node, pointer);
        List<String> combinators = node.propertyNames().stream().filter(COMBINATORS::contains).toList();
        boolean leafish = node.propertyNames().stream().anyMatch(LEAF_KEYS::contains);
        if (combinators.size() + (leafish ? 1 : 0) > 1) {
            violation(pointer, "invalid", "mixes " + String.join(", ", combinators) + (leafish ? ", field" : "")
                    + "; a condition is exactly one of all, any, not or a leaf {field, op, value}");
            return null;
        }
        if (combinators.isEmpty() && !leafish) {
            violation(pointer, "required", "needs all, any, not, or field and op");
            return null;
        }
        return leafish ? leaf(node, pointer) : combinator(node, combinators.getFirst(), pointer, depth);
    }

    private Condition combinator(JsonNode node, String key, String pointer, int depth) {
        JsonNode body = node.get(key);
        String at = pointer + "/" + key;
        if ("not".equals(key)) {
            Condition child = node(body, at, depth + 1);
            return child == null ? null : new Condition.Not(child);
        }
        if ("behavior".equals(key)) {
            if (!behaviorAllowed) {
                violation(at, "unsupported", "a behaviour condition reads the customer's past events, which this rule is"
                        + " not given; use it in a segment (and this rule on the segment's membership)");
                return null;
            }
            return behavior(body, at, depth);
        }
        if (!body.isArray()) {
            violation(at, "type", "must be an array of conditions");
            return null;
        }
        List<Condition> children = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            children.add(node(body.get(i), at + "/" + i, depth + 1));
        }
        if (children.contains(null)) {
            return null;
        }
        return "all".equals(key) ? new Condition.All(children) : new Condition.Any(children);
    }

    /** A {@link Behavior}: every problem reported at its pointer, the {@code where} rule's too. */
    private Condition behavior(JsonNode body, String at, int depth) {
        if (body == null || !body.isObject()) {
            violation(at, "type", "must be an object {event, window, measure, op, value}");
            return null;
        }
        int before = violations.size();
        for (String name : body.propertyNames()) {
            if (!BEHAVIOR_KEYS.contains(name)) {
                violation(at + "/" + escape(name), "unknown", "is not a known field");
            }
        }
        JsonNode event = body.get("event");
        if (event == null || !event.isString() || !EVENT_TYPE.matcher(event.stringValue()).matches()) {
            violation(at + "/event", event == null ? "required" : "pattern", "must be an event type such as order.paid");
        }
        Condition where = null;
        if (body.has("where")) {
            where = node(body.get("where"), at + "/where", depth + 1);
            if (where != null) {
                for (String field : where.fields()) {
                    if (!field.equals("channel") && !field.startsWith("properties.")) {
                        violation(at + "/where", "field", "reads " + field + "; an event's rule reads properties.<name> or channel");
                    }
                }
            }
        }
        Integer lastDays = null;
        java.time.Instant[] range = {null, null};
        Behavior.CustomerDates[] dates = {null};
        window(body.get("window"), at + "/window", range, dates);
        JsonNode window = body.get("window");
        if (window != null && window.has("lastDays") && window.get("lastDays").canConvertToInt()) {
            lastDays = window.get("lastDays").intValue();
        }
        Behavior.Measure measure = measure(body.get("measure"), at + "/measure");
        String property = null;
        JsonNode prop = body.get("property");
        if (measure != null && measure.numeric() && measure != Behavior.Measure.COUNT) {
            if (prop == null || !prop.isString() || !PATH.matcher(prop.stringValue()).matches()) {
                violation(at + "/property", prop == null ? "required" : "pattern",
                        "is required by " + measure.key() + ": the dot path of a numeric property, such as amount");
            } else {
                property = prop.stringValue();
            }
        } else if (prop != null) {
            violation(at + "/property", "unknown", "is not used by " + (measure == null ? "this measure" : measure.key()));
        }
        Operator op = op(body.get("op"), at + "/op");
        if (op != null && measure != null && !(measure.numeric() ? NUMBER_OPS : TIME_OPS).contains(op)) {
            violation(at + "/op", "option", op.key() + " does not compare a " + (measure.numeric() ? "number" : "time"));
        } else if (op != null && measure != null && measure.numeric() && op.valueKind() == Operator.ValueKind.SCALARS) {
            JsonNode v = body.get("value");
            if (v != null && v.isArray()) {
                for (int i = 0; i < v.size(); i++) {
                    if (!v.get(i).isNumber()) {
                        violation(at + "/value/" + i, "type", "must be a number");
                    }
                }
            }
        }
        if (op != null) {
            ValueRules.check(op, body.get("value"), at + "/value", violations);
            JsonNode v = body.get("value");
            if (measure != null && measure.numeric() && v != null && op.valueKind() != Operator.ValueKind.SCALARS
                    && !(v.isNumber() || (v.isArray() && v.size() == 2 && v.get(0).isNumber()))) {
                violation(at + "/value", "type", "must be a number");
            }
        }
        if (violations.size() > before) {
            return null;
        }
        return new Behavior(body, event.stringValue(), where, lastDays, range[0], range[1], dates[0], measure, property, op,
                body.get("value"));
    }

    /**
     * {@code {"lastDays": n}} or {@code {"between": [from, to], "zone": "Asia/Shanghai"}} (dates in that zone; UTC
     * when none is named; {@code "customer"}: in each customer's own zone, {@code record.timeZone}); absent for all
     * time.
     */
    private void window(JsonNode window, String at, java.time.Instant[] range, Behavior.CustomerDates[] dates) {
        if (window == null) {
            return;
        }
        if (!window.isObject() || window.has("lastDays") == window.has("between")) {
            violation(at, "type", "must be {lastDays: n} or {between: [from, to], zone}");
            return;
        }
        for (String name : window.propertyNames()) {
            if (!Set.of("lastDays", "between", "zone").contains(name)) {
                violation(at + "/" + escape(name), "unknown", "is not a known field");
            }
        }
        if (window.has("lastDays")) {
            JsonNode n = window.get("lastDays");
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 1 || n.intValue() > 3_650) {
                violation(at + "/lastDays", "range", "must be a whole number of days from 1 to 3650");
            }
            if (window.has("zone")) {
                violation(at + "/zone", "unknown", "is not used by a rolling window");
            }
            return;
        }
        java.time.ZoneId zone = java.time.ZoneOffset.UTC;
        JsonNode z = window.get("zone");
        if (z != null && CUSTOMER_ZONE.equals(z.asString(""))) {
            customerDates(window.get("between"), at, dates);
            return;
        }
        if (z != null) {
            try {
                zone = java.time.ZoneId.of(z.asString(""));
            } catch (java.time.DateTimeException e) {
                violation(at + "/zone", "option", "is not a time zone such as Asia/Shanghai or UTC, or customer");
                return;
            }
        }
        JsonNode between = window.get("between");
        if (!between.isArray() || between.size() != 2) {
            violation(at + "/between", "size", "must be [from, to]");
            return;
        }
        for (int i = 0; i < 2; i++) {
            JsonNode bound = between.get(i);
            if (bound.isNull()) {
                continue;
            }
            java.time.Instant instant = instant(bound, zone, i == 1);
            if (instant == null) {
                violation(at + "/between/" + i, "format",
                        "must be an ISO-8601 instant with an offset, a date (2026-10-01) or null");
            }
            range[i] = instant;
        }
        if (range[0] != null && range[1] != null && !range[0].isBefore(range[1])) {
            violation(at + "/between", "range", "the start is not before the end");
        }
    }

    /** {@code [from, to]} as dates (either may be null, from not after to), read later in each customer's zone. */
    private void customerDates(JsonNode between, String at, Behavior.CustomerDates[] dates) {
        if (between == null || !between.isArray() || between.size() != 2) {
            violation(at + "/between", "size", "must be [from, to]");
            return;
        }
        java.time.LocalDate[] bounds = new java.time.LocalDate[2];
        for (int i = 0; i < 2; i++) {
            JsonNode bound = between.get(i);
            if (bound.isNull()) {
                continue;
            }
            try {
                bounds[i] = java.time.LocalDate.parse(bound.isString() ? bound.stringValue() : "");
            } catch (java.time.format.DateTimeParseException e) {
                violation(at + "/between/" + i, "format", "must be a date (2026-10-01) or null in the customer's time zone");
            }
        }
        if (bounds[0] != null && bounds[1] != null && bounds[0].isAfter(bounds[1])) {
            violation(at + "/between", "range", "the start is after the end");
        }
        dates[0] = new Behavior.CustomerDates(bounds[0], bounds[1]);
    }

    /** An instant, or a date in the zone: its start, or for the end of a window the start of the next day. */
    private static java.time.Instant instant(JsonNode bound, java.time.ZoneId zone, boolean end) {
        if (!bound.isString()) {
            return null;
        }
        String text = bound.stringValue();
        try {
            if (text.length() == 10) {
                java.time.LocalDate date = java.time.LocalDate.parse(text);
                return (end ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
            }
            return text.indexOf('T') > 0 ? java.time.OffsetDateTime.parse(text).toInstant() : null;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private Behavior.Measure measure(JsonNode measure, String at) {
        if (measure == null) {
            return Behavior.Measure.COUNT;
        }
        for (Behavior.Measure m : Behavior.Measure.values()) {
            if (m.key().equals(measure.asString(""))) {
                return m;
            }
        }
        violation(at, "option", "must be count, sum, min, max, first or last");
        return null;
    }

    private Condition leaf(JsonNode node, String pointer) {
        String field = field(node.get("field"), pointer + "/field");
        Operator op = op(node.get("op"), pointer + "/op");
        boolean valueOk = op != null && ValueRules.check(op, node.get("value"), pointer + "/value", violations);
        return field != null && valueOk ? new Condition.Leaf(field, op, node.get("value")) : null;
    }

    private String field(JsonNode field, String pointer) {
        if (field == null) {
            violation(pointer, "required", "is required: the dot path of a fact, such as attributes.city");
        } else if (!field.isString()) {
            violation(pointer, "type", "must be a string");
        } else if (!PATH.matcher(field.stringValue()).matches()) {
            violation(pointer, "pattern", "must be a dot path without empty parts, such as attributes.city");
        } else {
            return field.stringValue();
        }
        return null;
    }

    private Operator op(JsonNode op, String pointer) {
        if (op == null) {
            violation(pointer, "required", "is required");
        } else if (!op.isString()) {
            violation(pointer, "type", "must be a string");
        } else {
            Operator found = Operator.of(op.stringValue()).orElse(null);
            if (found == null) {
                violation(pointer, "option", "is not a known operator: " + Values.render(op) + " (see the README)");
            }
            return found;
        }
        return null;
    }

    private void unknownKeys(JsonNode node, String pointer) {
        for (String key : node.propertyNames()) {
            if (!COMBINATORS.contains(key) && !LEAF_KEYS.contains(key)) {
                violation(pointer + "/" + escape(key), "unknown", "is not a known field");
            }
        }
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private void violation(String pointer, String code, String message) {
        violations.add(new FieldViolation(pointer, code, message));
    }
}

package io.quanyu.conditions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable rule over a facts document (a JSON object such as
 * {@code {"attributes": {...}, "tags": [...], "aggregates": {...}}}). Built by {@link Conditions#parse}; callers that
 * translate rules into store queries switch over the five node types (the fifth, {@link Behavior}, a condition on
 * past events).
 */
public sealed interface Condition permits Condition.All, Condition.Any, Condition.Not, Condition.Leaf, Behavior {

    /** Whether the facts match, without building an explanation (the fast path). */
    boolean matches(JsonNode facts, Instant now);

    /** Whether the facts match, with the explanation tree (allocates English and Chinese sentences). */
    Verdict explain(JsonNode facts, Instant now);

    /** The rule as JSON; {@link Conditions#parse} of it gives an equal condition. */
    JsonNode toJson();

    /** The dot paths this rule reads, in rule order, so callers load only those facts. */
    default Set<String> fields() {
        Set<String> out = new LinkedHashSet<>();
        collect(this, out);
        return Collections.unmodifiableSet(out);
    }

    /**
     * The earliest instant after {@code now} at which the verdict on these facts may change with time alone, because
     * a {@code withinLastDays} or {@code olderThanDays} window ends (the fact's time plus the days), or a behaviour
     * condition's event leaves its window ({@link Behavior}); the verdict can
     * change just after it. Empty when no leaf depends on the time. Callers set a timer for it (a segment's exact-time
     * flip) instead of evaluating again on a schedule.
     */
    default java.util.Optional<Instant> nextChange(JsonNode facts, Instant now) {
        Instant[] earliest = {null};
        changes(this, facts, now, earliest);
        return java.util.Optional.ofNullable(earliest[0]);
    }

    private static void changes(Condition condition, JsonNode facts, Instant now, Instant[] earliest) {
        switch (condition) {
            case All all -> all.children().forEach(c -> changes(c, facts, now, earliest));
            case Any any -> any.children().forEach(c -> changes(c, facts, now, earliest));
            case Not not -> changes(not.child(), facts, now, earliest);
            case Leaf leaf -> earliest(leaf.boundary(facts), now, earliest);
            case Behavior behavior -> earliest(behavior.boundary(facts, now), now, earliest);
        }
    }

    private static void earliest(Instant boundary, Instant now, Instant[] earliest) {
        if (boundary != null && !boundary.isBefore(now) && (earliest[0] == null || boundary.isBefore(earliest[0]))) {
            earliest[0] = boundary;
        }
    }

    /** The behaviour conditions of this rule, whose events a caller loads into the facts before evaluating it. */
    default List<Behavior> behaviors() {
        List<Behavior> out = new ArrayList<>();
        behaviors(this, out);
        return Collections.unmodifiableList(out);
    }

    private static void behaviors(Condition condition, List<Behavior> out) {
        switch (condition) {
            case All all -> all.children().forEach(c -> behaviors(c, out));
            case Any any -> any.children().forEach(c -> behaviors(c, out));
            case Not not -> behaviors(not.child(), out);
            case Leaf leaf -> {
            }
            case Behavior behavior -> out.add(behavior);
        }
    }

    private static void collect(Condition condition, Set<String> out) {
        switch (condition) {
            case All all -> all.children().forEach(c -> collect(c, out));
            case Any any -> any.children().forEach(c -> collect(c, out));
            case Not not -> collect(not.child(), out);
            case Leaf leaf -> out.add(leaf.field());
            case Behavior behavior -> {
                out.add(behavior.field());
                if (behavior.readsCustomerZone()) {
                    out.add(Behavior.CustomerDates.ZONE_FIELD);
                }
            }
        }
    }

    /** Matches when every child does; {@code {"all": []}} always matches. */
    record All(List<Condition> children) implements Condition {
        public All {
            children = List.copyOf(children);
        }

        @Override
        public boolean matches(JsonNode facts, Instant now) {
            for (int i = 0; i < children.size(); i++) {
                if (!children.get(i).matches(facts, now)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Verdict explain(JsonNode facts, Instant now) {
            return Explanation.combine("all", explainAll(children, facts, now)).verdict();
        }

        @Override
        public JsonNode toJson() {
            return combinator("all", children);
        }
    }

    /** Matches when at least one child does; {@code {"any": []}} never matches. */
    record Any(List<Condition> children) implements Condition {
        public Any {
            children = List.copyOf(children);
        }

        @Override
        public boolean matches(JsonNode facts, Instant now) {
            for (int i = 0; i < children.size(); i++) {
                if (children.get(i).matches(facts, now)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Verdict explain(JsonNode facts, Instant now) {
            return Explanation.combine("any", explainAll(children, facts, now)).verdict();
        }

        @Override
        public JsonNode toJson() {
            return combinator("any", children);
        }
    }

    /** Matches when its child does not. */
    record Not(Condition child) implements Condition {
        public Not {
            Objects.requireNonNull(child, "child");
        }

        @Override
        public boolean matches(JsonNode facts, Instant now) {
            return !child.matches(facts, now);
        }

        @Override
        public Verdict explain(JsonNode facts, Instant now) {
            return Explanation.combine("not", List.of(child.explain(facts, now).explanation())).verdict();
        }

        @Override
        public JsonNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.set("not", child.toJson());
            return json;
        }
    }

    /** Compares the fact at {@link #field()} with {@link #value()} using {@link #op()}. */
    final class Leaf implements Condition {
        private final String field;
        private final String[] path;
        private final Operator op;
        private final JsonNode value;
        private final Matchers.Matcher matcher;

        /** {@code value} must already be valid for {@code op} (see {@link Conditions#parse}); null when it takes none. */
        Leaf(String field, Operator op, JsonNode value) {
            this.field = field;
            this.path = field.split("\\.");
            this.op = op;
            this.value = value == null ? null : value.deepCopy();
            this.matcher = Matchers.of(op, this.value);
        }

        public String field() {
            return field;
        }

        public Operator op() {
            return op;
        }

        /** A copy of the rule's value, or null for operators that take none. */
        public JsonNode value() {
            return value == null ? null : value.deepCopy();
        }

        @Override
        public boolean matches(JsonNode facts, Instant now) {
            JsonNode actual = resolve(facts);
            return actual == null ? op.onAbsent() : matcher.test(actual, now);
        }

        @Override
        public Verdict explain(JsonNode facts, Instant now) {
            JsonNode actual = resolve(facts);
            boolean matched = actual == null ? op.onAbsent() : matcher.test(actual, now);
            return Sentences.leaf(field, op, value, actual, matched).verdict();
        }

        /** When this leaf's verdict changes with time alone on these facts (its window's end), or null. */
        Instant boundary(JsonNode facts) {
            if (op != Operator.WITHIN_LAST_DAYS && op != Operator.OLDER_THAN_DAYS) {
                return null;
            }
            Instant fact = Values.time(resolve(facts));
            return fact == null ? null : fact.plus(java.time.Duration.ofDays(value.longValue()));
        }

        /** The fact at this leaf's path; null when absent (missing, JSON null, or through a non-container). */
        private JsonNode resolve(JsonNode facts) {
            JsonNode node = facts;
            for (int i = 0; i < path.length && node != null; i++) {
                node = node.isArray() ? node.get(index(path[i])) : node.get(path[i]);
            }
            return node == null || node.isNull() || node.isMissingNode() ? null : node;
        }

        private static int index(String segment) {
            for (int i = 0; i < segment.length(); i++) {
                if (!Character.isDigit(segment.charAt(i)) || i > 8) {
                    return -1;
                }
            }
            return Integer.parseInt(segment);
        }

        @Override
        public JsonNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode().put("field", field).put("op", op.key());
            if (value != null) {
                json.set("value", value.deepCopy());
            }
            return json;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Leaf other && field.equals(other.field) && op == other.op
                    && Objects.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return Objects.hash(field, op, value);
        }

        @Override
        public String toString() {
            return toJson().toString();
        }
    }

    private static List<Explanation> explainAll(List<Condition> children, JsonNode facts, Instant now) {
        List<Explanation> out = new ArrayList<>(children.size());
        for (Condition child : children) {
            out.add(child.explain(facts, now).explanation());
        }
        return out;
    }

    private static JsonNode combinator(String key, List<Condition> children) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ArrayNode array = json.putArray(key);
        children.forEach(child -> array.add(child.toJson()));
        return json;
    }
}

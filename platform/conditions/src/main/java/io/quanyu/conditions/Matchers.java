package io.quanyu.conditions;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Turns a validated operator and value into a {@link Matcher} once, at parse time, so evaluation converts only the
 * fact (no strings, no rule-side parsing).
 */
final class Matchers {
    private static final String[] NUMBER = {"is not a number", "不是数字"};
    private static final String[] TIME = {"is not an ISO-8601 time", "不是 ISO-8601 时间"};
    private static final String[] TEXT = {"is not text", "不是文本"};
    private static final String[] LIST = {"is not a list", "不是列表"};

    private Matchers() {
    }

    /** Tests a present (non-null) fact. */
    @FunctionalInterface
    interface Matcher {
        boolean test(JsonNode actual, Instant now);
    }

    /** A number or an instant to compare facts with. */
    record Bound(JsonNode number, Instant time) {
        static final int INCOMPARABLE = Integer.MIN_VALUE;

        static Bound of(JsonNode value) {
            return value.isNumber() ? new Bound(value, null) : new Bound(null, Values.time(value));
        }

        /** The fact compared with this bound (negative, zero, positive), or {@link #INCOMPARABLE}. */
        int compare(JsonNode actual) {
            if (number != null) {
                return actual.isNumber() ? Integer.signum(Values.compareNumbers(actual, number)) : INCOMPARABLE;
            }
            Instant fact = Values.time(actual);
            return fact == null ? INCOMPARABLE : Integer.signum(fact.compareTo(time));
        }
    }

    static Matcher of(Operator op, JsonNode value) {
        return switch (op) {
            case EQ -> (a, now) -> Values.same(a, value);
            case NE -> (a, now) -> !Values.same(a, value);
            case IN -> in(items(value), true);
            case NOT_IN -> in(items(value), false);
            case GT -> compare(Bound.of(value), 1, 1);
            case GTE -> compare(Bound.of(value), 0, 1);
            case LT -> compare(Bound.of(value), -1, -1);
            case LTE -> compare(Bound.of(value), -1, 0);
            case BETWEEN -> between(Bound.of(value.get(0)), Bound.of(value.get(1)));
            case EXISTS -> (a, now) -> true;
            case NOT_EXISTS -> (a, now) -> false;
            case CONTAINS -> contains(value);
            case CONTAINS_ANY -> containsAny(items(value));
            case CONTAINS_ALL -> containsAll(items(value));
            case STARTS_WITH -> (a, now) -> a.isString() && a.stringValue().startsWith(value.stringValue());
            case WITHIN_LAST_DAYS -> days(value, false);
            case OLDER_THAN_DAYS -> days(value, true);
            case BEFORE -> time(Values.time(value), -1);
            case AFTER -> time(Values.time(value), 1);
            case IS_TRUE -> (a, now) -> a.isBoolean() && a.booleanValue();
            case IS_FALSE -> (a, now) -> a.isBoolean() && !a.booleanValue();
        };
    }

    private static List<JsonNode> items(JsonNode array) {
        return List.copyOf(array.values());
    }

    private static Matcher in(List<JsonNode> items, boolean wanted) {
        return (a, now) -> Values.containsSame(items, a) == wanted;
    }

    private static Matcher compare(Bound bound, int low, int high) {
        return (a, now) -> {
            int c = bound.compare(a);
            return c != Bound.INCOMPARABLE && c >= low && c <= high;
        };
    }

    private static Matcher between(Bound low, Bound high) {
        return (a, now) -> {
            int fromLow = low.compare(a);
            int fromHigh = high.compare(a);
            return fromLow != Bound.INCOMPARABLE && fromLow >= 0 && fromHigh != Bound.INCOMPARABLE && fromHigh <= 0;
        };
    }

    private static Matcher contains(JsonNode value) {
        return (a, now) -> {
            if (a.isArray()) {
                return Values.arrayContains(a, value);
            }
            return a.isString() && value.isString() && a.stringValue().contains(value.stringValue());
        };
    }

    private static Matcher containsAny(List<JsonNode> wanted) {
        return (a, now) -> a.isArray() && countContained(a, wanted) > 0;
    }

    private static Matcher containsAll(List<JsonNode> wanted) {
        return (a, now) -> a.isArray() && countContained(a, wanted) == wanted.size();
    }

    private static int countContained(JsonNode array, List<JsonNode> wanted) {
        int found = 0;
        for (int i = 0; i < wanted.size(); i++) {
            found += Values.arrayContains(array, wanted.get(i)) ? 1 : 0;
        }
        return found;
    }

    /** Within: at or after now − N days (future times included); older: strictly before it. Exact complements. */
    private static Matcher days(JsonNode value, boolean older) {
        Duration days = Duration.ofDays(value.longValue());
        return (a, now) -> {
            Instant fact = Values.time(a);
            return fact != null && fact.isBefore(now.minus(days)) == older;
        };
    }

    private static Matcher time(Instant bound, int sign) {
        return (a, now) -> {
            Instant fact = Values.time(a);
            return fact != null && Integer.signum(fact.compareTo(bound)) == sign;
        };
    }

    /** Why a present fact cannot be compared, in English and Chinese, or null when it can be. */
    static String[] mismatch(Operator op, JsonNode value, JsonNode actual) {
        return switch (op.valueKind()) {
            case BOUND -> Bound.of(value).compare(actual) == Bound.INCOMPARABLE ? kindOf(value) : null;
            case RANGE -> Bound.of(value.get(0)).compare(actual) == Bound.INCOMPARABLE ? kindOf(value.get(0)) : null;
            case DAYS, TIME -> Values.time(actual) == null ? TIME : null;
            case TEXT -> actual.isString() ? null : TEXT;
            default -> op == Operator.CONTAINS_ANY || op == Operator.CONTAINS_ALL ? (actual.isArray() ? null : LIST)
                    : null;
        };
    }

    private static String[] kindOf(JsonNode value) {
        return value.isNumber() ? NUMBER : TIME;
    }
}

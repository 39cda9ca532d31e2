package io.quanyu.plugin.testkit;

import io.quanyu.plugin.sdk.PluginException;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The platform's filter language over in-memory records, with its rules: {@code and}/{@code or} alone with a
 * non-empty list, at most 8 levels and 100 conditions, the ten ops, a value for every op but {@code exists}, at most
 * 1,000 values for {@code in} and 1 to 200 characters for {@code contains}/{@code startsWith}
 * ({@code QUERY_INVALID} otherwise). Numbers compare by value whatever their Java type; a list field (a
 * multi-select) matches {@code eq} and {@code contains} on any element, as MongoDB matches arrays; {@code ne}
 * matches a missing value. Field names are not checked: the test kit does not hold the objects' definitions.
 */
final class FilterLanguage {
    private static final int MAX_DEPTH = 8;
    private static final int MAX_CONDITIONS = 100;
    private static final Set<String> OPS = Set.of("eq", "ne", "in", "gt", "gte", "lt", "lte", "exists", "contains",
            "startsWith");
    /** Ascending order of field values: missing first, numbers by value, then strings, then the rest as text. */
    static final Comparator<Object> VALUES = FilterLanguage::compareValues;

    private int conditions;

    private FilterLanguage() {
    }

    /** Whether {@code record} matches {@code filter} (an empty filter matches every record). */
    static boolean matches(Map<String, Object> record, Map<?, ?> filter) {
        if (filter == null || filter.isEmpty()) {
            return true;
        }
        return new FilterLanguage().node(record, filter, "/filter", 0);
    }

    /** Checks a filter's shape without a record (so a wrong filter fails even on an empty table). */
    static void check(Map<?, ?> filter) {
        matches(Map.of(), filter);
    }

    private boolean node(Map<String, Object> record, Object node, String at, int depth) {
        if (depth > MAX_DEPTH || ++conditions > MAX_CONDITIONS) {
            throw invalid(at, "filters nest at most " + MAX_DEPTH + " levels and " + MAX_CONDITIONS + " conditions");
        }
        if (!(node instanceof Map<?, ?> map)) {
            throw invalid(at, "must be an object");
        }
        if (map.containsKey("and") || map.containsKey("or")) {
            String op = map.containsKey("and") ? "and" : "or";
            if (!(map.get(op) instanceof List<?> parts) || parts.isEmpty() || map.size() != 1) {
                throw invalid(at + "/" + op, "must be the only key, with a non-empty array");
            }
            boolean and = op.equals("and");
            boolean result = and;
            for (int i = 0; i < parts.size(); i++) {
                boolean part = node(record, parts.get(i), at + "/" + op + "/" + i, depth + 1);
                result = and ? result && part : result || part;
            }
            return result;
        }
        return condition(record, map, at);
    }

    private static boolean condition(Map<String, Object> record, Map<?, ?> node, String at) {
        if (!(node.get("field") instanceof String field) || !(node.get("op") instanceof String op) || !OPS.contains(op)) {
            throw invalid(at, "needs field, op (" + String.join(", ", OPS) + ") and value");
        }
        Object value = node.get("value");
        Object stored = record.get(field);
        if (op.equals("exists")) {
            boolean wanted = value == null || !Boolean.FALSE.equals(value);
            return (stored != null) == wanted;
        }
        if (!node.containsKey("value")) {
            throw invalid(at + "/value", "is required for " + op);
        }
        return switch (op) {
            case "eq" -> equal(stored, value);
            case "ne" -> !equal(stored, value);
            case "in" -> {
                if (!(value instanceof List<?> values) || values.size() > 1000) {
                    throw invalid(at + "/value", "in needs an array of at most 1000 values");
                }
                yield values.stream().anyMatch(v -> equal(stored, v));
            }
            case "gt" -> comparable(stored, value) && compareValues(stored, value) > 0;
            case "gte" -> comparable(stored, value) && compareValues(stored, value) >= 0;
            case "lt" -> comparable(stored, value) && compareValues(stored, value) < 0;
            case "lte" -> comparable(stored, value) && compareValues(stored, value) <= 0;
            case "contains" -> {
                String text = text(value, at);
                yield stored instanceof List<?> list ? list.contains(text)
                        : stored instanceof String s && s.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT));
            }
            default -> stored instanceof String s && s.startsWith(text(value, at));
        };
    }

    private static boolean equal(Object stored, Object value) {
        if (stored instanceof List<?> list && !(value instanceof List<?>)) {
            return list.stream().anyMatch(e -> equal(e, value));
        }
        if (stored instanceof Number a && value instanceof Number b) {
            return decimal(a).compareTo(decimal(b)) == 0;
        }
        return Objects.equals(stored, value);
    }

    private static boolean comparable(Object stored, Object value) {
        return (stored instanceof Number && value instanceof Number) || (stored instanceof String && value instanceof String);
    }

    private static int compareValues(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return decimal(x).compareTo(decimal(y));
        }
        if (a instanceof Number != b instanceof Number) {
            return a instanceof Number ? -1 : 1;
        }
        java.time.Instant x = instant(a);
        java.time.Instant y = x == null ? null : instant(b);
        if (y != null) { // times compare as times, as the platform's datetime fields do ("…00.5Z" is after "…00Z")
            return x.compareTo(y);
        }
        return a.toString().compareTo(b.toString());
    }

    private static java.time.@org.jspecify.annotations.Nullable Instant instant(Object value) {
        if (!(value instanceof String s) || s.length() < 20 || s.charAt(10) != 'T') {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(s).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    static BigDecimal decimal(Number n) {
        return n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
    }

    private static String text(Object value, String at) {
        if (!(value instanceof String s) || s.isEmpty() || s.length() > 200) {
            throw invalid(at + "/value", "must be a string of 1 to 200 characters");
        }
        return s;
    }

    static PluginException invalid(String pointer, String message) {
        return new PluginException("QUERY_INVALID", "The query is not valid [" + pointer + " " + message + "]");
    }
}

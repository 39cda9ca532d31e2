package io.quanyu.conditions;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** How facts and rule values compare: numbers exactly (BigDecimal), times as instants, the rest as JSON. */
final class Values {
    private static final int MAX_RENDERED = 80;

    private Values() {
    }

    static boolean isScalar(JsonNode node) {
        return node.isString() || node.isNumber() || node.isBoolean();
    }

    /** JSON equality, except that numbers are equal when their values are ({@code 3 == 3.0}). */
    static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return compareNumbers(a, b) == 0;
        }
        return a.equals(b);
    }

    /** Whether any of {@code candidates} is the same as {@code actual}; no iterator. */
    static boolean containsSame(List<JsonNode> candidates, JsonNode actual) {
        for (int i = 0; i < candidates.size(); i++) {
            if (same(candidates.get(i), actual)) {
                return true;
            }
        }
        return false;
    }

    static boolean arrayContains(JsonNode array, JsonNode wanted) {
        for (int i = 0; i < array.size(); i++) {
            if (same(array.get(i), wanted)) {
                return true;
            }
        }
        return false;
    }

    static int compareNumbers(JsonNode a, JsonNode b) {
        if (a.isIntegralNumber() && b.isIntegralNumber() && a.canConvertToLong() && b.canConvertToLong()) {
            return Long.compare(a.longValue(), b.longValue());
        }
        return a.decimalValue().compareTo(b.decimalValue());
    }

    /**
     * The instant a string fact or value stands for: an ISO-8601 instant with an offset ({@code Z}, {@code +08:00})
     * or a date, taken as the start of that day in UTC; null for anything else.
     */
    static Instant time(JsonNode node) {
        if (node == null || !node.isString()) {
            return null;
        }
        String text = node.stringValue();
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return text.indexOf('T') > 0 ? OffsetDateTime.parse(text).toInstant() : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A short display form: JSON, with numbers in plain notation and long text cut. */
    static String render(JsonNode node) {
        String text = node.isNumber() ? node.decimalValue().toPlainString() : node.toString();
        return text.length() <= MAX_RENDERED ? text : text.substring(0, MAX_RENDERED - 1) + "…";
    }
}

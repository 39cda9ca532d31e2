package io.quanyu.conditions;

import io.quanyu.core.error.FieldViolation;
import tools.jackson.databind.JsonNode;

import java.util.List;

/** Checks a leaf's {@code value} against what its operator needs. */
final class ValueRules {
    static final long MAX_DAYS = 36_500;

    private ValueRules() {
    }

    /** Adds a violation for each problem; true when the value is usable. */
    static boolean check(Operator op, JsonNode value, String pointer, List<FieldViolation> out) {
        int before = out.size();
        if (op.valueKind() == Operator.ValueKind.NONE) {
            if (value != null) {
                out.add(new FieldViolation(pointer, "unknown", "is not used by " + op.key()));
            }
        } else if (value == null) {
            out.add(new FieldViolation(pointer, "required", "is required by " + op.key()));
        } else {
            kind(op, value, pointer, out);
        }
        return out.size() == before;
    }

    private static void kind(Operator op, JsonNode value, String pointer, List<FieldViolation> out) {
        switch (op.valueKind()) {
            case SCALAR -> scalar(value, pointer, out);
            case SCALARS -> scalars(value, pointer, out);
            case BOUND -> bound(value, pointer, out);
            case RANGE -> range(value, pointer, out);
            case TEXT -> expect(value.isString(), pointer, "must be a string", out);
            case DAYS -> days(value, pointer, out);
            case TIME -> time(value, pointer, out);
            case NONE -> throw new IllegalStateException("checked by the caller");
        }
    }

    private static void scalar(JsonNode value, String pointer, List<FieldViolation> out) {
        expect(Values.isScalar(value), pointer, "must be a string, number or boolean", out);
    }

    private static void scalars(JsonNode value, String pointer, List<FieldViolation> out) {
        if (!value.isArray()) {
            out.add(new FieldViolation(pointer, "type", "must be an array of strings, numbers or booleans"));
            return;
        }
        for (int i = 0; i < value.size(); i++) {
            scalar(value.get(i), pointer + "/" + i, out);
        }
    }

    private static void bound(JsonNode value, String pointer, List<FieldViolation> out) {
        if (value.isString()) {
            time(value, pointer, out);
            return;
        }
        expect(value.isNumber(), pointer, "must be a number, or an ISO-8601 instant or date", out);
    }

    private static void range(JsonNode value, String pointer, List<FieldViolation> out) {
        if (!value.isArray()) {
            out.add(new FieldViolation(pointer, "type", "must be an array [low, high]"));
            return;
        }
        if (value.size() != 2) {
            out.add(new FieldViolation(pointer, "size", "must have exactly two items [low, high]"));
            return;
        }
        int before = out.size();
        bound(value.get(0), pointer + "/0", out);
        bound(value.get(1), pointer + "/1", out);
        if (out.size() == before) {
            ordered(value.get(0), value.get(1), pointer, out);
        }
    }

    private static void ordered(JsonNode low, JsonNode high, String pointer, List<FieldViolation> out) {
        if (low.isNumber() != high.isNumber()) {
            out.add(new FieldViolation(pointer + "/1", "type", "must be the same kind as the low bound"));
        } else if (Matchers.Bound.of(low).compare(high) < 0) {
            out.add(new FieldViolation(pointer, "range", "the low bound is above the high bound"));
        }
    }

    private static void days(JsonNode value, String pointer, List<FieldViolation> out) {
        if (!value.isIntegralNumber()) {
            out.add(new FieldViolation(pointer, "type", "must be a whole number of days"));
        } else if (value.decimalValue().signum() < 0 || !value.canConvertToLong() || value.longValue() > MAX_DAYS) {
            out.add(new FieldViolation(pointer, "range", "must be between 0 and " + MAX_DAYS + " days"));
        }
    }

    private static void time(JsonNode value, String pointer, List<FieldViolation> out) {
        if (!value.isString()) {
            out.add(new FieldViolation(pointer, "type", "must be an ISO-8601 instant or date"));
        } else if (Values.time(value) == null) {
            out.add(new FieldViolation(pointer, "format",
                    "must be an ISO-8601 instant with an offset (2026-10-01T08:00:00+08:00) or a date (2026-10-01)"));
        }
    }

    private static void expect(boolean ok, String pointer, String message, List<FieldViolation> out) {
        if (!ok) {
            out.add(new FieldViolation(pointer, "type", message));
        }
    }
}

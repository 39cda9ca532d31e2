package io.quanyu.conditions;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The comparison a leaf makes between a fact and its value. {@link #key()} is the name used in the JSON rule;
 * {@link #onAbsent()} is the leaf's result when the fact is missing (true only for notExists, ne and notIn).
 */
public enum Operator {
    EQ("eq", ValueKind.SCALAR, false, "equals %s", "does not equal %s", "等于 %s", "不等于 %s"),
    NE("ne", ValueKind.SCALAR, true, "does not equal %s", "equals %s", "不等于 %s", "等于 %s"),
    IN("in", ValueKind.SCALARS, false, "is one of %s", "is not one of %s", "属于 %s", "不属于 %s"),
    NOT_IN("notIn", ValueKind.SCALARS, true, "is not one of %s", "is one of %s", "不属于 %s", "属于 %s"),
    GT("gt", ValueKind.BOUND, false, "is > %s", "is not > %s", "> %s", "不满足 > %s"),
    GTE("gte", ValueKind.BOUND, false, "is ≥ %s", "is not ≥ %s", "≥ %s", "不满足 ≥ %s"),
    LT("lt", ValueKind.BOUND, false, "is < %s", "is not < %s", "< %s", "不满足 < %s"),
    LTE("lte", ValueKind.BOUND, false, "is ≤ %s", "is not ≤ %s", "≤ %s", "不满足 ≤ %s"),
    BETWEEN("between", ValueKind.RANGE, false, "is between %s and %s", "is not between %s and %s",
            "介于 %s 与 %s 之间", "不在 %s 与 %s 之间"),
    EXISTS("exists", ValueKind.NONE, false, null, null, null, null),
    NOT_EXISTS("notExists", ValueKind.NONE, true, null, null, null, null),
    CONTAINS("contains", ValueKind.SCALAR, false, "contains %s", "does not contain %s", "包含 %s", "不包含 %s"),
    CONTAINS_ANY("containsAny", ValueKind.SCALARS, false, "contains one of %s", "contains none of %s",
            "包含 %s 中的某一项", "不包含 %s 中的任何一项"),
    CONTAINS_ALL("containsAll", ValueKind.SCALARS, false, "contains all of %s", "does not contain all of %s",
            "包含 %s 中的全部", "未包含 %s 中的全部"),
    STARTS_WITH("startsWith", ValueKind.TEXT, false, "starts with %s", "does not start with %s", "以 %s 开头",
            "不以 %s 开头"),
    WITHIN_LAST_DAYS("withinLastDays", ValueKind.DAYS, false, "is within the last %s days",
            "is not within the last %s days", "在最近 %s 天内", "不在最近 %s 天内"),
    OLDER_THAN_DAYS("olderThanDays", ValueKind.DAYS, false, "is more than %s days ago",
            "is not more than %s days ago", "早于 %s 天前", "不早于 %s 天前"),
    BEFORE("before", ValueKind.TIME, false, "is before %s", "is not before %s", "早于 %s", "不早于 %s"),
    AFTER("after", ValueKind.TIME, false, "is after %s", "is not after %s", "晚于 %s", "不晚于 %s"),
    IS_TRUE("isTrue", ValueKind.NONE, false, null, null, null, null),
    IS_FALSE("isFalse", ValueKind.NONE, false, null, null, null, null);

    /** What a leaf's {@code value} must be for an operator. */
    enum ValueKind {
        /** no value */
        NONE,
        /** a string, number or boolean */
        SCALAR,
        /** an array of strings, numbers or booleans */
        SCALARS,
        /** a number, or an ISO-8601 instant or date */
        BOUND,
        /** [low, high], both numbers or both instants/dates, low ≤ high */
        RANGE,
        /** a string */
        TEXT,
        /** a whole number of days, 0 to 36,500 */
        DAYS,
        /** an ISO-8601 instant or date */
        TIME
    }

    private static final Map<String, Operator> BY_KEY = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Operator::key, Function.identity()));

    private final String key;
    private final ValueKind valueKind;
    private final boolean onAbsent;
    private final String[] phrases;

    Operator(String key, ValueKind valueKind, boolean onAbsent, String enTrue, String enFalse, String zhTrue,
             String zhFalse) {
        this.key = key;
        this.valueKind = valueKind;
        this.onAbsent = onAbsent;
        this.phrases = new String[]{enTrue, enFalse, zhTrue, zhFalse};
    }

    /** The operator named {@code key} in a JSON rule ({@code "gte"}, {@code "notIn"}, ...). */
    public static Optional<Operator> of(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    public String key() {
        return key;
    }

    /** The result of a leaf with this operator when its field is absent. */
    public boolean onAbsent() {
        return onAbsent;
    }

    ValueKind valueKind() {
        return valueKind;
    }

    /** The relation phrase (a format with the value as argument), or null when the sentence states only the fact. */
    String phrase(boolean matched, boolean chinese) {
        return phrases[(matched ? 0 : 1) + (chinese ? 2 : 0)];
    }
}

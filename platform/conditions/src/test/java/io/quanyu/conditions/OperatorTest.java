package io.quanyu.conditions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.quanyu.conditions.Rules.matches;
import static org.assertj.core.api.Assertions.assertThat;

class OperatorTest {

    @Test
    void eqAndNeCompareStringsNumbersAndBooleans() {
        assertThat(matches("attributes.city", "eq", "'上海'")).isTrue();
        assertThat(matches("attributes.city", "eq", "'北京'")).isFalse();
        assertThat(matches("aggregates.orders.count", "eq", "3.0")).isTrue();
        assertThat(matches("aggregates.orders.count", "eq", "'3'")).isFalse();
        assertThat(matches("attributes.vip", "eq", "true")).isTrue();
        assertThat(matches("attributes.city", "ne", "'北京'")).isTrue();
        assertThat(matches("attributes.city", "ne", "'上海'")).isFalse();
    }

    @Test
    void inAndNotInLookForAnEqualItem() {
        assertThat(matches("stage", "in", "['lead', 'customer']")).isTrue();
        assertThat(matches("stage", "in", "['lead']")).isFalse();
        assertThat(matches("scores.influence", "in", "[1, 42.00]")).isTrue();
        assertThat(matches("stage", "notIn", "['lead']")).isTrue();
        assertThat(matches("stage", "notIn", "['customer']")).isFalse();
    }

    @Test
    void orderingOperatorsCompareNumbers() {
        assertThat(matches("aggregates.orders.count", "gt", "2")).isTrue();
        assertThat(matches("aggregates.orders.count", "gt", "3")).isFalse();
        assertThat(matches("aggregates.orders.count", "gte", "3")).isTrue();
        assertThat(matches("aggregates.orders.count", "lt", "3")).isFalse();
        assertThat(matches("aggregates.orders.count", "lte", "3")).isTrue();
        assertThat(matches("aggregates.orders.amount", "lt", "1200.51")).isTrue();
        assertThat(matches("stage", "gt", "2")).isFalse();
    }

    @Test
    void betweenIsInclusiveAtBothEnds() {
        assertThat(matches("aggregates.orders.count", "between", "[3, 5]")).isTrue();
        assertThat(matches("aggregates.orders.count", "between", "[1, 3]")).isTrue();
        assertThat(matches("aggregates.orders.count", "between", "[4, 5]")).isFalse();
        assertThat(matches("aggregates.orders.lastAt", "between", "['2026-10-01', '2026-10-02']")).isTrue();
    }

    @Test
    void existsTreatsNullAsAbsent() {
        assertThat(matches("attributes.city", "exists", null)).isTrue();
        assertThat(matches("attributes.nick", "exists", null)).isFalse();
        assertThat(matches("attributes.nick", "notExists", null)).isTrue();
        assertThat(matches("attributes.city", "notExists", null)).isFalse();
    }

    @Test
    void containsLooksInArraysAndStrings() {
        assertThat(matches("tags", "contains", "'vip'")).isTrue();
        assertThat(matches("tags", "contains", "7.0")).isTrue();
        assertThat(matches("tags", "contains", "'vi'")).isFalse();
        assertThat(matches("attributes.name", "contains", "'Lei'")).isTrue();
        assertThat(matches("attributes.name", "contains", "'lei'")).isFalse();
    }

    @Test
    void containsAnyAndAllNeedAnArray() {
        assertThat(matches("tags", "containsAny", "['blocked', 'wechat']")).isTrue();
        assertThat(matches("tags", "containsAny", "['blocked']")).isFalse();
        assertThat(matches("tags", "containsAll", "['vip', 'wechat']")).isTrue();
        assertThat(matches("tags", "containsAll", "['vip', 'blocked']")).isFalse();
        assertThat(matches("tags", "containsAll", "[]")).isTrue();
        assertThat(matches("attributes.name", "containsAny", "['Li Lei']")).isFalse();
    }

    @Test
    void startsWithIsForStrings() {
        assertThat(matches("attributes.name", "startsWith", "'Li '")).isTrue();
        assertThat(matches("attributes.name", "startsWith", "'Lei'")).isFalse();
        assertThat(matches("scores.influence", "startsWith", "'4'")).isFalse();
    }

    @Test
    void beforeAndAfterCompareInstantsStrictly() {
        assertThat(matches("aggregates.orders.lastAt", "before", "'2026-10-01T08:00:01Z'")).isTrue();
        assertThat(matches("aggregates.orders.lastAt", "before", "'2026-10-01T08:00:00Z'")).isFalse();
        assertThat(matches("aggregates.orders.lastAt", "after", "'2026-10-01T07:59:59Z'")).isTrue();
        assertThat(matches("aggregates.orders.lastAt", "after", "'2026-10-01T08:00:00Z'")).isFalse();
        assertThat(matches("attributes.birthday", "before", "'1990-05-02'")).isTrue();
    }

    @Test
    void isTrueAndIsFalseNeedBooleans() {
        assertThat(matches("attributes.vip", "isTrue", null)).isTrue();
        assertThat(matches("attributes.optedOut", "isFalse", null)).isTrue();
        assertThat(matches("attributes.optedOut", "isTrue", null)).isFalse();
        assertThat(matches("stage", "isTrue", null)).isFalse();
        assertThat(matches("stage", "isFalse", null)).isFalse();
    }

    @Test
    void pathsReachIntoArraysByIndex() {
        assertThat(matches("tags.1", "eq", "'wechat'")).isTrue();
        assertThat(matches("tags.9", "exists", null)).isFalse();
        assertThat(matches("stage.length", "exists", null)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Operator.class)
    void onAnAbsentFieldOnlyNotExistsNeAndNotInAreTrue(Operator op) {
        String value = switch (op.valueKind()) {
            case NONE -> null;
            case SCALAR, TEXT -> "'x'";
            case SCALARS -> "['x']";
            case BOUND, DAYS -> "1";
            case RANGE -> "[1, 2]";
            case TIME -> "'2026-10-01'";
        };
        boolean expected = op == Operator.NOT_EXISTS || op == Operator.NE || op == Operator.NOT_IN;
        assertThat(matches("attributes.missing", op.key(), value)).isEqualTo(expected);
        assertThat(matches("attributes.nick", op.key(), value)).isEqualTo(expected);
        assertThat(op.onAbsent()).isEqualTo(expected);
    }
}

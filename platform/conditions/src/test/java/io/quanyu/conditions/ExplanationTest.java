package io.quanyu.conditions;

import org.junit.jupiter.api.Test;

import static io.quanyu.conditions.Rules.FACTS;
import static io.quanyu.conditions.Rules.NOW;
import static io.quanyu.conditions.Rules.json;
import static io.quanyu.conditions.Rules.leaf;
import static io.quanyu.conditions.Rules.rule;
import static org.assertj.core.api.Assertions.assertThat;

class ExplanationTest {

    private static Explanation explain(String field, String op, String value) {
        return leaf(field, op, value).explain(FACTS, NOW).explanation();
    }

    @Test
    void aMatchingComparisonStatesTheFactAndTheRelation() {
        Explanation e = explain("aggregates.orders.count", "gte", "2");

        assertThat(e.matched()).isTrue();
        assertThat(e.en()).isEqualTo("aggregates.orders.count is 3, which is ≥ 2");
        assertThat(e.zhCN()).isEqualTo("aggregates.orders.count 为 3，≥ 2");
    }

    @Test
    void aFailingComparisonSaysWhatDidNotHold() {
        Explanation e = explain("aggregates.orders.amount", "between", "[2000, 5000]");

        assertThat(e.en()).isEqualTo("aggregates.orders.amount is 1200.5, which is not between 2000 and 5000");
        assertThat(e.zhCN()).isEqualTo("aggregates.orders.amount 为 1200.5，不在 2000 与 5000 之间");
    }

    @Test
    void anAbsentFieldIsSaidToBeAbsent() {
        Explanation e = explain("attributes.gender", "eq", "'female'");

        assertThat(e.matched()).isFalse();
        assertThat(e.en()).isEqualTo("attributes.gender is absent");
        assertThat(e.zhCN()).isEqualTo("attributes.gender 不存在");
    }

    @Test
    void aFactOfTheWrongKindIsNamed() {
        assertThat(explain("stage", "gt", "2").en()).isEqualTo("stage is \"customer\", which is not a number");
        assertThat(explain("stage", "withinLastDays", "2").zhCN()).isEqualTo("stage 为 \"customer\"，不是 ISO-8601 时间");
    }

    @Test
    void negatedOperatorsDescribeTheFact() {
        assertThat(explain("attributes.city", "ne", "'上海'").en())
                .isEqualTo("attributes.city is \"上海\", which equals \"上海\"");
        assertThat(explain("tags", "containsAny", "['blocked']").zhCN())
                .isEqualTo("tags 为 [\"vip\",\"wechat\",7]，不包含 [\"blocked\"] 中的任何一项");
        assertThat(explain("attributes.vip", "isTrue", null).en()).isEqualTo("attributes.vip is true");
        assertThat(explain("aggregates.orders.lastAt", "withinLastDays", "30").en())
                .isEqualTo("aggregates.orders.lastAt is \"2026-10-01T08:00:00Z\", which is within the last 30 days");
    }

    @Test
    void aFailingAllIsSummarisedByItsFailingChildren() {
        Verdict verdict = rule("""
                {'all': [{'field': 'attributes.city', 'op': 'eq', 'value': '上海'},
                         {'field': 'aggregates.orders.count', 'op': 'gte', 'value': 5},
                         {'field': 'attributes.gender', 'op': 'eq', 'value': 'female'}]}""").explain(FACTS, NOW);

        assertThat(verdict.matched()).isFalse();
        assertThat(verdict.explanation().en()).isEqualTo("2 of 3 conditions do not match");
        assertThat(verdict.summary())
                .isEqualTo("aggregates.orders.count is 3, which is not ≥ 5; attributes.gender is absent");
        assertThat(verdict.summaryZhCN()).isEqualTo("aggregates.orders.count 为 3，不满足 ≥ 5；attributes.gender 不存在");
    }

    @Test
    void aMatchingAnyIsSummarisedByItsFirstMatchingChild() {
        Verdict verdict = rule("""
                {'any': [{'field': 'stage', 'op': 'eq', 'value': 'lead'},
                         {'field': 'tags', 'op': 'contains', 'value': 'vip'},
                         {'field': 'scores.influence', 'op': 'gt', 'value': 10}]}""").explain(FACTS, NOW);

        assertThat(verdict.matched()).isTrue();
        assertThat(verdict.explanation().zhCN()).isEqualTo("3 个条件中有 2 个满足");
        assertThat(verdict.summary()).isEqualTo("tags is [\"vip\",\"wechat\",7], which contains \"vip\"");
    }

    @Test
    void theExplanationMirrorsTheRuleAsJson() {
        Verdict verdict = rule("""
                {'not': {'all': [{'field': 'stage', 'op': 'eq', 'value': 'customer'},
                                 {'field': 'attributes.missing', 'op': 'exists'}]}}""").explain(FACTS, NOW);

        assertThat(verdict.matched()).isTrue();
        assertThat(verdict.explanation().toJson()).isEqualTo(json("""
                {'node': 'not', 'matched': true, 'en': 'the negated condition does not match',
                 'zhCN': '被否定的条件不满足', 'children': [
                   {'node': 'all', 'matched': false, 'en': '1 of 2 conditions do not match',
                    'zhCN': '2 个条件中有 1 个不满足', 'children': [
                      {'node': 'leaf', 'matched': true, 'field': 'stage', 'op': 'eq',
                       'en': 'stage is \\u0022customer\\u0022, which equals \\u0022customer\\u0022',
                       'zhCN': 'stage 为 \\u0022customer\\u0022，等于 \\u0022customer\\u0022'},
                      {'node': 'leaf', 'matched': false, 'field': 'attributes.missing', 'op': 'exists',
                       'en': 'attributes.missing is absent', 'zhCN': 'attributes.missing 不存在'}]}]}"""));
        assertThat(verdict.summary()).isEqualTo("attributes.missing is absent");
    }

    @Test
    void anEmptyCombinatorIsItsOwnReason() {
        assertThat(rule("{'any': []}").explain(FACTS, NOW).summary()).isEqualTo("no conditions, so it does not match");
    }
}

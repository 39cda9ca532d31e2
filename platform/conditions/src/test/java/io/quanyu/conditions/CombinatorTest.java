package io.quanyu.conditions;

import org.junit.jupiter.api.Test;

import static io.quanyu.conditions.Rules.FACTS;
import static io.quanyu.conditions.Rules.NOW;
import static io.quanyu.conditions.Rules.rule;
import static org.assertj.core.api.Assertions.assertThat;

class CombinatorTest {

    @Test
    void emptyAllMatchesAndEmptyAnyDoesNot() {
        assertThat(rule("{'all': []}").matches(FACTS, NOW)).isTrue();
        assertThat(rule("{'any': []}").matches(FACTS, NOW)).isFalse();
        assertThat(rule("{'all': []}").explain(FACTS, NOW).matched()).isTrue();
        assertThat(rule("{'any': []}").explain(FACTS, NOW).matched()).isFalse();
    }

    @Test
    void nestedCombinatorsFollowBooleanLogic() {
        Condition vipShanghaiBuyer = rule("""
                {'all': [
                  {'field': 'attributes.city', 'op': 'eq', 'value': '上海'},
                  {'any': [
                    {'field': 'tags', 'op': 'contains', 'value': 'vip'},
                    {'field': 'scores.influence', 'op': 'gte', 'value': 90}]},
                  {'not': {'field': 'tags', 'op': 'contains', 'value': 'blocked'}},
                  {'not': {'any': [{'field': 'stage', 'op': 'eq', 'value': 'lead'}]}}]}""");

        assertThat(vipShanghaiBuyer.matches(FACTS, NOW)).isTrue();
        assertThat(vipShanghaiBuyer.explain(FACTS, NOW).matched()).isTrue();
        assertThat(vipShanghaiBuyer.matches(Rules.json("{'attributes': {'city': '上海'}, 'tags': ['vip', 'blocked']}"),
                NOW)).isFalse();
        assertThat(vipShanghaiBuyer.matches(Rules.json("{'attributes': {'city': '上海'}, 'scores': {'influence': 95}}"),
                NOW)).isTrue();
    }

    @Test
    void notOfAnAbsentFieldMatches() {
        assertThat(rule("{'not': {'field': 'attributes.missing', 'op': 'eq', 'value': 1}}").matches(FACTS, NOW))
                .isTrue();
    }

    @Test
    void fieldsListsEveryPathOnceInRuleOrder() {
        Condition condition = rule("""
                {'any': [{'field': 'tags', 'op': 'contains', 'value': 'vip'},
                         {'not': {'field': 'aggregates.orders.count', 'op': 'gt', 'value': 1}},
                         {'all': [{'field': 'tags', 'op': 'exists'}, {'field': 'stage', 'op': 'exists'}]}]}""");

        assertThat(condition.fields()).containsExactly("tags", "aggregates.orders.count", "stage");
    }

    @Test
    void emptyFactsAndNullFactsHaveEveryFieldAbsent() {
        Condition condition = rule("{'field': 'stage', 'op': 'notExists'}");

        assertThat(condition.matches(Rules.json("{}"), NOW)).isTrue();
        assertThat(condition.matches(null, NOW)).isTrue();
    }
}

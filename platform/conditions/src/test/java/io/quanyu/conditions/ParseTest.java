package io.quanyu.conditions;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static io.quanyu.conditions.Rules.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

class ParseTest {

    private static QuanyuException refusal(JsonNode rule) {
        QuanyuException e = catchThrowableOfType(QuanyuException.class, () -> Conditions.parse(rule));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_VALIDATION_FAILED);
        return e;
    }

    private static List<FieldViolation> violations(String rule) {
        return refusal(json(rule)).violations();
    }

    @Test
    void problemsListsEachAsItsPointerAndMessageAndNoneForAValidRule() {
        assertThat(Conditions.problems(json("{'field': 'tags', 'op': 'contains', 'value': 'vip'}"))).isEmpty();
        assertThat(Conditions.problems(json("{'all': [{'field': 'stage', 'op': 'like', 'value': 'x'}, {'field': 'tags'}]}")))
                .hasSize(2).satisfies(p -> {
                    assertThat(p.get(0)).startsWith("/all/0/op ");
                    assertThat(p.get(1)).startsWith("/all/1/op ");
                });
        assertThat(Conditions.problems(json("42"))).singleElement().asString().startsWith("/ ");
    }

    @Test
    void listsEveryProblemAtItsPointer() {
        assertThat(violations("""
                {'all': [
                  {'field': 'stage', 'op': 'eq', 'value': 'lead'},
                  {'field': 'stage', 'op': 'like', 'value': 'le%'},
                  {'field': '', 'op': 'in', 'value': 'lead'},
                  {'any': {'field': 'x', 'op': 'exists'}},
                  {'not': {'field': 'tags', 'op': 'exists', 'value': true, 'weight': 2}},
                  {'field': 'at', 'op': 'withinLastDays', 'value': '7'},
                  {'op': 'between', 'value': [5, 1]},
                  {'field': 'a..b', 'op': 'gte'},
                  {'field': 'at', 'op': 'after', 'value': 'last week'},
                  {'field': 'x', 'op': 'eq', 'any': []},
                  {'foo': 1},
                  42]}"""))
                .extracting(FieldViolation::pointer, FieldViolation::code)
                .containsExactly(
                        tuple("/all/1/op", "option"),
                        tuple("/all/2/field", "pattern"),
                        tuple("/all/2/value", "type"),
                        tuple("/all/3/any", "type"),
                        tuple("/all/4/not/weight", "unknown"),
                        tuple("/all/4/not/value", "unknown"),
                        tuple("/all/5/value", "type"),
                        tuple("/all/6/field", "required"),
                        tuple("/all/6/value", "range"),
                        tuple("/all/7/field", "pattern"),
                        tuple("/all/7/value", "required"),
                        tuple("/all/8/value", "format"),
                        tuple("/all/9", "invalid"),
                        tuple("/all/10/foo", "unknown"),
                        tuple("/all/10", "required"),
                        tuple("/all/11", "type"));
    }

    @Test
    void checksEachItemOfAnArrayValue() {
        assertThat(violations("{'field': 'tags', 'op': 'containsAll', 'value': ['vip', {'a': 1}, null]}"))
                .extracting(FieldViolation::pointer, FieldViolation::code)
                .containsExactly(tuple("/value/1", "type"), tuple("/value/2", "type"));
    }

    @Test
    void refusesBetweenWithMixedOrMisshapenBounds() {
        assertThat(violations("{'field': 'x', 'op': 'between', 'value': [1, '2026-10-01']}"))
                .extracting(FieldViolation::pointer, FieldViolation::code).containsExactly(tuple("/value/1", "type"));
        assertThat(violations("{'field': 'x', 'op': 'between', 'value': [1]}"))
                .extracting(FieldViolation::pointer, FieldViolation::code).containsExactly(tuple("/value", "size"));
        assertThat(violations("{'field': 'x', 'op': 'between', 'value': ['2026-10-02', '2026-10-01T00:00:00Z']}"))
                .extracting(FieldViolation::pointer, FieldViolation::code).containsExactly(tuple("/value", "range"));
    }

    @Test
    void refusesWrongTypesForFieldOpAndValue() {
        assertThat(violations("{'field': 3, 'op': true}"))
                .extracting(FieldViolation::pointer, FieldViolation::code)
                .containsExactly(tuple("/field", "type"), tuple("/op", "type"));
        assertThat(violations("{'field': 'x', 'op': 'eq', 'value': null}"))
                .extracting(FieldViolation::pointer, FieldViolation::code).containsExactly(tuple("/value", "type"));
        assertThat(violations("{'field': 'x', 'op': 'olderThanDays', 'value': 1.5}"))
                .extracting(FieldViolation::pointer, FieldViolation::code).containsExactly(tuple("/value", "type"));
        assertThat(violations("{'field': 'x', 'op': 'startsWith', 'value': 1}"))
                .extracting(FieldViolation::pointer, FieldViolation::code).containsExactly(tuple("/value", "type"));
    }

    @Test
    void escapesOddKeysInPointers() {
        assertThat(violations("{'field': 'x', 'op': 'exists', 'a/b~c': 1}"))
                .extracting(FieldViolation::pointer).containsExactly("/a~1b~0c");
    }

    @Test
    void acceptsThirtyTwoLevelsAndRefusesThirtyThree() {
        assertThat(Conditions.parse(nested(31)).matches(Rules.FACTS, Rules.NOW)).isTrue();

        List<FieldViolation> violations = refusal(nested(32)).violations();
        assertThat(violations).extracting(FieldViolation::code).containsExactly("depth");
        assertThat(violations.getFirst().pointer()).isEqualTo("/not".repeat(32));
    }

    @Test
    void acceptsAThousandNodesAndRefusesMore() {
        assertThat(Conditions.parse(wide(999)).fields()).containsExactly("stage");

        assertThat(refusal(wide(1_000)).violations()).extracting(FieldViolation::pointer, FieldViolation::code)
                .containsExactly(tuple("", "size"));
    }

    @Test
    void toJsonRoundTrips() {
        JsonNode rule = json("""
                {'all': [{'field': 'attributes.city', 'op': 'in', 'value': ['上海', '北京']},
                         {'any': []},
                         {'not': {'field': 'tags', 'op': 'containsAll', 'value': ['vip', 7]}},
                         {'field': 'aggregates.orders.amount', 'op': 'between', 'value': [0.1, 1200.50]},
                         {'field': 'aggregates.orders.lastAt', 'op': 'withinLastDays', 'value': 30},
                         {'field': 'attributes.vip', 'op': 'isTrue'}]}""");

        Condition condition = Conditions.parse(rule);

        assertThat(condition.toJson()).isEqualTo(rule);
        assertThat(Conditions.parse(condition.toJson())).isEqualTo(condition);
    }

    @Test
    void theParsedTreeDoesNotChangeWhenTheInputDoes() {
        JsonNode rule = json("{'field': 'stage', 'op': 'in', 'value': ['lead']}");
        Condition condition = Conditions.parse(rule);

        ((tools.jackson.databind.node.ArrayNode) rule.get("value")).add("customer");
        ((tools.jackson.databind.node.ArrayNode) ((Condition.Leaf) condition).value()).add("customer");

        assertThat(condition.matches(Rules.FACTS, Rules.NOW)).isFalse();
    }

    private static JsonNode nested(int nots) {
        return json("{'not': ".repeat(nots) + "{'field': 'stage', 'op': 'eq', 'value': 'lead'}" + "}".repeat(nots));
    }

    private static JsonNode wide(int leaves) {
        String leaf = "{'field': 'stage', 'op': 'exists'}";
        return json("{'all': [" + String.join(", ", java.util.Collections.nCopies(leaves, leaf)) + "]}");
    }
}

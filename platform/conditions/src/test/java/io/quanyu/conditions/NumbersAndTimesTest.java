package io.quanyu.conditions;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import java.math.BigDecimal;
import java.time.Instant;

import static io.quanyu.conditions.Rules.NOW;
import static io.quanyu.conditions.Rules.json;
import static io.quanyu.conditions.Rules.leaf;
import static io.quanyu.conditions.Rules.rule;
import static org.assertj.core.api.Assertions.assertThat;

class NumbersAndTimesTest {

    private static JsonNode amount(JsonNode value) {
        return JsonNodeFactory.instance.objectNode().set("amount", value);
    }

    @Test
    void decimalsCompareExactlyNotAsDoubles() {
        JsonNode exactSum = amount(JsonNodeFactory.instance.numberNode(new BigDecimal("0.1").add(new BigDecimal("0.2"))));
        JsonNode doubleSum = amount(JsonNodeFactory.instance.numberNode(0.1 + 0.2));

        assertThat(leaf("amount", "eq", "0.3").matches(exactSum, NOW)).isTrue();
        assertThat(leaf("amount", "eq", "0.3").matches(doubleSum, NOW)).isFalse();
        assertThat(leaf("amount", "gt", "0.3").matches(doubleSum, NOW)).isTrue();
        assertThat(leaf("amount", "lte", "0.30000000000000004").matches(doubleSum, NOW)).isTrue();
        assertThat(leaf("amount", "between", "[0.1, 0.3]").matches(exactSum, NOW)).isTrue();
    }

    @Test
    void trailingZerosAndIntegerFormsAreTheSameNumber() {
        JsonNode facts = json("{'amount': 1200.50, 'count': 3}");

        assertThat(leaf("amount", "eq", "1200.5").matches(facts, NOW)).isTrue();
        assertThat(leaf("count", "eq", "3.00").matches(facts, NOW)).isTrue();
        assertThat(leaf("count", "in", "[2.0, 3.0]").matches(facts, NOW)).isTrue();
    }

    @Test
    void rulesAndFactsReadWithBigDecimalsKeepEveryDigit() {
        JsonMapper exact = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();
        JsonNode facts = exact.readTree("{\"amount\": 12345678901234567890.123456789}");

        assertThat(exactRule(exact, "gt", "12345678901234567890.123456788").matches(facts, NOW)).isTrue();
        assertThat(exactRule(exact, "lt", "12345678901234567890.123456790").matches(facts, NOW)).isTrue();
        assertThat(exactRule(exact, "eq", "12345678901234567890.1234567890").matches(facts, NOW)).isTrue();
    }

    private static Condition exactRule(JsonMapper mapper, String op, String number) {
        return Conditions.parse(mapper.readTree("{\"field\": \"amount\", \"op\": \"" + op + "\", \"value\": "
                + number + "}"));
    }

    @Test
    void largeIntegersCompareBeyondLongRange() {
        JsonNode facts = json("{'id': 99999999999999999999}");

        assertThat(leaf("id", "gt", "99999999999999999998").matches(facts, NOW)).isTrue();
        assertThat(leaf("id", "lt", "9223372036854775807").matches(facts, NOW)).isFalse();
    }

    @Test
    void instantsWithOffsetsCompareAsTheSameMoment() {
        JsonNode facts = json("{'at': '2026-10-01T16:00:00+08:00'}");

        assertThat(leaf("at", "gte", "'2026-10-01T08:00:00Z'").matches(facts, NOW)).isTrue();
        assertThat(leaf("at", "lte", "'2026-10-01T08:00:00Z'").matches(facts, NOW)).isTrue();
        assertThat(leaf("at", "gt", "'2026-10-01T09:00:00+02:00'").matches(facts, NOW)).isTrue();
        assertThat(leaf("at", "before", "'2026-10-01T10:00:00.001+02:00'").matches(facts, NOW)).isTrue();
        assertThat(leaf("at", "after", "'2026-10-01'").matches(facts, NOW)).isTrue();
    }

    @Test
    void datesAreTheStartOfTheDayInUtc() {
        JsonNode facts = json("{'day': '2026-10-01', 'at': '2026-10-01T00:00:00Z'}");

        assertThat(leaf("day", "eq", "'2026-10-01'").matches(facts, NOW)).isTrue();
        assertThat(leaf("at", "gte", "'2026-10-01'").matches(facts, NOW)).isTrue();
        assertThat(leaf("at", "gt", "'2026-10-01'").matches(facts, NOW)).isFalse();
    }

    @Test
    void factsThatAreNotTimesNeverCompareAsTimes() {
        JsonNode facts = json("{'at': 'yesterday', 'local': '2026-10-01T08:00:00', 'n': 5}");

        assertThat(leaf("at", "before", "'2026-10-01'").matches(facts, NOW)).isFalse();
        assertThat(leaf("local", "lt", "'2030-01-01'").matches(facts, NOW)).isFalse();
        assertThat(leaf("n", "withinLastDays", "7").matches(facts, NOW)).isFalse();
        assertThat(leaf("n", "olderThanDays", "7").matches(facts, NOW)).isFalse();
    }

    @Test
    void withinLastDaysIncludesTheBoundaryInstant() {
        Condition within = leaf("at", "withinLastDays", "7");

        assertThat(within.matches(at(NOW.minusSeconds(7 * 86_400)), NOW)).isTrue();
        assertThat(within.matches(at(NOW.minusSeconds(7 * 86_400 + 1)), NOW)).isFalse();
        assertThat(within.matches(at(NOW), NOW)).isTrue();
        assertThat(within.matches(at(NOW.plusSeconds(60)), NOW)).isTrue();
    }

    @Test
    void olderThanDaysExcludesTheBoundaryInstantAndAbsentFields() {
        Condition older = leaf("at", "olderThanDays", "7");

        assertThat(older.matches(at(NOW.minusSeconds(7 * 86_400)), NOW)).isFalse();
        assertThat(older.matches(at(NOW.minusSeconds(7 * 86_400 + 1)), NOW)).isTrue();
        assertThat(older.matches(json("{}"), NOW)).isFalse();
    }

    @Test
    void zeroDaysMeansNowOrLater() {
        assertThat(leaf("at", "withinLastDays", "0").matches(at(NOW), NOW)).isTrue();
        assertThat(leaf("at", "withinLastDays", "0").matches(at(NOW.minusMillis(1)), NOW)).isFalse();
        assertThat(leaf("at", "olderThanDays", "0").matches(at(NOW.minusMillis(1)), NOW)).isTrue();
    }

    @Test
    void dayWindowsUseOffsetsOfTheFact() {
        JsonNode facts = json("{'at': '2026-10-01T16:00:00+08:00'}");

        assertThat(leaf("at", "withinLastDays", "7").matches(facts, NOW)).isTrue();
        assertThat(leaf("at", "withinLastDays", "7").matches(facts, NOW.plusMillis(1))).isFalse();
    }

    private static JsonNode at(Instant instant) {
        return JsonNodeFactory.instance.objectNode().put("at", instant.toString());
    }

    /**
     * A rule knows when its verdict can next change with time alone: the earliest end of a window over a present time
     * fact, in any branch; the verdict just after that instant differs from the verdict just before it.
     */
    @Test
    void aRuleKnowsWhenItsVerdictNextChangesWithTimeAlone() {
        Condition lapsed = rule("{'all': [{'field': 'aggregates.orders.lastAt', 'op': 'olderThanDays', 'value': 30},"
                + " {'not': {'field': 'tags', 'op': 'contains', 'value': 'gone'}}]}");
        Instant boundary = Instant.parse("2026-10-31T08:00:00Z");

        assertThat(lapsed.nextChange(Rules.FACTS, NOW)).contains(boundary);
        assertThat(lapsed.matches(Rules.FACTS, boundary.minusMillis(1))).isFalse();
        assertThat(lapsed.matches(Rules.FACTS, boundary.plusMillis(1))).isTrue();
        assertThat(lapsed.nextChange(Rules.FACTS, boundary.plusMillis(1))).as("no later change").isEmpty();

        Condition either = rule("{'any': [{'field': 'aggregates.orders.lastAt', 'op': 'withinLastDays', 'value': 10},"
                + " {'field': 'attributes.birthday', 'op': 'withinLastDays', 'value': 20000}]}");
        assertThat(either.nextChange(Rules.FACTS, NOW)).contains(Instant.parse("2026-10-11T08:00:00Z"));
        assertThat(rule("{'field': 'aggregates.orders.count', 'op': 'gte', 'value': 2}").nextChange(Rules.FACTS, NOW))
                .as("no time window").isEmpty();
        assertThat(rule("{'field': 'aggregates.orders.missing', 'op': 'withinLastDays', 'value': 3}").nextChange(Rules.FACTS, NOW))
                .as("no fact").isEmpty();
    }
}

package io.quanyu.conditions;

import io.quanyu.core.error.QuanyuException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;

import static io.quanyu.conditions.Rules.NOW;
import static io.quanyu.conditions.Rules.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Conditions on past behaviour: measures over a window of loaded events, their flips and their explanations. */
class BehaviorTest {

    private static Behavior behavior(String body) {
        return (Behavior) rule("{'behavior': " + body + "}");
    }

    /** Facts holding the behaviour's events, {@code days ago → value}. */
    private static ObjectNode facts(Behavior b, Object... daysAgoAndValue) {
        ObjectNode facts = JsonNodeFactory.instance.objectNode();
        var list = facts.putObject(Behavior.ROOT).putArray(b.key());
        for (int i = 0; i < daysAgoAndValue.length; i += 2) {
            Instant at = NOW.minus(Duration.ofHours(Math.round(((Number) daysAgoAndValue[i]).doubleValue() * 24)));
            Object v = daysAgoAndValue[i + 1];
            list.add(Behavior.entry(at, v == null ? null : JsonNodeFactory.instance.numberNode(((Number) v).doubleValue())));
        }
        return facts;
    }

    @Test
    void boughtTwiceWithinThirtyDaysCountsOnlyTheWindowAndFlipsWhenTheOlderOrderLeavesIt() {
        Behavior twice = behavior("{'event': 'order.paid', 'window': {'lastDays': 30}, 'op': 'gte', 'value': 2}");
        ObjectNode facts = facts(twice, 1, 10.0, 29, 20.0, 45, 30.0);

        assertThat(twice.matches(facts, NOW)).isTrue();
        Instant flip = twice.nextChange(facts, NOW).orElseThrow();
        assertThat(flip).as("the order of 29 days ago leaves the window").isEqualTo(NOW.minus(Duration.ofDays(29)).plus(Duration.ofDays(30)));
        assertThat(twice.matches(facts, flip.minusMillis(1))).isTrue();
        assertThat(twice.matches(facts, flip)).isFalse();
        assertThat(twice.explain(facts, flip).explanation().en())
                .isEqualTo("count of order.paid events in the last 30 days is 1, which is not ≥ 2");
        assertThat(twice.explain(facts, flip).explanation().zhCN()).isEqualTo("最近 30 天 order.paid 事件的次数 为 1，不满足 ≥ 2");
    }

    @Test
    void noPurchaseInThirtyDaysIsACountOfNoneAndTheLastOrdersAgeDecidesWhenItFlips() {
        Behavior none = behavior("{'event': 'order.paid', 'window': {'lastDays': 30}, 'op': 'eq', 'value': 0}");
        ObjectNode facts = facts(none, 12, 99.0);

        assertThat(none.matches(facts, NOW)).isFalse();
        assertThat(none.nextChange(facts, NOW)).contains(NOW.plus(Duration.ofDays(18)));
        assertThat(none.matches(facts, NOW.plus(Duration.ofDays(18)))).isTrue();
        assertThat(none.matches(JsonNodeFactory.instance.objectNode(), NOW)).as("no events at all").isTrue();
    }

    @Test
    void sumsMinimaMaximaAndTimesOfAFilteredProperty() {
        Behavior sum = behavior("{'event': 'order.paid', 'measure': 'sum', 'property': 'amount', 'op': 'gte', 'value': 100}");
        Behavior max = behavior("{'event': 'order.paid', 'measure': 'max', 'property': 'amount', 'op': 'lt', 'value': 50}");
        Behavior last = behavior("{'event': 'order.paid', 'measure': 'last', 'op': 'withinLastDays', 'value': 7}");
        assertThat(sum.key()).as("one load serves every measure of the same property").isEqualTo(max.key());

        assertThat(sum.matches(facts(sum, 1, 60.0, 2, 40.5), NOW)).isTrue();
        assertThat(sum.matches(facts(sum, 1, 60.0, 2, null), NOW)).isFalse();
        assertThat(max.matches(facts(max, 1, 49.0, 2, 10.0), NOW)).isTrue();
        assertThat(max.matches(facts(max), NOW)).as("no value: lt is false on absence").isFalse();
        assertThat(last.matches(facts(last, 3, null), NOW)).isTrue();
        assertThat(last.nextChange(facts(last, 3, null), NOW)).contains(NOW.plus(Duration.ofDays(4)));
        assertThat(last.explain(facts(last), NOW).explanation().en()).isEqualTo("last time of order.paid events ever is none (no such event)");
    }

    @Test
    void aDateWindowIsReadInItsZoneWithTheEndDateIncluded() {
        Behavior october = behavior("{'event': 'order.paid', 'window': {'between': ['2026-10-01', '2026-10-07'], 'zone': 'Asia/Shanghai'},"
                + " 'op': 'gte', 'value': 1}");
        assertThat(october.since(NOW, null)).isEqualTo(Instant.parse("2026-09-30T16:00:00Z"));
        assertThat(october.until(null)).isEqualTo(Instant.parse("2026-10-07T16:00:00Z"));
        ObjectNode facts = JsonNodeFactory.instance.objectNode();
        facts.putObject(Behavior.ROOT).putArray(october.key()).add(Behavior.entry(Instant.parse("2026-10-07T15:59:59Z"), null));
        assertThat(october.matches(facts, NOW)).isTrue();
        facts.putObject(Behavior.ROOT).putArray(october.key()).add(Behavior.entry(Instant.parse("2026-10-07T16:00:00Z"), null));
        assertThat(october.matches(facts, NOW)).isFalse();
    }

    /**
     * {@code "zone": "customer"}: the dates are read in the zone the customer record names, so an order at 16:30 UTC
     * on 7 October (00:30 on the 8th in Shanghai, 17:30 on the 7th in London) is inside "1 to 7 October" for a London
     * customer and outside it for a Shanghai one; a customer without a valid zone reads UTC; the rule reads
     * {@code record.timeZone}, so a change of zone evaluates it again.
     */
    @Test
    void aDateWindowInTheCustomersClockIsReadInTheZoneTheirRecordNames() {
        Behavior october = behavior("{'event': 'order.paid', 'window': {'between': ['2026-10-01', '2026-10-07'], 'zone': 'customer'},"
                + " 'op': 'gte', 'value': 1}");
        assertThat(october.fields()).containsExactly("behavior." + october.key(), "record.timeZone");
        ObjectNode shanghai = JsonNodeFactory.instance.objectNode();
        shanghai.putObject("record").put("timeZone", "Asia/Shanghai");
        ObjectNode london = JsonNodeFactory.instance.objectNode();
        london.putObject("record").put("timeZone", "Europe/London");
        ObjectNode unknown = JsonNodeFactory.instance.objectNode();
        unknown.putObject("record").put("timeZone", "Mars/Olympus");
        assertThat(october.since(NOW, shanghai)).isEqualTo(Instant.parse("2026-09-30T16:00:00Z"));
        assertThat(october.until(london)).isEqualTo(Instant.parse("2026-10-07T23:00:00Z"));
        assertThat(october.until(unknown)).isEqualTo(Instant.parse("2026-10-08T00:00:00Z"));
        assertThat(october.sinceForAny(NOW)).isEqualTo(Instant.parse("2026-09-30T10:00:00Z"));
        assertThat(october.untilForAny()).isEqualTo(Instant.parse("2026-10-08T12:00:00Z"));

        Instant lateShanghai = Instant.parse("2026-10-07T16:30:00Z"); // 00:30 on the 8th in Shanghai, 17:30 on the 7th in London
        shanghai.putObject(Behavior.ROOT).putArray(october.key()).add(Behavior.entry(lateShanghai, null));
        london.putObject(Behavior.ROOT).putArray(october.key()).add(Behavior.entry(lateShanghai, null));
        assertThat(october.matches(shanghai, NOW)).isFalse();
        assertThat(october.matches(london, NOW)).isTrue();
        assertThat(october.explain(london, NOW).explanation().en()).contains("in the customer's time zone");
        assertThat(october.explain(shanghai, NOW).explanation().zhCN()).contains("按客户所在时区");
        assertThatThrownBy(() -> behavior("{'event': 'x', 'window': {'between': ['2026-10-07T00:00:00Z', null], 'zone': 'customer'},"
                + " 'op': 'gte', 'value': 1}")).isInstanceOfSatisfying(QuanyuException.class, e ->
                assertThat(e.violations()).extracting(v -> v.pointer()).containsExactly("/behavior/window/between/0"));
    }

    @Test
    void theWhereRuleFiltersEventsAndReadsOnlyTheirPropertiesAndChannel() {
        Behavior big = behavior("{'event': 'order.paid', 'where': {'field': 'properties.amount', 'op': 'gte', 'value': 100}, 'op': 'gte', 'value': 1}");
        assertThat(big.takes(Rules.json("{'properties': {'amount': 120}, 'channel': 'store'}"), NOW)).isTrue();
        assertThat(big.takes(Rules.json("{'properties': {'amount': 80}}"), NOW)).isFalse();
        assertThat(Conditions.parse(big.toJson())).isEqualTo(big);
        assertThat(big.fields()).containsExactly("behavior." + big.key());
    }

    @Test
    void aMalformedBehaviourIsRefusedWithEveryProblemAtItsPointer() {
        assertThatThrownBy(() -> rule("{'all': [{'behavior': {'event': 'Order Paid', 'window': {'lastDays': 0}, 'measure': 'avg',"
                + " 'op': 'gte', 'value': 'x', 'color': 1}}, {'behavior': {'event': 'a', 'measure': 'sum', 'op': 'withinLastDays', 'value': 3,"
                + " 'where': {'field': 'tags', 'op': 'contains', 'value': 'vip'}}}]}"))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.violations()).extracting(v -> v.pointer() + " " + v.code())
                        .contains("/all/0/behavior/event pattern", "/all/0/behavior/window/lastDays range",
                                "/all/0/behavior/measure option", "/all/0/behavior/color unknown",
                                "/all/1/behavior/where field", "/all/1/behavior/property required", "/all/1/behavior/op option"));
    }

    /** A rule evaluated on facts alone (a profile rule, a plugin's filter) is refused a behaviour node, at its pointer. */
    @Test
    void aRuleOnFactsAloneRefusesABehaviourConditionWhereASegmentTakesIt() {
        var rule = Rules.json("{'all': [{'field': 'tags', 'op': 'contains', 'value': 'vip'},"
                + " {'not': {'behavior': {'event': 'order', 'op': 'gte', 'value': 1}}}]}");
        assertThat(Conditions.parse(rule).behaviors()).hasSize(1);
        assertThatThrownBy(() -> Conditions.parseWithoutBehavior(rule)).isInstanceOfSatisfying(QuanyuException.class, e ->
                assertThat(e.violations()).singleElement().satisfies(v -> {
                    assertThat(v.pointer()).isEqualTo("/all/1/not/behavior");
                    assertThat(v.code()).isEqualTo("unsupported");
                }));
        assertThat(Conditions.parseWithoutBehavior(Rules.json("{'field': 'tags', 'op': 'contains', 'value': 'vip'}"))).isNotNull();
    }
}

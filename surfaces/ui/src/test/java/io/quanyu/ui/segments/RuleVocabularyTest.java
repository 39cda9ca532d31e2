package io.quanyu.ui.segments;

import io.quanyu.ui.segments.RuleVocabulary.Input;
import io.quanyu.ui.segments.RuleVocabulary.Kind;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class RuleVocabularyTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theOperatorsOfferedFitTheFactsKind() {
        assertThat(RuleVocabulary.operators(RuleVocabulary.kind("aggregates.orders.count"))).startsWith("gte")
                .contains("between").doesNotContain("contains", "withinLastDays");
        assertThat(RuleVocabulary.operators(RuleVocabulary.kind("tags"))).startsWith("contains").doesNotContain("gte");
        assertThat(RuleVocabulary.operators(RuleVocabulary.kind("aggregates.lastSeen"))).startsWith("withinLastDays")
                .contains("olderThanDays", "before", "after");
        assertThat(RuleVocabulary.kind("aggregates.counts.page_view")).isEqualTo(Kind.NUMBER);
        assertThat(RuleVocabulary.kind("plugins.loyalty.points")).isEqualTo(Kind.ANY);
        assertThat(RuleVocabulary.operators(Kind.ANY)).contains("isTrue", "startsWith", "withinLastDays");
    }

    @Test
    void aBehavioursMeasureIsComparedAsANumberOrATime() {
        assertThat(RuleVocabulary.measureKind("count")).isEqualTo(Kind.NUMBER);
        assertThat(RuleVocabulary.measureKind("sum")).isEqualTo(Kind.NUMBER);
        assertThat(RuleVocabulary.measureKind("last")).isEqualTo(Kind.TIME);
    }

    @Test
    void anEventsRuleReadsItsChannelAsTextAndATypedNameAsAProperty() {
        assertThat(RuleVocabulary.eventKind("channel")).isEqualTo(Kind.TEXT);
        assertThat(RuleVocabulary.eventKind("properties.amount")).isEqualTo(Kind.ANY);
        assertThat(RuleVocabulary.eventPath(" amount ")).isEqualTo("properties.amount");
        assertThat(RuleVocabulary.eventPath("items.sku")).isEqualTo("properties.items.sku");
        assertThat(RuleVocabulary.eventPath("properties.amount")).isEqualTo("properties.amount");
        assertThat(RuleVocabulary.eventPath("channel")).isEqualTo("channel");
        assertThat(RuleVocabulary.eventPath("  ")).isEmpty();
    }

    @Test
    void eachOperatorAsksForTheValueItTakes() {
        assertThat(RuleVocabulary.input(Kind.NUMBER, "gte")).isEqualTo(Input.SCALAR);
        assertThat(RuleVocabulary.input(Kind.NUMBER, "between")).isEqualTo(Input.RANGE);
        assertThat(RuleVocabulary.input(Kind.TIME, "between")).isEqualTo(Input.DATE_RANGE);
        assertThat(RuleVocabulary.input(Kind.TIME, "withinLastDays")).isEqualTo(Input.DAYS);
        assertThat(RuleVocabulary.input(Kind.TIME, "before")).isEqualTo(Input.DATE);
        assertThat(RuleVocabulary.input(Kind.LIST, "containsAny")).isEqualTo(Input.LIST);
        assertThat(RuleVocabulary.input(Kind.TEXT, "exists")).isEqualTo(Input.NONE);
    }

    @Test
    void typedValuesBecomeNumbersForNumericFactsAndStayTextForText() {
        assertThat(RuleVocabulary.scalar(" 2 ", Kind.NUMBER).toString()).isEqualTo("2");
        assertThat(RuleVocabulary.scalar("99.50", Kind.NUMBER).isNumber()).isTrue();
        assertThat(RuleVocabulary.scalar("123", Kind.LIST).toString()).isEqualTo("\"123\"");
        assertThat(RuleVocabulary.scalar("true", Kind.ANY).isBoolean()).isTrue();
        assertThat(RuleVocabulary.scalar("上海", Kind.ANY).asString()).isEqualTo("上海");
        assertThat(RuleVocabulary.scalar("  ", Kind.TEXT)).as("blank is no value, which the parser asks for").isNull();
        assertThat(RuleVocabulary.list("vip, 会员，new、", Kind.LIST).toString()).isEqualTo("[\"vip\",\"会员\",\"new\"]");
    }

    @Test
    void storedValuesReadAsTheUserTypesThem() {
        assertThat(RuleVocabulary.text(JSON.readTree("[\"vip\", 3]"))).isEqualTo("vip, 3");
        assertThat(RuleVocabulary.text(JSON.readTree("2.50"))).isEqualTo("2.5");
        assertThat(RuleVocabulary.text(null)).isEmpty();
        assertThat(RuleVocabulary.day(JSON.readTree("\"2026-10-01T08:00:00Z\""))).isEqualTo(LocalDate.of(2026, 10, 1));
        assertThat(RuleVocabulary.day(JSON.readTree("\"soon\""))).isNull();
    }
}

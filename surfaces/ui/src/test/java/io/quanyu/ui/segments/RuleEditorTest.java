package io.quanyu.ui.segments;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.data.provider.HasListDataView;
import io.quanyu.conditions.Conditions;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The visual editor draws a stored rule and writes it back unchanged, and shows the parser's violations in place. */
class RuleEditorTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RULE = """
            {"all": [
              {"any": [{"field": "tags", "op": "contains", "value": "vip"},
                       {"field": "stage", "op": "eq", "value": "member"}]},
              {"behavior": {"event": "order", "window": {"lastDays": 30}, "measure": "count", "op": "gte", "value": 2}},
              {"not": {"field": "aggregates.lastSeen", "op": "withinLastDays", "value": 7}},
              {"not": {"any": [{"field": "plugins.loyalty.points", "op": "between", "value": [10, 20.50]},
                               {"field": "aggregates.orders.lastAt", "op": "before", "value": "2026-10-01T08:00:00Z"},
                               {"all": [{"field": "segments", "op": "containsAny", "value": ["a", "b"]},
                                        {"field": "identityTypes", "op": "exists"}]}]}},
              {"behavior": {"event": "order.paid", "where": {"field": "properties.amount", "op": "gte", "value": 100},
                            "window": {"between": ["2026-01-01", null], "zone": "Asia/Shanghai"},
                            "measure": "sum", "property": "amount", "op": "between", "value": [100, 500]}},
              {"behavior": {"event": "login", "measure": "last", "op": "olderThanDays", "value": 90}}]}""";

    @Test
    void aStoredRuleIsDrawnAndWrittenBackAsStored() {
        RuleEditor editor = new RuleEditor(TestCustomer.viewer());
        editor.show(JSON.readTree(RULE));

        assertThat(editor.rule()).isEqualTo(JSON.readTree(RULE));
        assertThat(descendants(editor).filter(c -> c.hasClassName("rule-group")).count()).isEqualTo(5);
        assertThat(descendants(editor).filter(c -> c.hasClassName("rule-row")).count()).isEqualTo(10);
        Conditions.parse(editor.rule());
    }

    @Test
    void aRuleOnCustomerFieldsIsDrawnWithTheOperatorsAndInputsOfTheirTypes() {
        String rule = """
                {"all": [{"field": "record.birthday", "op": "before", "value": "2000-01-01"},
                         {"field": "record.vip", "op": "isTrue"},
                         {"field": "record.totalSpent.amount", "op": "gte", "value": 1000}]}""";
        RuleEditor editor = new RuleEditor(TestCustomer.viewer());
        editor.show(JSON.readTree(rule));

        assertThat(editor.rule()).isEqualTo(JSON.readTree(rule));
        List<FieldCondition> rows = descendants(editor).filter(FieldCondition.class::isInstance)
                .map(FieldCondition.class::cast).toList();
        assertThat(items(rows.get(0), "rule-field")).containsSubsequence("tags", "record.city", "record.vip")
                .doesNotContain("record.income");
        assertThat(items(rows.get(0), "rule-op")).startsWith("withinLastDays").doesNotContain("gte");
        assertThat(only(rows.get(0), "rule-date").isVisible()).isTrue();
        assertThat(items(rows.get(1), "rule-op")).containsExactly("isTrue", "isFalse", "exists", "notExists");
        assertThat(items(rows.get(2), "rule-op")).startsWith("gte").contains("between");
        Conditions.parse(editor.rule());
    }

    @Test
    void aNewRuleIsEmptyAndMatchesEveryone() {
        assertThat(new RuleEditor(TestCustomer.viewer()).rule()).isEqualTo(JSON.readTree("{\"all\": []}"));
    }

    @Test
    void aMissingValueIsLeftOutSoTheParserAsksForItAndTheRowIsMarked() {
        RuleEditor editor = new RuleEditor(TestCustomer.viewer());
        editor.show(JSON.readTree("""
                {"any": [{"field": "tags", "op": "contains", "value": "vip"},
                         {"behavior": {"event": "order", "measure": "count", "op": "gte"}}]}"""));
        QuanyuException refused = catchThrowableOfType(QuanyuException.class, () -> Conditions.parse(editor.rule()));

        assertThat(refused.violations()).extracting(FieldViolation::pointer).containsExactly("/any/1/behavior/value");
        editor.mark(refused.violations());
        List<Component> marked = descendants(editor).filter(c -> c.hasClassName("rule-invalid")).toList();
        assertThat(marked).hasSize(1);
        assertThat(marked.getFirst()).isInstanceOf(BehaviorCondition.class);
        editor.mark(List.of());
        assertThat(descendants(editor).filter(c -> c.hasClassName("rule-invalid"))).isEmpty();
    }

    /** The choices of the one picker or select with the class in a row. */
    private static List<String> items(Component row, String className) {
        return ((HasListDataView<?, ?>) only(row, className)).getListDataView().getItems().map(String::valueOf)
                .toList();
    }

    private static Component only(Component root, String className) {
        List<Component> found = descendants(root).filter(c -> c.hasClassName(className)).toList();
        assertThat(found).as(className).hasSize(1);
        return found.getFirst();
    }

    private static Stream<Component> descendants(Component root) {
        return root.getChildren().flatMap(c -> Stream.concat(Stream.of(c), descendants(c)));
    }
}

package io.quanyu.ui.segments;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBoxBase.CustomValueSetEvent;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import io.quanyu.conditions.Conditions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A behaviour's {@code where} as filter rows: a stored filter of leaves is drawn as rows and written back as stored,
 * one the rows cannot draw is shown as text and kept, and rows added and removed in the editor write a {@code where}
 * the platform's parser accepts.
 */
class WhereFiltersTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TWO = """
            {"all": [{"field": "properties.amount", "op": "gte", "value": 100},
                     {"field": "channel", "op": "in", "value": ["app", "mini_program"]}]}""";

    @Test
    void aFilterOfSeveralLeavesIsDrawnAsRowsAndWrittenBackAsStored() {
        RuleEditor editor = shown(TWO);

        assertThat(editor.rule()).isEqualTo(JSON.readTree(behavior(TWO)));
        assertThat(descendants(editor).filter(c -> c.hasClassName("rule-where-row"))).hasSize(2);
        assertThat(only(editor, "rule-where").isVisible()).isFalse();
        Conditions.parse(editor.rule());
    }

    @Test
    void aSingleLeafIsOneRowWrittenAsTheBareLeaf() {
        String leaf = "{\"field\": \"properties.items.sku\", \"op\": \"startsWith\", \"value\": \"A-\"}";
        RuleEditor editor = shown(leaf);

        assertThat(editor.rule()).isEqualTo(JSON.readTree(behavior(leaf)));
        assertThat(descendants(editor).filter(c -> c.hasClassName("rule-where-row"))).hasSize(1);
        Conditions.parse(editor.rule());
    }

    @Test
    void aFilterTheRowsCannotDrawIsShownAsTextAndKept() {
        for (String where : List.of(
                "{\"any\": [{\"field\": \"channel\", \"op\": \"eq\", \"value\": \"app\"},"
                        + " {\"field\": \"properties.amount\", \"op\": \"gt\", \"value\": 0}]}",
                "{\"not\": {\"field\": \"channel\", \"op\": \"eq\", \"value\": \"app\"}}",
                "{\"all\": [{\"field\": \"channel\", \"op\": \"eq\", \"value\": \"app\"},"
                        + " {\"any\": [{\"field\": \"properties.vip\", \"op\": \"isTrue\"}]}]}")) {
            assertThat(WhereFilters.leaves(JSON.readTree(where))).as(where).isEmpty();
            RuleEditor editor = shown(where);

            assertThat(editor.rule()).as(where).isEqualTo(JSON.readTree(behavior(where)));
            assertThat(descendants(editor).filter(c -> c.hasClassName("rule-where-row"))).as(where).isEmpty();
            assertThat(only(editor, "rule-where").isVisible()).as(where).isTrue();
            assertThat(only(editor, "rule-where-add").isVisible()).as(where).isFalse();
            Conditions.parse(editor.rule());
        }
    }

    @Test
    void rowsAddedAndRemovedWriteAWhereTheParserAcceptsAndNoneWhenEmpty() {
        AtomicInteger changes = new AtomicInteger();
        BehaviorCondition behavior = new BehaviorCondition(changes::incrementAndGet, part -> { });
        ((TextField) only(behavior, "rule-event")).setValue("order");
        ((TextField) only(behavior, "rule-value")).setValue("2");
        Button add = (Button) only(behavior, "rule-where-add");

        add.click();
        assertThat(changes).hasValue(1);
        assertThat(where(behavior)).isEqualTo(JSON.readTree("{\"field\": \"channel\", \"op\": \"eq\"}"));
        Component channel = rows(behavior).getFirst();
        ((TextField) only(channel, "rule-value")).setValue("app");

        add.click();
        Component amount = rows(behavior).get(1);
        PathPicker field = (PathPicker) only(amount, "rule-where-field");
        ComponentUtil.fireEvent(field, new CustomValueSetEvent<>(field, true, " amount "));
        assertThat(changes).hasValue(3);
        assertThat(field.getValue()).isEqualTo("properties.amount");
        @SuppressWarnings("unchecked")
        Select<String> op = (Select<String>) only(amount, "rule-where-op");
        op.setValue("gte");
        ((TextField) only(amount, "rule-value")).setValue("100");
        JsonNode both = JSON.readTree("""
                {"all": [{"field": "channel", "op": "eq", "value": "app"},
                         {"field": "properties.amount", "op": "gte", "value": 100}]}""");
        assertThat(where(behavior)).hasToString(both.toString());
        Conditions.parse(behavior.toJson("", new HashMap<>()));

        ((Button) only(channel, "rule-remove")).click();
        assertThat(changes).hasValue(4);
        assertThat(where(behavior)).hasToString(both.get("all").get(1).toString());
        ((Button) only(amount, "rule-remove")).click();
        assertThat(behavior.toJson("", new HashMap<>()).get("behavior").has("where")).isFalse();
        Conditions.parse(behavior.toJson("", new HashMap<>()));
    }

    private static RuleEditor shown(String where) {
        RuleEditor editor = new RuleEditor(TestCustomer.viewer());
        editor.show(JSON.readTree(behavior(where)));
        return editor;
    }

    private static String behavior(String where) {
        return "{\"all\": [{\"behavior\": {\"event\": \"order\", \"where\": " + where
                + ", \"window\": {\"lastDays\": 30}, \"measure\": \"count\", \"op\": \"gte\", \"value\": 2}}]}";
    }

    private static JsonNode where(BehaviorCondition behavior) {
        return behavior.toJson("", new HashMap<>()).get("behavior").get("where");
    }

    private static List<Component> rows(Component root) {
        return descendants(root).filter(c -> c.hasClassName("rule-where-row")).toList();
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

package io.quanyu.ui.segments;

import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.ui.i18n.Languages;
import io.quanyu.ui.segments.RuleVocabulary.Input;
import io.quanyu.ui.segments.RuleVocabulary.Kind;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The field picker offers the customer fields the user may read after the fixed facts, with their kinds and labels. */
class FactChoicesTest {
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    @Test
    void everyFieldTypeIsComparedAsTheKindItsValuesHaveOrNotOffered() {
        Map<FieldType, Optional<Kind>> expected = new EnumMap<>(FieldType.class);
        for (FieldType text : List.of(FieldType.TEXT, FieldType.LONG_TEXT, FieldType.EMAIL, FieldType.PHONE,
                FieldType.URL, FieldType.SINGLE_SELECT, FieldType.AUTO_NUMBER)) {
            expected.put(text, Optional.of(Kind.TEXT));
        }
        for (FieldType number : List.of(FieldType.INTEGER, FieldType.DECIMAL, FieldType.CURRENCY)) {
            expected.put(number, Optional.of(Kind.NUMBER));
        }
        expected.put(FieldType.DATE, Optional.of(Kind.TIME));
        expected.put(FieldType.DATETIME, Optional.of(Kind.TIME));
        expected.put(FieldType.MULTI_SELECT, Optional.of(Kind.LIST));
        expected.put(FieldType.BOOLEAN, Optional.of(Kind.BOOLEAN));
        for (FieldType skipped : List.of(FieldType.JSON, FieldType.REFERENCE, FieldType.MULTI_REFERENCE)) {
            expected.put(skipped, Optional.empty());
        }
        expected.put(FieldType.FORMULA, Optional.empty());

        assertThat(expected).containsOnlyKeys(FieldType.values());
        expected.forEach((type, kind) -> assertThat(FactChoices.kind(type, null)).as(type.key()).isEqualTo(kind));
        assertThat(FactChoices.kind(FieldType.FORMULA, FieldType.DATE)).contains(Kind.TIME);
        assertThat(FactChoices.kind(FieldType.FORMULA, FieldType.BOOLEAN)).contains(Kind.BOOLEAN);
        assertThat(FactChoices.kind(FieldType.FORMULA, FieldType.DECIMAL)).contains(Kind.NUMBER);
    }

    @Test
    void theCustomerFieldsTheUserMayReadFollowTheFixedFacts() {
        List<String> fields = List.of("record.name", "record.phone", "record.email", "record.gender",
                "record.birthday", "record.city", "record.lifecycleStage", "record.memberNo", "record.tags",
                "record.totalSpent.amount", "record.influenceScore", "record.firstSource", "record.vip",
                "record.lastVisit", "record.visits", "record.level", "record.note");
        List<String> viewer = new ArrayList<>(RuleVocabulary.FACTS.keySet());
        viewer.addAll(fields);
        List<String> admin = new ArrayList<>(viewer);
        admin.add("record.income");

        assertThat(TestCustomer.viewer().paths()).as("no reference, JSON or hidden field").isEqualTo(viewer);
        assertThat(FactChoices.of(TestCustomer.type(), Set.of("builder")).paths()).isEqualTo(viewer);
        assertThat(FactChoices.of(TestCustomer.type(), Set.of("tenant-admin")).paths()).isEqualTo(admin);
    }

    @Test
    void aPickedFieldsKindGivesItsOperatorsAndValueInput() {
        FactChoices facts = TestCustomer.viewer();

        assertThat(facts.kind("record.birthday")).isEqualTo(Kind.TIME);
        assertThat(RuleVocabulary.operators(facts.kind("record.birthday"))).startsWith("withinLastDays")
                .contains("before", "after").doesNotContain("gte");
        assertThat(RuleVocabulary.input(facts.kind("record.birthday"), "before")).isEqualTo(Input.DATE);
        assertThat(facts.kind("record.lastVisit")).isEqualTo(Kind.TIME);
        assertThat(RuleVocabulary.operators(facts.kind("record.vip")))
                .containsExactly("isTrue", "isFalse", "exists", "notExists");
        assertThat(RuleVocabulary.input(facts.kind("record.vip"), "isTrue")).isEqualTo(Input.NONE);
        assertThat(facts.kind("record.tags")).isEqualTo(Kind.LIST);
        assertThat(facts.kind("record.totalSpent.amount")).isEqualTo(Kind.NUMBER);
        assertThat(facts.kind("record.level")).as("a formula as its result").isEqualTo(Kind.NUMBER);
        assertThat(facts.kind("record.memberNo")).isEqualTo(Kind.TEXT);
        assertThat(facts.kind("record.gender")).isEqualTo(Kind.TEXT);
        assertThat(facts.kind("tags")).as("the fixed facts keep theirs").isEqualTo(Kind.LIST);
        assertThat(facts.kind("record.income")).as("typed, not offered").isEqualTo(Kind.ANY);
        assertThat(facts.kind(null)).isEqualTo(Kind.ANY);
    }

    @Test
    void aFieldIsNamedInTheUiLanguageElseTheOtherElseByItsApiName() {
        FactChoices facts = FactChoices.of(withoutSchema("""
                {"apiName": "customer", "label": {"en": "Customer"}, "fields": [
                  {"apiName": "city", "type": "text", "label": {"en": "City", "zh-CN": "城市"}},
                  {"apiName": "source", "type": "text", "label": {"en": "Source"}},
                  {"apiName": "district", "type": "text", "label": {"zh-CN": "区县"}},
                  {"apiName": "grade", "type": "text"}]}"""), Set.of("viewer"));

        assertThat(facts.name("record.city", Languages.CHINESE)).contains("城市");
        assertThat(facts.name("record.city", Languages.ENGLISH)).contains("City");
        assertThat(facts.name("record.source", Languages.CHINESE)).contains("Source");
        assertThat(facts.name("record.district", Languages.ENGLISH)).contains("区县");
        assertThat(facts.name("record.grade", Languages.CHINESE)).contains("grade");
        assertThat(facts.name("tags", Languages.ENGLISH)).as("a fixed fact is named by its translation").isEmpty();
        assertThat(TestCustomer.viewer().name("record.income", Languages.ENGLISH)).isEmpty();
    }

    /** A definition bound as is: the metadata schema asks for an English label, the picker does not rely on it. */
    private static ObjectType withoutSchema(String json) {
        return JSON.treeToValue(JSON.readTree(json), ObjectType.class);
    }
}

package io.quanyu.objects;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.objects.schema.ObjectTypeParser;
import io.quanyu.objects.schema.RecordSchemaGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectDefinitionTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonNode json(String text) {
        return JSON.readTree(text.replace('\'', '"'));
    }

    static String definition(String fields) {
        return "{'apiName': 'memberCard', 'label': {'en': 'Member card', 'zh-CN': '会员卡'}, 'fields': [" + fields + "]}";
    }

    static ObjectType parse(String text) {
        return ObjectTypeParser.parse(json(text), StandardObjects::find);
    }

    @Test
    void standardObjectsLoadWithBilingualLabels() {
        assertThat(StandardObjects.all()).extracting(ObjectType::apiName)
                .containsExactly("customer", "store", "product", "order", "orderLine");
        ObjectType customer = StandardObjects.find("customer").orElseThrow();
        assertThat(customer.label().in("zh-CN")).isEqualTo("客户");
        assertThat(customer.field("phone").orElseThrow().type()).isEqualTo(FieldType.PHONE);
        assertThat(customer.fields()).allMatch(f -> f.standard());
    }

    @Test
    void generatedSchemaIsDraft2020WithReadOnlyComputedAndSystemFields() {
        JsonNode schema = RecordSchemaGenerator.generate(StandardObjects.find("orderLine").orElseThrow());
        assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.path("required").toString()).isEqualTo("[\"order\",\"quantity\"]");
        assertThat(schema.at("/properties/amount/readOnly").asBoolean()).isTrue();
        assertThat(schema.at("/properties/_version/readOnly").asBoolean()).isTrue();
        assertThat(schema.at("/properties/quantity/minimum").asInt()).isEqualTo(1);
    }

    @Test
    void aValidDefinitionRoundTrips() {
        ObjectType card = parse(definition("""
                {'apiName': 'cardNo', 'type': 'text', 'label': {'en': 'No.'}, 'required': true, 'unique': true,
                 'pattern': '^[A-Z0-9]+$', 'maxLength': 20},
                {'apiName': 'owner', 'type': 'reference', 'label': {'en': 'Owner'}, 'target': 'customer', 'onDelete': 'cascade'},
                {'apiName': 'parent', 'type': 'reference', 'label': {'en': 'Parent'}, 'target': 'memberCard'},
                {'apiName': 'points', 'type': 'integer', 'label': {'en': 'Points'}, 'min': 0, 'default': 0},
                {'apiName': 'double', 'type': 'formula', 'label': {'en': 'x2'}, 'expression': 'points * 2', 'resultType': 'integer'}
                """));
        assertThat(ObjectTypeParser.parse(ObjectTypeParser.toJson(card), StandardObjects::find)).isEqualTo(card);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing label|{'apiName': 'x1', 'fields': [{'apiName': 'a', 'type': 'text', 'label': {'en': 'A'}}]}|/label|required",
            "bad object api name|{'apiName': 'Bad-Name', 'label': {'en': 'X'}, 'fields': [{'apiName': 'a', 'type': 'text', 'label': {'en': 'A'}}]}|/apiName|pattern",
            "no fields|{'apiName': 'x1', 'label': {'en': 'X'}, 'fields': []}|/fields|size",
            "unknown top-level key|{'apiName': 'x1', 'label': {'en': 'X'}, 'color': 'red', 'fields': [{'apiName': 'a', 'type': 'text', 'label': {'en': 'A'}}]}|/color|unknown",
            "unknown field type|FIELD{'apiName': 'a', 'type': 'money', 'label': {'en': 'A'}}|/fields/0/type|option",
            "dollar field name|FIELD{'apiName': '$where', 'type': 'text', 'label': {'en': 'A'}}|/fields/0/apiName|pattern",
            "dotted field name|FIELD{'apiName': 'a.b', 'type': 'text', 'label': {'en': 'A'}}|/fields/0/apiName|pattern",
            "duplicate field|FIELD{'apiName': 'ab', 'type': 'text', 'label': {'en': 'A'}}, {'apiName': 'aB', 'type': 'integer', 'label': {'en': 'A'}}|/fields/1/apiName|duplicate",
            "options on text|FIELD{'apiName': 'a', 'type': 'text', 'label': {'en': 'A'}, 'options': [{'value': 'x', 'label': {'en': 'X'}}]}|/fields/0/options|notApplicable",
            "select without options|FIELD{'apiName': 'a', 'type': 'singleSelect', 'label': {'en': 'A'}}|/fields/0/options|required",
            "duplicate option|FIELD{'apiName': 'a', 'type': 'singleSelect', 'label': {'en': 'A'}, 'options': [{'value': 'x', 'label': {'en': 'X'}}, {'value': 'x', 'label': {'en': 'Y'}}]}|/fields/0/options/1/value|duplicate",
            "default not an option|FIELD{'apiName': 'a', 'type': 'singleSelect', 'label': {'en': 'A'}, 'default': 'z', 'options': [{'value': 'x', 'label': {'en': 'X'}}]}|/fields/0/default|option",
            "default of wrong type|FIELD{'apiName': 'a', 'type': 'integer', 'label': {'en': 'A'}, 'default': 'ten'}|/fields/0/default|type",
            "reference to missing object|FIELD{'apiName': 'a', 'type': 'reference', 'label': {'en': 'A'}, 'target': 'ghost'}|/fields/0/target|missingObject",
            "reference without target|FIELD{'apiName': 'a', 'type': 'reference', 'label': {'en': 'A'}}|/fields/0/target|required",
            "formula referring to itself|FIELD{'apiName': 'a', 'type': 'formula', 'label': {'en': 'A'}, 'expression': 'a + 1', 'resultType': 'integer'}|/fields/0/expression|selfReference",
            "formula cycle|FIELD{'apiName': 'a', 'type': 'formula', 'label': {'en': 'A'}, 'expression': 'b + 1', 'resultType': 'integer'}, {'apiName': 'b', 'type': 'formula', 'label': {'en': 'B'}, 'expression': 'a + 1', 'resultType': 'integer'}|/fields/0/expression|cycle",
            "formula on unknown field|FIELD{'apiName': 'a', 'type': 'formula', 'label': {'en': 'A'}, 'expression': 'ghost * 2', 'resultType': 'integer'}|/fields/0/expression|unknownField",
            "formula syntax|FIELD{'apiName': 'a', 'type': 'formula', 'label': {'en': 'A'}, 'expression': '(1 +', 'resultType': 'integer'}|/fields/0/expression|syntax",
            "required formula|FIELD{'apiName': 'a', 'type': 'formula', 'label': {'en': 'A'}, 'required': true, 'expression': '1', 'resultType': 'integer'}|/fields/0/required|notApplicable",
            "min above max|FIELD{'apiName': 'a', 'type': 'integer', 'label': {'en': 'A'}, 'min': 10, 'max': 1}|/fields/0/max|range",
            "bad regex|FIELD{'apiName': 'a', 'type': 'text', 'label': {'en': 'A'}, 'pattern': '(['}|/fields/0/pattern|pattern",
            "scale above precision|FIELD{'apiName': 'a', 'type': 'decimal', 'label': {'en': 'A'}, 'precision': 4, 'scale': 6}|/fields/0/scale|range",
            "unique multi select|FIELD{'apiName': 'a', 'type': 'multiSelect', 'label': {'en': 'A'}, 'unique': true, 'options': [{'value': 'x', 'label': {'en': 'X'}}]}|/fields/0/unique|notApplicable",
    })
    void badDefinitionsAreRefusedWithPointerAndCode(String name, String definition, String pointer, String code) {
        String text = definition.startsWith("FIELD") ? definition(definition.substring(5)) : definition;
        assertThatThrownBy(() -> parse(text)).isInstanceOfSatisfying(QuanyuException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_DEFINITION_INVALID);
            assertThat(e.violations()).extracting(FieldViolation::pointer, FieldViolation::code)
                    .contains(org.assertj.core.groups.Tuple.tuple(pointer, code));
        });
    }

    @Test
    void displayFieldIndexAndLayoutMustNameFields() {
        String text = "{'apiName': 'x1', 'label': {'en': 'X'}, 'displayField': 'ghost', "
                + "'indexes': [{'fields': ['nope']}], 'layouts': [{'name': 'main', 'sections': [{'fields': ['gone']}]}], "
                + "'fields': [{'apiName': 'a', 'type': 'text', 'label': {'en': 'A'}}]}";
        assertThatThrownBy(() -> ObjectTypeParser.parse(json(text), o -> Optional.empty()))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::pointer)
                        .containsExactlyInAnyOrder("/displayField", "/indexes/0/fields/0", "/layouts/0/sections/0/fields/0"));
    }
}

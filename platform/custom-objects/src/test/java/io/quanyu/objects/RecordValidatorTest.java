package io.quanyu.objects;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.objects.schema.RecordValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static io.quanyu.objects.ObjectDefinitionTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordValidatorTest {
    static final ObjectType CARD = ObjectDefinitionTest.parse(ObjectDefinitionTest.definition("""
            {'apiName': 'cardNo', 'type': 'text', 'label': {'en': 'No.'}, 'required': true, 'maxLength': 20, 'pattern': '^[A-Z0-9]+$'},
            {'apiName': 'note', 'type': 'longText', 'label': {'en': 'Note'}},
            {'apiName': 'points', 'type': 'integer', 'label': {'en': 'Points'}, 'min': 0, 'default': 0},
            {'apiName': 'balance', 'type': 'decimal', 'label': {'en': 'Balance'}, 'precision': 8, 'scale': 2},
            {'apiName': 'active', 'type': 'boolean', 'label': {'en': 'Active'}},
            {'apiName': 'since', 'type': 'date', 'label': {'en': 'Since'}},
            {'apiName': 'lastSeen', 'type': 'datetime', 'label': {'en': 'Last seen'}},
            {'apiName': 'tier', 'type': 'singleSelect', 'label': {'en': 'Tier'}, 'default': 'silver',
             'options': [{'value': 'silver', 'label': {'en': 'Silver', 'zh-CN': '银卡'}}, {'value': 'gold', 'label': {'en': 'Gold'}}]},
            {'apiName': 'perks', 'type': 'multiSelect', 'label': {'en': 'Perks'},
             'options': [{'value': 'parking', 'label': {'en': 'Parking'}}, {'value': 'lounge', 'label': {'en': 'Lounge'}}]},
            {'apiName': 'email', 'type': 'email', 'label': {'en': 'E-mail'}},
            {'apiName': 'phone', 'type': 'phone', 'label': {'en': 'Phone'}},
            {'apiName': 'site', 'type': 'url', 'label': {'en': 'Site'}},
            {'apiName': 'limit', 'type': 'currency', 'label': {'en': 'Limit'}, 'min': 0},
            {'apiName': 'extra', 'type': 'json', 'label': {'en': 'Extra'}},
            {'apiName': 'owner', 'type': 'reference', 'label': {'en': 'Owner'}, 'target': 'customer'},
            {'apiName': 'stores', 'type': 'multiReference', 'label': {'en': 'Stores'}, 'target': 'store'},
            {'apiName': 'doubled', 'type': 'formula', 'label': {'en': 'x2'}, 'expression': 'points * 2 + balance', 'resultType': 'decimal'},
            {'apiName': 'no', 'type': 'autoNumber', 'label': {'en': 'No'}, 'prefix': 'C', 'digits': 6}
            """));
    static final RecordValidator VALIDATOR = RecordValidator.of(CARD);

    private static ObjectNode valid(String json) {
        ObjectNode record = (ObjectNode) json(json);
        VALIDATOR.applyDefaults(record);
        return VALIDATOR.validate(record);
    }

    @Test
    void normalisesPhonesAndEmailsAppliesDefaultsAndComputesFormulas() {
        ObjectNode record = valid("{'cardNo': 'A1', 'phone': '138 0013 8000', 'email': 'Li.Lei@Example.COM', "
                + "'balance': 10.5, 'limit': {'amount': 99.99, 'currency': 'CNY'}, 'extra': {'nested': [1, {'k': 'v'}]}}");
        assertThat(record.path("phone").asString()).isEqualTo("+8613800138000");
        assertThat(record.path("email").asString()).isEqualTo("li.lei@example.com");
        assertThat(record.path("tier").asString()).isEqualTo("silver");
        assertThat(record.path("points").asInt()).isZero();
        assertThat(record.path("doubled").decimalValue()).isEqualByComparingTo("10.5");
        assertThat(valid("{'cardNo': 'A1', 'phone': '+1 650-253-0000'}").path("phone").asString()).isEqualTo("+16502530000");
    }

    @Test
    void formulaWithMissingInputIsNull() {
        ObjectNode record = valid("{'cardNo': 'A2'}");
        assertThat(record.get("doubled").isNull()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing required|{'note': 'x'}|/cardNo|required",
            "required set to null|{'cardNo': null}|/cardNo|type",
            "unknown field|{'cardNo': 'A1', 'colour': 'red'}|/colour|unknown",
            "dollar key|{'cardNo': 'A1', '$set': {'x': 1}}|/$set|key",
            "dotted key|{'cardNo': 'A1', 'a.b': 1}|/a.b|key",
            "dollar key inside json|{'cardNo': 'A1', 'extra': {'ok': {'$where': 'x'}}}|/extra/ok/$where|key",
            "dotted key inside json array|{'cardNo': 'A1', 'extra': [{'x.y': 1}]}|/extra/0/x.y|key",
            "writes platform field|{'cardNo': 'A1', '_version': 3}|/_version|readOnly",
            "writes formula|{'cardNo': 'A1', 'doubled': 3}|/doubled|readOnly",
            "writes auto number|{'cardNo': 'A1', 'no': 'C000001'}|/no|readOnly",
            "text pattern|{'cardNo': 'a-1'}|/cardNo|pattern",
            "text too long|{'cardNo': 'A123456789012345678901'}|/cardNo|length",
            "integer as string|{'cardNo': 'A1', 'points': '12'}|/points|type",
            "integer fraction|{'cardNo': 'A1', 'points': 1.5}|/points|type",
            "below minimum|{'cardNo': 'A1', 'points': -1}|/points|range",
            "too many decimals|{'cardNo': 'A1', 'balance': 1.234}|/balance|scale",
            "too many digits|{'cardNo': 'A1', 'balance': 1234567.5}|/balance|range",
            "boolean as string|{'cardNo': 'A1', 'active': 'yes'}|/active|type",
            "bad date|{'cardNo': 'A1', 'since': '2026-13-45'}|/since|format",
            "bad datetime|{'cardNo': 'A1', 'lastSeen': 'yesterday'}|/lastSeen|format",
            "unknown option|{'cardNo': 'A1', 'tier': 'platinum'}|/tier|option",
            "unknown multi option|{'cardNo': 'A1', 'perks': ['parking', 'spa']}|/perks/1|option",
            "duplicate multi option|{'cardNo': 'A1', 'perks': ['parking', 'parking']}|/perks|duplicate",
            "invalid email|{'cardNo': 'A1', 'email': 'not-an-email'}|/email|format",
            "invalid phone|{'cardNo': 'A1', 'phone': '12345'}|/phone|phone",
            "phone with letters|{'cardNo': 'A1', 'phone': 'call me'}|/phone|pattern",
            "ftp url|{'cardNo': 'A1', 'site': 'ftp://x.example'}|/site|pattern",
            "currency code unknown|{'cardNo': 'A1', 'limit': {'amount': 1, 'currency': 'XYZ'}}|/limit/currency|currency",
            "currency too precise|{'cardNo': 'A1', 'limit': {'amount': 1.234, 'currency': 'CNY'}}|/limit/amount|scale",
            "currency without code|{'cardNo': 'A1', 'limit': {'amount': 1}}|/limit/currency|required",
            "reference not an id|{'cardNo': 'A1', 'owner': 'has spaces'}|/owner|pattern",
            "reference as number|{'cardNo': 'A1', 'owner': 12}|/owner|type",
            "multi reference duplicate|{'cardNo': 'A1', 'stores': ['s1', 's1']}|/stores|duplicate",
    })
    void badRecordsAreRefusedWithPointerAndCode(String name, String record, String pointer, String code) {
        assertThatThrownBy(() -> valid(record)).isInstanceOfSatisfying(QuanyuException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RECORD_VALIDATION_FAILED);
            assertThat(e.violations()).extracting(FieldViolation::pointer, FieldViolation::code)
                    .contains(org.assertj.core.groups.Tuple.tuple(pointer, code));
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "integer beyond a double|{'cardNo': 'A1', 'points': 1e400}|/points|is out of range for an integer field (0 to 9007199254740991)",
            "integer beyond the largest|{'cardNo': 'A1', 'points': 99999999999999999999999}|/points|must have a maximum value of 9007199254740991",
            "decimal beyond a double|{'cardNo': 'A1', 'balance': -1e400}|/balance|is out of range for a number (beyond ±1.7976931348623157E308)",
            "currency given as a huge number|{'cardNo': 'A1', 'limit': 1e400}|/limit|is out of range for a number (beyond ±1.7976931348623157E308)",
            "huge number inside json|{'cardNo': 'A1', 'extra': {'a': [1e999]}}|/extra/a/0|is out of range for a number (beyond ±1.7976931348623157E308)",
            "whole number beyond 64 bits inside json|{'cardNo': 'A1', 'extra': {'a': 9223372036854775808}}|/extra/a|is out of range for a whole number in JSON (-9223372036854775808 to 9223372036854775807)",
    })
    void numbersOutOfRangeAreRefusedInPlainWords(String name, String record, String pointer, String message) {
        assertThatThrownBy(() -> valid(record)).isInstanceOfSatisfying(QuanyuException.class, e ->
                assertThat(e.violations()).containsExactly(new FieldViolation(pointer, "range", message)));
    }

    @Test
    void largeNumbersThatFitAreKept() {
        ObjectNode record = valid("{'cardNo': 'A1', 'balance': 123456.78, 'extra': {'a': 9223372036854775807, 'b': 1e300}}");
        assertThat(record.path("extra").toString()).isEqualTo("{\"a\":9223372036854775807,\"b\":1.0E300}");
    }

    @Test
    void tenMegabyteStringIsRefused() {
        ObjectNode record = (ObjectNode) json("{'cardNo': 'A1'}");
        record.put("note", "长".repeat(10 * 1024 * 1024));
        assertThatThrownBy(() -> VALIDATOR.validate(record)).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.violations()).extracting(FieldViolation::code).containsExactly("length"));
    }

    @Test
    void thousandDeepJsonIsRefused() {
        JsonNode deep = json("{}");
        for (int i = 0; i < 1000; i++) {
            var wrapper = json("{}");
            ((ObjectNode) wrapper).set("d", deep);
            deep = wrapper;
        }
        ObjectNode record = (ObjectNode) json("{'cardNo': 'A1'}");
        record.set("extra", deep);
        assertThatThrownBy(() -> VALIDATOR.validate(record)).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.violations()).extracting(FieldViolation::code).containsExactly("depth"));
    }

    @Test
    void everyFailingFieldIsListed() {
        assertThatThrownBy(() -> valid("{'points': -5, 'tier': 'x', 'email': 'bad', 'colour': 1}"))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::pointer)
                        .contains("/cardNo", "/points", "/tier", "/email", "/colour"));
    }
}

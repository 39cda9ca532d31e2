package io.quanyu.ui.records;

import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.ObjectType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class CsvValuesTest {
    private final ObjectType type = CsvTestTypes.event();

    private FieldDef field(String name) {
        return type.field(name).orElseThrow();
    }

    private JsonNode parse(String field, String text) {
        return CsvValues.parse(field(field), text).orElseThrow();
    }

    private static JsonNode json(String text) {
        return CsvTestTypes.JSON.readTree(text);
    }

    @Test
    void everyExportedValueImportsAsTheSameJson() {
        var record = json("""
                {"title": "上海 \\"春季\\", 会员日", "seats": 120, "price": 12.50, "vip": false,
                 "startsOn": "2026-05-01", "startsAt": "2026-05-01T08:30:00Z", "channel": "store",
                 "tags": ["new", "hot"], "fee": {"amount": 99.90, "currency": "CNY"}, "extra": {"a": [1, 2]}}
                """);
        for (FieldDef f : type.fields()) {
            JsonNode value = record.get(f.apiName());
            if (value != null) {
                String text = CsvValues.text(f, value);
                assertThat(CsvValues.parse(f, text).map(JsonNode::toString)).as(f.apiName() + " from " + text)
                        .contains(value.toString());
            }
        }
    }

    @Test
    void writesTypesAsSpreadsheetsAndImportReadThem() {
        assertThat(CsvValues.text(field("vip"), json("true"))).isEqualTo("true");
        assertThat(CsvValues.text(field("tags"), json("[\"new\",\"hot\"]"))).isEqualTo("new;hot");
        assertThat(CsvValues.text(field("fee"), json("{\"amount\": 5, \"currency\": \"USD\"}"))).isEqualTo("5 USD");
        assertThat(CsvValues.text(field("price"), json("12.50"))).isEqualTo("12.50");
        assertThat(CsvValues.text(field("title"), null)).isEmpty();
    }

    @Test
    void readsLabelsInEitherLanguageAndCommonSpellings() {
        assertThat(parse("channel", "门店").asString()).isEqualTo("store");
        assertThat(parse("channel", " in STORE ").asString()).isEqualTo("store");
        assertThat(parse("tags", "新, Hot").toString()).isEqualTo("[\"new\",\"hot\"]");
        assertThat(parse("vip", "是").booleanValue()).isTrue();
        assertThat(parse("vip", "No").booleanValue()).isFalse();
        assertThat(parse("startsOn", "2026/5/1").asString()).isEqualTo("2026-05-01");
        assertThat(parse("startsAt", "2026-05-01 08:30").asString()).isEqualTo("2026-05-01T08:30:00Z");
        assertThat(parse("seats", " 42 ").longValue()).isEqualTo(42);
    }

    @Test
    void blankIsNoValueAndWhatDoesNotConvertGoesToTheServerAsText() {
        assertThat(CsvValues.parse(field("seats"), "  ")).isEmpty();
        assertThat(parse("seats", "many").isString()).isTrue();
        assertThat(parse("vip", "maybe").asString()).isEqualTo("maybe");
        assertThat(parse("startsOn", "May first").asString()).isEqualTo("May first");
        assertThat(parse("channel", "mail").asString()).isEqualTo("mail");
        assertThat(parse("extra", "{not json").asString()).isEqualTo("{not json");
    }
}

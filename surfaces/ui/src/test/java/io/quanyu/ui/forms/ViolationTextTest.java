package io.quanyu.ui.forms;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.objects.schema.ObjectTypeParser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class ViolationTextTest {
    private static final ObjectType EVENT = ObjectTypeParser.shape(JsonMapper.builder().build().readTree("""
            {"apiName": "event", "label": {"en": "Event"}, "fields": [
              {"apiName": "title", "type": "text", "label": {"en": "Title"}, "required": true, "maxLength": 40},
              {"apiName": "seats", "type": "integer", "label": {"en": "Seats"}, "min": 0},
              {"apiName": "price", "type": "decimal", "label": {"en": "Price"}, "min": 0, "max": 999.5, "scale": 2},
              {"apiName": "notes", "type": "text", "label": {"en": "Notes"}}
            ]}"""));

    private static String zh(String pointer, String code) {
        return ViolationText.forRecord(new FieldViolation(pointer, code, "server text"), EVENT, Locale.SIMPLIFIED_CHINESE);
    }

    @Test
    void knownRulesAreWordedInChineseWithTheFieldsOwnLimits() {
        assertThat(zh("/title", "required")).isEqualTo("必填");
        assertThat(zh("/title", "length")).isEqualTo("最多 40 个字符");
        assertThat(zh("/seats", "range")).isEqualTo("不能小于 0");
        assertThat(zh("/price", "range")).isEqualTo("须在 0 到 999.5 之间");
        assertThat(zh("/price", "scale")).isEqualTo("最多 2 位小数");
        assertThat(zh("/title", "unique")).isEqualTo("已有其他记录使用该值");
    }

    @Test
    void englishUsesTheSameRulesAndUnknownCasesKeepTheServersText() {
        assertThat(ViolationText.forRecord(new FieldViolation("/seats", "range", "x"), EVENT, Locale.ENGLISH))
                .isEqualTo("must be at least 0");
        assertThat(zh("/notes", "range")).isEqualTo("server text");
        assertThat(zh("/notes", "somethingNew")).isEqualTo("server text");
        assertThat(zh("", "required")).isEqualTo("必填");
    }

    @Test
    void aPluginSettingIsWordedWithItsSchemasLimits() {
        var schema = JsonMapper.builder().build().readTree("{\"type\": \"number\", \"minimum\": 0, \"maximum\": 50}");
        assertThat(ViolationText.of(new FieldViolation("/settings/discount", "range", "must have a maximum value of 50"),
                ViolationText.Limits.of(schema), Locale.SIMPLIFIED_CHINESE)).isEqualTo("须在 0 到 50 之间");
    }
}

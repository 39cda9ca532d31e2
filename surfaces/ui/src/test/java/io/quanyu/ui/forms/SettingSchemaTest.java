package io.quanyu.ui.forms;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.text.MessageFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SettingSchemaTest {
    private static final JsonNode SCHEMA = JsonMapper.builder().build().readTree("""
            {"type": "object", "required": ["shopName", "apiKey"], "properties": {
              "shopName": {"type": "string", "title": "Shop name", "maxLength": 40,
                           "x-title": {"en": "Shop name", "zh-CN": "店铺名称"}, "description": "As customers see it"},
              "discount": {"type": ["number", "null"], "title": "Discount", "minimum": 0, "maximum": 50},
              "region": {"type": "string", "enum": ["north", "south"]},
              "apiKey": {"type": "string", "title": "API key", "x-secret": true}}}
            """);
    private static final SettingSchema.Texts TEXTS = (key, params) -> key + MessageFormat.format(
            params.length == 0 ? "" : "({0})", List.of(params).toString());

    @Test
    void readsPropertiesInOrderWithTypeRequiredAndSecret() {
        var properties = SettingSchema.of(SCHEMA, "en").properties();
        assertThat(properties).extracting(SettingSchema.Property::name)
                .containsExactly("shopName", "discount", "region", "apiKey");
        assertThat(properties).extracting(SettingSchema.Property::type).containsExactly("string", "number", "string", "string");
        assertThat(properties).extracting(SettingSchema.Property::required).containsExactly(true, false, false, true);
        assertThat(properties).extracting(SettingSchema.Property::secret).containsExactly(false, false, false, true);
        assertThat(properties.get(3).id()).isEqualTo("api-key");
    }

    @Test
    void labelsComeInTheUsersLanguageAndFallBackToTitleThenName() {
        assertThat(SettingSchema.of(SCHEMA, "zh-CN").properties()).extracting(SettingSchema.Property::title)
                .containsExactly("店铺名称", "Discount", "region", "API key");
        assertThat(SettingSchema.of(SCHEMA, "en").properties().getFirst().title()).isEqualTo("Shop name");
    }

    @Test
    void helperTextSaysTheDescriptionAndTheRules() {
        var properties = SettingSchema.of(SCHEMA, "en").properties();
        assertThat(properties.get(0).helperText(TEXTS)).isEqualTo("As customers see it · plugins.hint.maxLength([40])");
        assertThat(properties.get(1).helperText(TEXTS)).isEqualTo("plugins.hint.range([0, 50])");
        assertThat(properties.get(3).helperText(TEXTS)).isEqualTo("plugins.hint.secret");
    }
}

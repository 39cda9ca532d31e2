package io.quanyu.ui.plugins;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OperationDialogTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theFormAsksOnlyForWhatThePageDoesNotPreset() {
        JsonNode schema = JSON.readTree("""
                {"type": "object", "additionalProperties": false, "required": ["sku", "claimId"],
                 "properties": {"sku": {"type": "string"}, "claimId": {"type": "string"}, "note": {"type": "string"}}}""");

        JsonNode form = OperationDialog.withoutPresets(schema, Set.of("sku"));

        assertThat(form.path("properties").propertyNames()).containsExactly("claimId", "note");
        assertThat(form.path("required").valueStream().map(JsonNode::asString)).containsExactly("claimId");
        assertThat(form.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.path("properties").has("sku")).as("the manifest's schema is left alone").isTrue();
        assertThat(OperationDialog.withoutPresets(JSON.readTree("{\"type\": \"object\"}"), Set.of("sku")).has("required"))
                .isFalse();
    }

    @Test
    void theOutputIsSummedUpAsNamesAndValuesAndCut() {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("claimed", true);
        output.put("remaining", 6);
        output.put("sku", "CUP-1");
        output.put("skus", List.of("A", "B"));
        assertThat(OperationDialog.summary(output)).isEqualTo("claimed: true · remaining: 6 · sku: CUP-1 · skus: [\"A\",\"B\"]");
        assertThat(OperationDialog.summary(Map.of("text", "x".repeat(500)))).hasSize(201).endsWith("…");
    }
}

package io.quanyu.plugin.pkg;

import tools.jackson.databind.JsonNode;

/**
 * A named query or mutation the plugin exposes in the tenant's GraphQL schema.
 *
 * @param name        {@code [a-z][A-Za-z0-9]{0,63}}, unique among the plugin's operations
 * @param kind        query or mutation
 * @param description free text, may be {@code null}
 * @param input       JSON Schema of the input object
 * @param output      JSON Schema of the output object
 */
public record OperationSpec(String name, OperationKind kind, String description, JsonNode input, JsonNode output) {
}

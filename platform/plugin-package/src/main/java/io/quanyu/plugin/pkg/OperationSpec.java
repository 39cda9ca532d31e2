package io.quanyu.plugin.pkg;

import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * A named query or mutation the plugin exposes in the tenant's GraphQL schema.
 *
 * @param name        {@code [a-z][A-Za-z0-9]{0,63}}, unique among the plugin's operations
 * @param kind        query or mutation
 * @param description free text, may be {@code null}
 * @param input       JSON Schema of the input object
 * @param output      JSON Schema of the output object
 * @param roles       the tenant roles (claim values) that may call it, narrowing what its kind allows; empty for
 *                    every role its kind allows (a query: every tenant role; a mutation: data writers)
 */
public record OperationSpec(String name, OperationKind kind, String description, JsonNode input, JsonNode output,
                            List<String> roles) {
    public OperationSpec {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    /** An operation for every role its kind allows. */
    public OperationSpec(String name, OperationKind kind, String description, JsonNode input, JsonNode output) {
        this(name, kind, description, input, output, List.of());
    }
}

package io.quanyu.plugin.host;

import graphql.schema.DataFetcher;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.graphql.RequestScope;
import io.quanyu.graphql.SchemaContribution;
import io.quanyu.graphql.SchemaParts;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static graphql.schema.GraphQLArgument.newArgument;
import static graphql.schema.GraphQLFieldDefinition.newFieldDefinition;
import static graphql.schema.GraphQLNonNull.nonNull;
import static graphql.schema.GraphQLTypeReference.typeRef;

/**
 * The plugin host's part of every tenant's schema: the operations the tenant has enabled (see
 * {@link PluginOperations}), queries for every caller and mutations for callers who may write data. The enabled
 * releases are part of the schema's cache key, so enabling, upgrading or disabling a plugin changes the schema on
 * every node at its next request.
 */
public final class PluginSchema implements SchemaContribution {
    private final PluginOperations plugins;

    public PluginSchema(PluginOperations plugins) {
        this.plugins = plugins;
    }

    @Override
    public String version(RequestScope scope) {
        return plugins.forTenant(scope.call().tenant()).stream().map(o -> o.field() + "@" + o.version()).sorted()
                .collect(Collectors.joining(","));
    }

    @Override
    public void contribute(SchemaParts parts) {
        for (PluginOperations.Exposed op : plugins.forTenant(parts.tenant())) {
            var argument = newArgument().name("input").type(op.inputRequired() ? nonNull(typeRef("JSON")) : typeRef("JSON"))
                    .description("Checked against the input schema: " + op.inputSchema());
            var field = newFieldDefinition().name(op.field()).type(typeRef("JSON")).argument(argument)
                    .description("Plugin " + op.pluginId() + " " + op.version() + ": "
                            + (op.description() == null ? op.operation() : op.description())).build();
            if (op.mutation()) {
                parts.mutation(field, fetcher(op));
            } else {
                parts.query(field, fetcher(op));
            }
        }
    }

    private DataFetcher<Object> fetcher(PluginOperations.Exposed op) {
        return env -> {
            Object input = env.getArgument("input");
            if (input != null && !(input instanceof Map<?, ?>)) {
                throw new QuanyuException(ErrorCode.PLUGIN_INPUT_INVALID, Map.of("call", "operation " + op.operation()),
                        List.of(new FieldViolation("/input", "type", "must be an object")), null);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> values = input instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            return plugins.invoke(op, SchemaParts.scope(env), values);
        };
    }
}

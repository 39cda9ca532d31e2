package io.quanyu.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLObjectType;

import java.util.List;
import java.util.Map;

import static graphql.schema.GraphQLArgument.newArgument;
import static graphql.schema.GraphQLFieldDefinition.newFieldDefinition;
import static graphql.schema.GraphQLNonNull.nonNull;

/** Adds a tenant's enabled plugin operations to its schema (see {@link PluginOperations}). */
final class PluginFields {
    private PluginFields() {
    }

    static void add(List<PluginOperations.Exposed> operations, PluginOperations plugins, GraphQLObjectType.Builder query,
                    GraphQLObjectType.Builder mutation, GraphQLCodeRegistry.Builder code, RequestScope.Capability capability) {
        for (PluginOperations.Exposed op : operations) {
            if (op.mutation() && !capability.writesData()) {
                continue;
            }
            var argument = newArgument().name("input").type(op.inputRequired() ? nonNull(Scalars.JSON) : Scalars.JSON)
                    .description("Checked against the input schema: " + op.inputSchema());
            var field = newFieldDefinition().name(op.field()).type(Scalars.JSON).argument(argument)
                    .description("Plugin " + op.pluginId() + " " + op.version() + ": "
                            + (op.description() == null ? op.operation() : op.description()));
            (op.mutation() ? mutation : query).field(field);
            code.dataFetcher(FieldCoordinates.coordinates(op.mutation() ? "Mutation" : "Query", op.field()), fetcher(op, plugins));
        }
    }

    private static DataFetcher<Object> fetcher(PluginOperations.Exposed op, PluginOperations plugins) {
        return env -> {
            RequestScope scope = env.getGraphQlContext().get(RequestScope.class);
            Object input = env.getArgument("input");
            @SuppressWarnings("unchecked")
            Map<String, Object> values = input instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            if (input != null && !(input instanceof Map<?, ?>)) {
                throw new io.quanyu.core.error.QuanyuException(io.quanyu.core.error.ErrorCode.PLUGIN_INPUT_INVALID,
                        Map.of("call", "operation " + op.operation()), List.of(new io.quanyu.core.error.FieldViolation(
                        "/input", "type", "must be an object")), null);
            }
            return plugins.invoke(op, scope, values);
        };
    }
}

package io.quanyu.graphql;

import graphql.Scalars;
import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLObjectType;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;

import java.util.LinkedHashMap;
import java.util.Map;

import static graphql.schema.GraphQLArgument.newArgument;
import static graphql.schema.GraphQLFieldDefinition.newFieldDefinition;
import static graphql.schema.GraphQLNonNull.nonNull;
import static graphql.schema.GraphQLTypeReference.typeRef;

/**
 * Relay's object identification: the {@code Node} interface, which every record type implements with a global
 * {@code id: ID!} ({@link GlobalId}), and the root field {@code node(id:)}. {@code node} reads through the same path
 * as the typed root fields (live records of this tenant, the caller's fields); it answers null for an id of a
 * record that is absent, deleted, of another tenant or of an object this tenant does not have, and null with the
 * error {@code NODE_ID_INVALID} for text that is not a global id at all (a record's {@code _id}, for example).
 */
final class NodeFields {
    static final String NODE = "Node";
    static final String ID = "id";
    /** Key under which a record fetched by {@code node} carries its GraphQL type name (never a field name). */
    private static final String TYPE = "__nodeType";

    private NodeFields() {
    }

    static GraphQLInterfaceType interfaceType() {
        return GraphQLInterfaceType.newInterface().name(NODE).description("An object with a global id (Relay)")
                .field(newFieldDefinition().name(ID).type(nonNull(Scalars.GraphQLID))
                        .description("Global id, unique across all types; read the record again with node(id:)"))
                .build();
    }

    /** Adds {@code node(id:)} to the query type and the resolver from a fetched record to its type. */
    static void add(GraphQLObjectType.Builder query, GraphQLCodeRegistry.Builder code, TypeNames names) {
        query.field(newFieldDefinition().name("node").type(typeRef(NODE))
                .description("The record with this global id, or null (Relay)")
                .argument(newArgument().name(ID).type(nonNull(Scalars.GraphQLID))));
        code.dataFetcher(FieldCoordinates.coordinates("Query", "node"), node(names));
        code.typeResolver(NODE, env -> env.getSchema().getObjectType((String) env.<Map<String, Object>>getObject().get(TYPE)));
    }

    /** The global {@code id} of a record of {@code object}. */
    static DataFetcher<String> id(String object) {
        return env -> new GlobalId(object, String.valueOf(env.<Map<String, Object>>getSource().get("_id"))).encode();
    }

    private static DataFetcher<Map<String, Object>> node(TypeNames names) {
        return env -> {
            GlobalId id = GlobalId.decode(env.getArgument(ID))
                    .orElseThrow(() -> new QuanyuException(ErrorCode.NODE_ID_INVALID, Map.of()));
            String type = names.type(id.object());
            Map<String, Object> record = type == null ? null
                    : RecordFetchers.record(RecordFetchers.scope(env), id.object(), id.id());
            if (record == null) {
                return null;
            }
            Map<String, Object> typed = new LinkedHashMap<>(record);
            typed.put(TYPE, type);
            return typed;
        };
    }
}

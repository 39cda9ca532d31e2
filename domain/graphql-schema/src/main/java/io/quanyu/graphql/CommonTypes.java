package io.quanyu.graphql;

import graphql.Scalars;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLObjectType;

import java.util.List;

import static graphql.schema.GraphQLList.list;
import static graphql.schema.GraphQLNonNull.nonNull;
import static graphql.schema.GraphQLTypeReference.typeRef;
import static io.quanyu.graphql.SchemaGenerator.field;

/**
 * Types every tenant schema has: scalars, filter operators, Relay's Node and PageInfo, SortDirection, BulkResult,
 * metadata types.
 */
final class CommonTypes {

    private CommonTypes() {
    }

    static void register(List<graphql.schema.GraphQLNamedType> types) {
        types.addAll(io.quanyu.graphql.Scalars.ALL);
        types.addAll(FilterTypes.ALL);
        types.add(NodeFields.interfaceType());
        types.add(GraphQLObjectType.newObject().name("PageInfo")
                .field(field("hasNextPage", nonNull(Scalars.GraphQLBoolean)))
                .field(field("hasPreviousPage", nonNull(Scalars.GraphQLBoolean)))
                .field(field("startCursor", Scalars.GraphQLString))
                .field(field("endCursor", Scalars.GraphQLString)).build());
        types.add(GraphQLEnumType.newEnum().name("SortDirection").value("ASC").value("DESC").build());
        types.add(GraphQLObjectType.newObject().name("Violation")
                .field(field("pointer", nonNull(Scalars.GraphQLString)))
                .field(field("code", nonNull(Scalars.GraphQLString)))
                .field(field("message", nonNull(Scalars.GraphQLString))).build());
        types.add(GraphQLObjectType.newObject().name("BulkResult")
                .field(field("index", nonNull(Scalars.GraphQLInt)))
                .field(field("id", Scalars.GraphQLID))
                .field(field("outcome", nonNull(Scalars.GraphQLString)))
                .field(field("code", Scalars.GraphQLString))
                .field(field("violations", nonNull(list(nonNull(typeRef("Violation")))))).build());
        types.add(GraphQLObjectType.newObject().name("ObjectDefinition")
                .field(field("apiName", nonNull(Scalars.GraphQLString)))
                .field(field("version", nonNull(io.quanyu.graphql.Scalars.LONG)))
                .field(field("standard", nonNull(Scalars.GraphQLBoolean)))
                .field(field("migrating", Scalars.GraphQLString))
                .field(field("definition", nonNull(io.quanyu.graphql.Scalars.JSON))).build());
        types.add(GraphQLObjectType.newObject().name("Migration")
                .field(field("id", nonNull(Scalars.GraphQLID)))
                .field(field("object", nonNull(Scalars.GraphQLString)))
                .field(field("fromVersion", nonNull(io.quanyu.graphql.Scalars.LONG)))
                .field(field("toVersion", nonNull(io.quanyu.graphql.Scalars.LONG)))
                .field(field("steps", nonNull(list(nonNull(Scalars.GraphQLString)))))
                .field(field("status", nonNull(Scalars.GraphQLString)))
                .field(field("done", nonNull(io.quanyu.graphql.Scalars.LONG)))
                .field(field("total", nonNull(io.quanyu.graphql.Scalars.LONG)))
                .field(field("error", Scalars.GraphQLString))
                .field(field("by", Scalars.GraphQLString)).build());
    }
}

package io.quanyu.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLType;
import io.quanyu.core.tenant.TenantId;

import java.util.List;

import static graphql.schema.GraphQLList.list;
import static graphql.schema.GraphQLNonNull.nonNull;
import static graphql.schema.GraphQLTypeReference.typeRef;

/**
 * The schema under construction, as a {@link SchemaContribution} sees it: which tenant and capability it is for, and
 * the calls that add types, root fields and fetchers. Types are written as in SDL ({@code "ID!"},
 * {@code "[Tag!]!"}) and refer to each other and to the platform's scalars ({@code JSON}, {@code DateTime},
 * {@code Decimal}, {@code Long}, ...) and {@code PageInfo} by name.
 */
public final class SchemaParts {
    private final TenantId tenant;
    private final RequestScope.Capability capability;
    private final List<GraphQLNamedType> types;
    private final GraphQLObjectType.Builder query;
    private final GraphQLObjectType.Builder mutation;
    private final GraphQLCodeRegistry.Builder code;

    SchemaParts(TenantId tenant, RequestScope.Capability capability, List<GraphQLNamedType> types,
                GraphQLObjectType.Builder query, GraphQLObjectType.Builder mutation, GraphQLCodeRegistry.Builder code) {
        this.tenant = tenant;
        this.capability = capability;
        this.types = types;
        this.query = query;
        this.mutation = mutation;
        this.code = code;
    }

    public TenantId tenant() {
        return tenant;
    }

    public RequestScope.Capability capability() {
        return capability;
    }

    /** Whether the schema has mutations (its callers may write data). */
    public boolean writesData() {
        return capability.writesData();
    }

    /** The request a fetcher runs for (tenant, caller, roles). */
    public static RequestScope scope(DataFetchingEnvironment env) {
        return RecordFetchers.scope(env);
    }

    /** Adds an object type from {@code "name: Type"} field specs. */
    public SchemaParts type(String name, String... fields) {
        return type(object(name, fields).build());
    }

    /** An object type from {@code "name: Type"} field specs, to add fields with arguments to before building it. */
    public static GraphQLObjectType.Builder object(String name, String... fields) {
        var builder = GraphQLObjectType.newObject().name(name);
        for (String spec : fields) {
            String[] parts = spec.split(":\\s*", 2);
            builder.field(field(parts[0], parts[1]));
        }
        return builder;
    }

    /** Adds a type built with graphql-java's builders. */
    public SchemaParts type(GraphQLNamedType type) {
        types.add(type);
        return this;
    }

    /** A root query field and its fetcher. */
    public SchemaParts query(GraphQLFieldDefinition field, DataFetcher<?> fetcher) {
        query.field(field);
        return fetcher("Query", field.getName(), fetcher);
    }

    /** A root mutation field and its fetcher; ignored for a schema without mutations. */
    public SchemaParts mutation(GraphQLFieldDefinition field, DataFetcher<?> fetcher) {
        if (writesData()) {
            mutation.field(field);
            fetcher("Mutation", field.getName(), fetcher);
        }
        return this;
    }

    /** The fetcher of a field of a contributed type. */
    public SchemaParts fetcher(String type, String field, DataFetcher<?> fetcher) {
        code.dataFetcher(FieldCoordinates.coordinates(type, field), fetcher);
        return this;
    }

    /** A field definition from its name, its type and {@code "name: Type"} argument specs. */
    public static GraphQLFieldDefinition field(String name, String type, String... arguments) {
        var builder = GraphQLFieldDefinition.newFieldDefinition().name(name).type((GraphQLOutputType) type(type));
        for (String spec : arguments) {
            String[] parts = spec.split(":\\s*", 2);
            builder.argument(GraphQLArgument.newArgument().name(parts[0]).type((GraphQLInputType) type(parts[1])));
        }
        return builder.build();
    }

    /** {@code String}, {@code ID!}, {@code [Tag!]!}: a type reference with its wrappers. */
    public static GraphQLType type(String spec) {
        String s = spec.strip();
        if (s.endsWith("!")) {
            return nonNull(type(s.substring(0, s.length() - 1)));
        }
        if (s.startsWith("[")) {
            return list(type(s.substring(1, s.length() - 1)));
        }
        return typeRef(s);
    }
}

package io.quanyu.graphql;

import graphql.Scalars;
import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLSchema;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.records.ObjectInfo;

import java.util.ArrayList;
import java.util.List;

import static graphql.schema.GraphQLArgument.newArgument;
import static graphql.schema.GraphQLFieldDefinition.newFieldDefinition;
import static graphql.schema.GraphQLList.list;
import static graphql.schema.GraphQLNonNull.nonNull;
import static graphql.schema.GraphQLTypeReference.typeRef;

/**
 * Builds a tenant's GraphQL schema from its object types: per object a type with typed fields, references as nested
 * objects (batched), back-references as connections, a filter input with the records layer's operators, an order
 * input, create/patch inputs; root fields to read one, list (Relay connection with totalCount), search; Relay's
 * {@code Node} interface on every record type with {@code node(id:)} ({@link NodeFields}); and, when the caller may,
 * mutations to create, update, delete, restore and upsert records and to change the model.
 */
public final class SchemaGenerator {
    private final List<ObjectInfo> objects;
    private final RequestScope.Capability capability;
    private final java.util.Set<String> roles;
    private final TypeNames names;
    private final GraphQLCodeRegistry.Builder code = GraphQLCodeRegistry.newCodeRegistry();
    private final GraphQLObjectType.Builder query = GraphQLObjectType.newObject().name("Query");
    private final GraphQLObjectType.Builder mutation = GraphQLObjectType.newObject().name("Mutation");
    private final List<graphql.schema.GraphQLNamedType> types = new ArrayList<>();

    private final io.quanyu.core.tenant.TenantId tenant;
    private final List<SchemaContribution> contributions;

    private SchemaGenerator(io.quanyu.core.tenant.TenantId tenant, List<ObjectInfo> objects,
                            RequestScope.Capability capability, java.util.Set<String> roles,
                            List<SchemaContribution> contributions) {
        this.tenant = tenant;
        this.contributions = contributions;
        this.objects = objects;
        this.capability = capability;
        this.roles = roles;
        this.names = new TypeNames(objects);
    }

    /** The schema for a caller who may do {@code capability}; fields {@code roles} may not read are left out. */
    public static GraphQLSchema generate(List<ObjectInfo> objects, RequestScope.Capability capability,
                                         java.util.Set<String> roles) {
        return generate(null, objects, capability, roles, List.of());
    }

    /** The schema with what each feature contributes for {@code tenant} as well. */
    public static GraphQLSchema generate(io.quanyu.core.tenant.TenantId tenant, List<ObjectInfo> objects,
                                         RequestScope.Capability capability, java.util.Set<String> roles,
                                         List<SchemaContribution> contributions) {
        return new SchemaGenerator(tenant, objects, capability, roles, contributions).build();
    }

    private List<FieldDef> readable(ObjectType type) {
        return type.fields().stream().filter(f -> f.readableBy(roles)).toList();
    }

    private GraphQLSchema build() {
        CommonTypes.register(types);
        for (ObjectInfo info : objects) {
            object(info.type());
        }
        NodeFields.add(query, code, names);
        MetadataFields.add(query, mutation, code, capability);
        var parts = new SchemaParts(tenant, capability, types, query, mutation, code);
        contributions.forEach(c -> c.contribute(parts));
        var schema = GraphQLSchema.newSchema().query(query).codeRegistry(code.build());
        if (capability.writesData()) {
            schema.mutation(mutation);
        }
        types.forEach(schema::additionalType);
        return schema.build();
    }

    private void object(ObjectType type) {
        String api = type.apiName();
        String name = names.type(api);
        types.add(recordType(type, name));
        types.add(connection(name));
        types.add(GraphQLObjectType.newObject().name(name + "_Edge")
                .field(field("node", nonNull(typeRef(name)))).field(field("cursor", nonNull(Scalars.GraphQLString))).build());
        ObjectType visible = type.withFields(readable(type));
        types.add(filter(visible, name));
        types.add(order(visible, name));
        types.add(input(type, name + "_Input", true));
        types.add(input(type, name + "_Patch", false));
        rootFields(api, name);
        if (capability.writesData() && type.managedBy() == null) {
            mutations(api, name); // a plugin's records change only through the plugin: no mutations to offer
        }
    }

    private GraphQLObjectType recordType(ObjectType type, String name) {
        var builder = GraphQLObjectType.newObject().name(name).description(type.label().en())
                .withInterface(typeRef(NodeFields.NODE)).field(field(NodeFields.ID, nonNull(Scalars.GraphQLID)));
        code.dataFetcher(FieldCoordinates.coordinates(name, NodeFields.ID), NodeFields.id(type.apiName()));
        builder.field(field("_id", nonNull(Scalars.GraphQLID))).field(field("_version", nonNull(io.quanyu.graphql.Scalars.LONG)))
                .field(field("_createdAt", io.quanyu.graphql.Scalars.DATE_TIME)).field(field("_createdBy", Scalars.GraphQLString))
                .field(field("_updatedAt", io.quanyu.graphql.Scalars.DATE_TIME)).field(field("_updatedBy", Scalars.GraphQLString));
        for (FieldDef f : readable(type)) {
            builder.field(recordField(f, name));
        }
        backReferences(type, name, builder);
        return builder.build();
    }

    private GraphQLFieldDefinition recordField(FieldDef f, String typeName) {
        String fieldName = TypeNames.field(f.apiName());
        var definition = newFieldDefinition().name(fieldName).type(outputType(f));
        if (f.label() != null) {
            definition.description(f.label().en() + (f.label().zhCN() == null ? "" : " / " + f.label().zhCN()));
        }
        if (f.deprecated()) {
            definition.deprecate("deprecated in the object's metadata");
        }
        var coordinates = FieldCoordinates.coordinates(typeName, fieldName);
        if (f.type() == FieldType.REFERENCE || f.type() == FieldType.MULTI_REFERENCE) {
            code.dataFetcher(coordinates, RecordFetchers.reference(f));
        } else if (!fieldName.equals(f.apiName())) {
            code.dataFetcher(coordinates, (DataFetcher<?>) env -> env.<java.util.Map<String, Object>>getSource().get(f.apiName()));
        }
        return definition.build();
    }

    private void backReferences(ObjectType target, String name, GraphQLObjectType.Builder builder) {
        for (ObjectInfo other : objects) {
            for (FieldDef f : readable(other.type())) {
                if (target.apiName().equals(f.target())) {
                    String fieldName = names.plural(other.type().apiName(), false) + "By"
                            + Character.toUpperCase(f.apiName().charAt(0)) + f.apiName().substring(1);
                    String otherType = names.type(other.type().apiName());
                    builder.field(newFieldDefinition().name(fieldName).type(nonNull(typeRef(otherType + "_Connection")))
                            .arguments(pageArguments(otherType)));
                    code.dataFetcher(FieldCoordinates.coordinates(name, fieldName),
                            RecordFetchers.backReference(other.type().apiName(), f.apiName()));
                }
            }
        }
    }

    private GraphQLOutputType outputType(FieldDef f) {
        return switch (f.type()) {
            case INTEGER -> io.quanyu.graphql.Scalars.LONG;
            case DECIMAL -> io.quanyu.graphql.Scalars.DECIMAL;
            case BOOLEAN -> Scalars.GraphQLBoolean;
            case DATE -> io.quanyu.graphql.Scalars.DATE;
            case DATETIME -> io.quanyu.graphql.Scalars.DATE_TIME;
            case EMAIL -> io.quanyu.graphql.Scalars.EMAIL;
            case PHONE -> io.quanyu.graphql.Scalars.PHONE;
            case CURRENCY -> io.quanyu.graphql.Scalars.CURRENCY;
            case JSON -> io.quanyu.graphql.Scalars.JSON;
            case MULTI_SELECT -> list(nonNull(Scalars.GraphQLString));
            case REFERENCE -> typeRef(names.type(f.target()));
            case MULTI_REFERENCE -> list(nonNull(typeRef(names.type(f.target()))));
            case FORMULA -> formulaType(f.resultType());
            default -> Scalars.GraphQLString;
        };
    }

    private static GraphQLOutputType formulaType(FieldType resultType) {
        if (resultType == null) {
            return Scalars.GraphQLString;
        }
        return switch (resultType) {
            case INTEGER -> io.quanyu.graphql.Scalars.LONG;
            case DECIMAL -> io.quanyu.graphql.Scalars.DECIMAL;
            case BOOLEAN -> Scalars.GraphQLBoolean;
            default -> Scalars.GraphQLString;
        };
    }

    private GraphQLInputType inputType(FieldDef f) {
        return switch (f.type()) {
            case REFERENCE -> Scalars.GraphQLID;
            case MULTI_REFERENCE -> list(nonNull(Scalars.GraphQLID));
            default -> (GraphQLInputType) outputType(f);
        };
    }

    private static GraphQLObjectType connection(String name) {
        return GraphQLObjectType.newObject().name(name + "_Connection")
                .field(field("edges", nonNull(list(nonNull(typeRef(name + "_Edge"))))))
                .field(field("nodes", nonNull(list(nonNull(typeRef(name))))))
                .field(field("pageInfo", nonNull(typeRef("PageInfo"))))
                .field(field("totalCount", nonNull(io.quanyu.graphql.Scalars.LONG))).build();
    }

    private static GraphQLInputObjectType filter(ObjectType type, String name) {
        var builder = GraphQLInputObjectType.newInputObject().name(name + "_Filter")
                .field(inputField("and", list(nonNull(typeRef(name + "_Filter")))))
                .field(inputField("or", list(nonNull(typeRef(name + "_Filter")))))
                .field(inputField("_id", FilterTypes.ID))
                .field(inputField("_createdAt", FilterTypes.DATE_TIME))
                .field(inputField("_updatedAt", FilterTypes.DATE_TIME));
        for (FieldDef f : type.fields()) {
            GraphQLInputObjectType operators = FilterTypes.forField(f);
            if (operators != null) {
                builder.field(inputField(f.apiName(), operators));
            }
        }
        return builder.build();
    }

    private static GraphQLInputObjectType order(ObjectType type, String name) {
        var fields = GraphQLEnumType.newEnum().name(name + "_SortField").value("_createdAt").value("_updatedAt");
        type.fields().stream().filter(f -> f.type().scalar() && f.type() != FieldType.FORMULA)
                .forEach(f -> fields.value(f.apiName()));
        return GraphQLInputObjectType.newInputObject().name(name + "_Order")
                .field(inputField("field", nonNull(fields.build())))
                .field(inputField("direction", typeRef("SortDirection"))).build();
    }

    private GraphQLInputObjectType input(ObjectType type, String inputName, boolean withId) {
        var builder = GraphQLInputObjectType.newInputObject().name(inputName);
        if (withId) {
            builder.field(inputField("_id", Scalars.GraphQLID));
        }
        type.fields().stream().filter(f -> !f.type().computed())
                .forEach(f -> builder.field(inputField(f.apiName(), inputType(f))));
        return builder.build();
    }

    private void rootFields(String api, String name) {
        query.field(newFieldDefinition().name(names.root(api)).type(typeRef(name))
                .argument(newArgument().name("id").type(nonNull(Scalars.GraphQLID))));
        code.dataFetcher(FieldCoordinates.coordinates("Query", names.root(api)), RecordFetchers.one(api));
        String plural = names.plural(api, false);
        query.field(newFieldDefinition().name(plural).type(nonNull(typeRef(name + "_Connection"))).arguments(pageArguments(name)));
        code.dataFetcher(FieldCoordinates.coordinates("Query", plural), RecordFetchers.page(api));
        String search = "search" + names.plural(api, true);
        query.field(newFieldDefinition().name(search).type(nonNull(list(nonNull(typeRef(name)))))
                .argument(newArgument().name("text").type(nonNull(Scalars.GraphQLString)))
                .argument(newArgument().name("first").type(Scalars.GraphQLInt).defaultValueProgrammatic(20)));
        code.dataFetcher(FieldCoordinates.coordinates("Query", search), RecordFetchers.search(api));
    }

    private static List<GraphQLArgument> pageArguments(String name) {
        return List.of(newArgument().name("filter").type(typeRef(name + "_Filter")).build(),
                newArgument().name("orderBy").type(list(nonNull(typeRef(name + "_Order")))).build(),
                newArgument().name("first").type(Scalars.GraphQLInt).defaultValueProgrammatic(50).build(),
                newArgument().name("after").type(Scalars.GraphQLString).build());
    }

    private void mutations(String api, String name) {
        mutation(api, "create" + name, name, RecordFetchers.create(api),
                newArgument().name("input").type(nonNull(typeRef(name + "_Input"))).build());
        mutation(api, "update" + name, name, RecordFetchers.update(api),
                newArgument().name("id").type(nonNull(Scalars.GraphQLID)).build(),
                newArgument().name("version").type(nonNull(io.quanyu.graphql.Scalars.LONG)).build(),
                newArgument().name("patch").type(nonNull(typeRef(name + "_Patch"))).build());
        mutation(api, "delete" + name, name, RecordFetchers.delete(api),
                newArgument().name("id").type(nonNull(Scalars.GraphQLID)).build());
        mutation(api, "restore" + name, name, RecordFetchers.restore(api),
                newArgument().name("id").type(nonNull(Scalars.GraphQLID)).build());
        String upsert = "upsert" + names.plural(api, true);
        mutation.field(newFieldDefinition().name(upsert).type(nonNull(list(nonNull(typeRef("BulkResult")))))
                .argument(newArgument().name("key").type(Scalars.GraphQLString))
                .argument(newArgument().name("records").type(nonNull(list(nonNull(typeRef(name + "_Input")))))));
        code.dataFetcher(FieldCoordinates.coordinates("Mutation", upsert), RecordFetchers.upsert(api));
    }

    private void mutation(String api, String fieldName, String type, DataFetcher<?> fetcher, GraphQLArgument... args) {
        mutation.field(newFieldDefinition().name(fieldName).type(nonNull(typeRef(type))).arguments(List.of(args)));
        code.dataFetcher(FieldCoordinates.coordinates("Mutation", fieldName), fetcher);
    }

    static GraphQLFieldDefinition field(String name, GraphQLOutputType type) {
        return newFieldDefinition().name(name).type(type).build();
    }

    static GraphQLInputObjectField inputField(String name, GraphQLInputType type) {
        return GraphQLInputObjectField.newInputObjectField().name(name).type(type).build();
    }
}

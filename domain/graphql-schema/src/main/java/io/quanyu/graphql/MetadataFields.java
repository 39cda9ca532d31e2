package io.quanyu.graphql;

import graphql.Scalars;
import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLObjectType;
import io.quanyu.objects.schema.ObjectTypeParser;
import io.quanyu.records.Migration;
import io.quanyu.records.ObjectInfo;

import java.util.LinkedHashMap;
import java.util.Map;

import static graphql.schema.GraphQLArgument.newArgument;
import static graphql.schema.GraphQLFieldDefinition.newFieldDefinition;
import static graphql.schema.GraphQLList.list;
import static graphql.schema.GraphQLNonNull.nonNull;
import static graphql.schema.GraphQLTypeReference.typeRef;

/** The model through GraphQL: read object definitions; create and change them (builders only). */
final class MetadataFields {

    private MetadataFields() {
    }

    static void add(GraphQLObjectType.Builder query, GraphQLObjectType.Builder mutation, GraphQLCodeRegistry.Builder code,
                    RequestScope.Capability capability) {
        query.field(newFieldDefinition().name("_objects").type(nonNull(list(nonNull(typeRef("ObjectDefinition"))))));
        code.dataFetcher(FieldCoordinates.coordinates("Query", "_objects"), (DataFetcher<?>) env -> {
            RequestScope scope = RecordFetchers.scope(env);
            return scope.records().objects(scope.call()).stream().map(MetadataFields::view).toList();
        });
        query.field(newFieldDefinition().name("_object").type(typeRef("ObjectDefinition"))
                .argument(newArgument().name("apiName").type(nonNull(Scalars.GraphQLString))));
        code.dataFetcher(FieldCoordinates.coordinates("Query", "_object"), (DataFetcher<?>) env -> {
            RequestScope scope = RecordFetchers.scope(env);
            return scope.records().findObject(scope.call(), env.getArgument("apiName")).map(MetadataFields::view).orElse(null);
        });
        if (!capability.changesModel()) {
            return;
        }
        mutation.field(newFieldDefinition().name("_createObject").type(nonNull(typeRef("ObjectDefinition")))
                .argument(newArgument().name("definition").type(nonNull(io.quanyu.graphql.Scalars.JSON))));
        code.dataFetcher(FieldCoordinates.coordinates("Mutation", "_createObject"), (DataFetcher<?>) env -> {
            RequestScope scope = RecordFetchers.scope(env);
            return view(scope.records().createObject(scope.call(), RecordFetchers.json(env.getArgument("definition"))));
        });
        mutation.field(newFieldDefinition().name("_changeObject").type(nonNull(typeRef("Migration")))
                .argument(newArgument().name("apiName").type(nonNull(Scalars.GraphQLString)))
                .argument(newArgument().name("definition").type(nonNull(io.quanyu.graphql.Scalars.JSON))));
        code.dataFetcher(FieldCoordinates.coordinates("Mutation", "_changeObject"), (DataFetcher<?>) env -> {
            RequestScope scope = RecordFetchers.scope(env);
            Migration m = scope.records().changeObject(scope.call(), env.getArgument("apiName"),
                    RecordFetchers.json(env.getArgument("definition")));
            return RecordFetchers.map(RecordFetchers.MAPPER.valueToTree(m));
        });
    }

    private static Map<String, Object> view(ObjectInfo info) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("apiName", info.type().apiName());
        view.put("version", info.version());
        view.put("standard", info.type().standard());
        view.put("migrating", info.migrating());
        view.put("definition", RecordFetchers.map(ObjectTypeParser.toJson(info.type())));
        return view;
    }
}

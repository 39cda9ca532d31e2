package io.quanyu.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLType;

import java.util.List;
import java.util.Map;

import static graphql.schema.GraphQLList.list;
import static graphql.schema.GraphQLNonNull.nonNull;
import static graphql.schema.GraphQLTypeReference.typeRef;

/**
 * The customer 360 in every tenant schema: {@code customer360(id)} with identities, aggregates, scores, tags, stage
 * and its history, merges and suggestions and a {@code timeline} connection; {@code mergeSuggestions}; and, for
 * callers who may write data, {@code track}, {@code mergeCustomers}, {@code unmergeCustomers},
 * {@code acceptMergeSuggestion} and {@code dismissMergeSuggestion}.
 */
final class Customer360Fields {
    private Customer360Fields() {
    }

    static void add(List<GraphQLNamedType> types, GraphQLObjectType.Builder query, GraphQLObjectType.Builder mutation,
                    GraphQLCodeRegistry.Builder code, RequestScope.Capability capability, CustomerProfiles profiles) {
        types.add(object("Customer360", "id: ID!", "anonymous: Boolean!", "record: JSON", "identities: [CustomerIdentity!]!",
                "aggregates: JSON!", "scores: CustomerScores!", "tags: [CustomerTag!]!", "stage: String!",
                "stageHistory: [StageChange!]!", "referredBy: ID", "merges: JSON", "suggestions: [MergeSuggestion!]!"));
        types.add(object("CustomerIdentity", "type: String!", "scope: String", "value: String!", "firstSeen: DateTime", "source: String"));
        types.add(object("CustomerScores", "influence: Decimal!", "rfm: RfmScore!"));
        types.add(object("RfmScore", "recency: Int!", "frequency: Int!", "monetary: Int!"));
        types.add(object("CustomerTag", "tag: String!", "source: String!", "at: DateTime"));
        types.add(object("StageChange", "from: String", "to: String!", "at: DateTime!"));
        types.add(object("MergeSuggestion", "id: ID!", "customers: [ID!]!", "reason: String", "at: DateTime"));
        types.add(object("TimelineConnection", "edges: [TimelineEdge!]!", "pageInfo: PageInfo!"));
        types.add(object("TimelineEdge", "cursor: String", "node: TimelineEvent!"));
        types.add(object("TimelineEvent", "eventId: ID!", "type: String!", "time: DateTime!", "channel: String",
                "identities: [CustomerIdentity!]!", "properties: JSON"));
        types.add(object("EventResult", "index: Int!", "eventId: String", "status: String!", "customerId: ID",
                "code: String", "message: String", "violations: JSON", "warnings: JSON"));
        types.add(object("MergeResult", "id: ID!", "survivor: ID!", "merged: ID!", "status: String!", "reason: String"));
        queries(query, code, profiles);
        if (capability.writesData()) {
            mutations(mutation, code, profiles);
        }
    }

    private static void queries(GraphQLObjectType.Builder query, GraphQLCodeRegistry.Builder code, CustomerProfiles profiles) {
        query.field(field("customer360", "Customer360", "id: ID!"));
        code.dataFetcher(FieldCoordinates.coordinates("Query", "customer360"),
                (DataFetcher<?>) env -> profiles.profile(RecordFetchers.scope(env), env.getArgument("id")));
        code.dataFetcher(FieldCoordinates.coordinates("Customer360", "timeline"), (DataFetcher<?>) env -> {
            Map<String, Object> source = env.getSource();
            Integer first = env.getArgument("first");
            return profiles.timeline(RecordFetchers.scope(env), (String) source.get("id"), first == null ? 20 : first,
                    env.getArgument("after"), env.getArgumentOrDefault("types", List.of()),
                    env.getArgumentOrDefault("channels", List.of()));
        });
        query.field(field("mergeSuggestions", "[MergeSuggestion!]!"));
        code.dataFetcher(FieldCoordinates.coordinates("Query", "mergeSuggestions"),
                (DataFetcher<?>) env -> profiles.suggestions(RecordFetchers.scope(env)));
    }

    private static void mutations(GraphQLObjectType.Builder mutation, GraphQLCodeRegistry.Builder code, CustomerProfiles profiles) {
        mutation.field(field("track", "[EventResult!]!", "events: JSON!"));
        code.dataFetcher(FieldCoordinates.coordinates("Mutation", "track"),
                (DataFetcher<?>) env -> profiles.track(RecordFetchers.scope(env), env.getArgument("events")));
        mutation.field(field("mergeCustomers", "MergeResult!", "survivor: ID!", "merged: ID!"));
        code.dataFetcher(FieldCoordinates.coordinates("Mutation", "mergeCustomers"), (DataFetcher<?>) env ->
                profiles.merge(RecordFetchers.scope(env), env.getArgument("survivor"), env.getArgument("merged")));
        mutation.field(field("unmergeCustomers", "MergeResult!", "mergeId: ID!"));
        code.dataFetcher(FieldCoordinates.coordinates("Mutation", "unmergeCustomers"),
                (DataFetcher<?>) env -> profiles.unmerge(RecordFetchers.scope(env), env.getArgument("mergeId")));
        mutation.field(field("acceptMergeSuggestion", "MergeResult!", "id: ID!"));
        code.dataFetcher(FieldCoordinates.coordinates("Mutation", "acceptMergeSuggestion"),
                (DataFetcher<?>) env -> profiles.acceptSuggestion(RecordFetchers.scope(env), env.getArgument("id")));
        mutation.field(field("dismissMergeSuggestion", "Boolean!", "id: ID!"));
        code.dataFetcher(FieldCoordinates.coordinates("Mutation", "dismissMergeSuggestion"), (DataFetcher<?>) env -> {
            profiles.dismissSuggestion(RecordFetchers.scope(env), env.getArgument("id"));
            return true;
        });
    }

    /** An object type from {@code "name: Type"} field specs; Customer360 also gets its timeline field. */
    private static GraphQLObjectType object(String name, String... fields) {
        var builder = GraphQLObjectType.newObject().name(name);
        for (String spec : fields) {
            String[] parts = spec.split(":\\s*", 2);
            builder.field(GraphQLFieldDefinition.newFieldDefinition().name(parts[0]).type((GraphQLOutputType) type(parts[1])));
        }
        if (name.equals("Customer360")) {
            builder.field(field("timeline", "TimelineConnection!", "first: Int", "after: String", "types: [String!]",
                    "channels: [String!]"));
        }
        return builder.build();
    }

    private static GraphQLFieldDefinition field(String name, String type, String... arguments) {
        var builder = GraphQLFieldDefinition.newFieldDefinition().name(name).type((GraphQLOutputType) type(type));
        for (String spec : arguments) {
            String[] parts = spec.split(":\\s*", 2);
            builder.argument(GraphQLArgument.newArgument().name(parts[0]).type((GraphQLInputType) type(parts[1])));
        }
        return builder.build();
    }

    /** {@code String}, {@code ID!}, {@code [Tag!]!}: a type reference with its wrappers. */
    private static GraphQLType type(String spec) {
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

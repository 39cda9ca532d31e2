package io.quanyu.server.customers;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLObjectType;
import io.quanyu.core.call.CallContext;
import io.quanyu.customer360.Customers;
import io.quanyu.customer360.Timeline;
import io.quanyu.customer360.TrackedEvent;
import io.quanyu.graphql.SchemaContribution;
import io.quanyu.graphql.SchemaParts;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.quanyu.graphql.SchemaParts.field;

/**
 * The customer 360 in every tenant schema, on the guarded {@link Customers} service with the request's call:
 * {@code customer360(id)} with identities, aggregates, scores, tags, stage and its history, merges, suggestions and
 * a {@code timeline} connection; {@code mergeSuggestions}; and, for callers who may write data, {@code track},
 * {@code mergeCustomers}, {@code unmergeCustomers}, {@code acceptMergeSuggestion} and {@code dismissMergeSuggestion}.
 */
public final class Customer360Schema implements SchemaContribution {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final Customers customers;

    public Customer360Schema(Customers customers) {
        this.customers = customers;
    }

    @Override
    public void contribute(SchemaParts parts) {
        types(parts);
        parts.query(field("customer360", "Customer360", "id: ID!"),
                env -> JSON.convertValue(customers.profile(call(env), env.getArgument("id")), MAP));
        parts.fetcher("Customer360", "timeline", this::timeline);
        parts.query(field("mergeSuggestions", "[MergeSuggestion!]!"), env -> JSON.convertValue(customers.suggestions(call(env)),
                new TypeReference<List<Map<String, Object>>>() {
                }));
        parts.mutation(field("track", "[EventResult!]!", "events: JSON!"), env -> customers.track(call(env),
                JSON.valueToTree(env.getArgument("events"))).stream().map(r -> JSON.convertValue(r, MAP)).toList());
        parts.mutation(field("mergeCustomers", "MergeResult!", "survivor: ID!", "merged: ID!"),
                env -> customers.merge(call(env), env.getArgument("survivor"), env.getArgument("merged")));
        parts.mutation(field("unmergeCustomers", "MergeResult!", "mergeId: ID!"),
                env -> customers.unmerge(call(env), env.getArgument("mergeId")));
        parts.mutation(field("acceptMergeSuggestion", "MergeResult!", "id: ID!"),
                env -> customers.accept(call(env), env.getArgument("id")));
        parts.mutation(field("dismissMergeSuggestion", "Boolean!", "id: ID!"), (DataFetcher<?>) env -> {
            customers.dismiss(call(env), env.getArgument("id"));
            return true;
        });
    }

    private static void types(SchemaParts parts) {
        parts.type(customer360Type());
        parts.type("CustomerIdentity", "type: String!", "scope: String", "value: String!", "firstSeen: DateTime", "source: String")
                .type("CustomerScores", "influence: Decimal!", "rfm: RfmScore!")
                .type("RfmScore", "recency: Int!", "frequency: Int!", "monetary: Int!")
                .type("CustomerTag", "tag: String!", "source: String!", "at: DateTime")
                .type("StageChange", "from: String", "to: String!", "at: DateTime!")
                .type("MergeSuggestion", "id: ID!", "customers: [ID!]!", "reason: String", "at: DateTime")
                .type("TimelineConnection", "edges: [TimelineEdge!]!", "pageInfo: PageInfo!")
                .type("TimelineEdge", "cursor: String", "node: TimelineEvent!")
                .type("TimelineEvent", "eventId: ID!", "type: String!", "time: DateTime!", "channel: String",
                        "identities: [CustomerIdentity!]!", "properties: JSON")
                .type("EventResult", "index: Int!", "eventId: String", "status: String!", "customerId: ID",
                        "code: String", "message: String", "violations: JSON", "warnings: JSON")
                .type("MergeResult", "id: ID!", "survivor: ID!", "merged: ID!", "status: String!", "reason: String");
    }

    private static GraphQLObjectType customer360Type() {
        return SchemaParts.object("Customer360", "id: ID!", "anonymous: Boolean!", "record: JSON",
                        "identities: [CustomerIdentity!]!", "aggregates: JSON!", "scores: CustomerScores!",
                        "tags: [CustomerTag!]!", "stage: String!", "stageHistory: [StageChange!]!", "referredBy: ID",
                        "merges: JSON", "suggestions: [MergeSuggestion!]!")
                .field(field("timeline", "TimelineConnection!", "first: Int", "after: String", "types: [String!]",
                        "channels: [String!]"))
                .build();
    }

    private Map<String, Object> timeline(DataFetchingEnvironment env) {
        Map<String, Object> source = env.getSource();
        Integer first = env.getArgument("first");
        String after = env.getArgument("after");
        Timeline.Page page = customers.timeline(call(env), (String) source.get("id"), env.getArgumentOrDefault("types", List.of()),
                env.getArgumentOrDefault("channels", List.of()), first == null ? 20 : first, after);
        List<Map<String, Object>> edges = page.events().stream().map(e -> Map.<String, Object>of("node", node(e))).toList();
        Map<String, Object> pageInfo = new LinkedHashMap<>();
        pageInfo.put("hasNextPage", page.nextCursor() != null);
        pageInfo.put("hasPreviousPage", after != null);
        pageInfo.put("startCursor", null); // timeline edges carry no cursor
        pageInfo.put("endCursor", page.nextCursor());
        return Map.of("edges", edges, "pageInfo", pageInfo);
    }

    private static Map<String, Object> node(TrackedEvent e) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("eventId", e.eventId());
        node.put("type", e.type());
        node.put("time", e.time().toString());
        node.put("channel", e.channel());
        node.put("identities", e.identities().stream().map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", i.type());
            m.put("scope", i.scope());
            m.put("value", i.value());
            return m;
        }).toList());
        node.put("properties", JSON.convertValue(e.properties(), MAP));
        return node;
    }

    private static CallContext call(DataFetchingEnvironment env) {
        return SchemaParts.scope(env).call();
    }
}

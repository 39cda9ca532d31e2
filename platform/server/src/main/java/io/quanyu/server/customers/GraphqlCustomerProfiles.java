package io.quanyu.server.customers;

import io.quanyu.customer360.Customer360;
import io.quanyu.customer360.EventResult;
import io.quanyu.customer360.Timeline;
import io.quanyu.customer360.TrackedEvent;
import io.quanyu.graphql.CustomerProfiles;
import io.quanyu.graphql.RequestScope;
import org.bson.Document;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The customer 360 for the GraphQL schema, on the request's tenant and caller. */
public final class GraphqlCustomerProfiles implements CustomerProfiles {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final Customer360 customers;
    private final CustomerScope scope;

    GraphqlCustomerProfiles(Customer360 customers, CustomerScope scope) {
        this.customers = customers;
        this.scope = scope;
    }

    @Override
    public Map<String, Object> profile(RequestScope request, String customerId) {
        return JSON.convertValue(customers.profile(scope.ready(request.db()), customerId), MAP);
    }

    @Override
    public Map<String, Object> timeline(RequestScope request, String customerId, int first, String after, List<String> types,
                                        List<String> channels) {
        Timeline.Page page = customers.timeline(scope.ready(request.db()), customerId, types, channels, first, after);
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

    @Override
    public List<Map<String, Object>> track(RequestScope request, Object events) {
        List<EventResult> results = customers.track(scope.ready(request.db()), request.quotas(), request.actor(), JSON.valueToTree(events));
        return results.stream().map(r -> JSON.convertValue(r, MAP)).toList();
    }

    @Override
    public Map<String, Object> merge(RequestScope request, String survivor, String merged) {
        return mergeView(customers.merges().merge(scope.ready(request.db()), survivor, merged, request.actor(), "by hand"));
    }

    @Override
    public Map<String, Object> unmerge(RequestScope request, String mergeId) {
        return mergeView(customers.merges().unmerge(scope.ready(request.db()), mergeId, request.actor()));
    }

    @Override
    public List<Map<String, Object>> suggestions(RequestScope request) {
        return JSON.convertValue(Customer360.views(customers.merges().suggestions(scope.ready(request.db()), null),
                "customers", "reason", "status", "at"), new TypeReference<List<Map<String, Object>>>() {
        });
    }

    @Override
    public Map<String, Object> acceptSuggestion(RequestScope request, String suggestionId) {
        return mergeView(customers.merges().accept(scope.ready(request.db()), suggestionId, request.actor()));
    }

    @Override
    public void dismissSuggestion(RequestScope request, String suggestionId) {
        customers.merges().dismiss(scope.ready(request.db()), suggestionId, request.actor());
    }

    static Map<String, Object> mergeView(Document merge) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", merge.getString("_id"));
        view.put("survivor", merge.getString("survivor"));
        view.put("merged", merge.getString("merged"));
        view.put("status", merge.getString("status"));
        view.put("reason", merge.getString("reason"));
        return view;
    }

}

package io.quanyu.server.customers;

import io.quanyu.customer360.Customers;
import io.quanyu.customer360.EventResult;
import io.quanyu.customer360.Timeline;
import io.quanyu.customer360.TrackedEvent;
import io.quanyu.graphql.CustomerProfiles;
import io.quanyu.graphql.RequestScope;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The customer 360 for the GraphQL schema, on the request's call: a thin mapping onto {@link Customers}. */
public final class GraphqlCustomerProfiles implements CustomerProfiles {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final Customers customers;

    GraphqlCustomerProfiles(Customers customers) {
        this.customers = customers;
    }

    @Override
    public Map<String, Object> profile(RequestScope request, String customerId) {
        return JSON.convertValue(customers.profile(request.call(), customerId), MAP);
    }

    @Override
    public Map<String, Object> timeline(RequestScope request, String customerId, int first, String after, List<String> types,
                                        List<String> channels) {
        Timeline.Page page = customers.timeline(request.call(), customerId, types, channels, first, after);
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
        List<EventResult> results = customers.track(request.call(), JSON.valueToTree(events));
        return results.stream().map(r -> JSON.convertValue(r, MAP)).toList();
    }

    @Override
    public Map<String, Object> merge(RequestScope request, String survivor, String merged) {
        return customers.merge(request.call(), survivor, merged);
    }

    @Override
    public Map<String, Object> unmerge(RequestScope request, String mergeId) {
        return customers.unmerge(request.call(), mergeId);
    }

    @Override
    public List<Map<String, Object>> suggestions(RequestScope request) {
        return JSON.convertValue(customers.suggestions(request.call()), new TypeReference<List<Map<String, Object>>>() {
        });
    }

    @Override
    public Map<String, Object> acceptSuggestion(RequestScope request, String suggestionId) {
        return customers.accept(request.call(), suggestionId);
    }

    @Override
    public void dismissSuggestion(RequestScope request, String suggestionId) {
        customers.dismiss(request.call(), suggestionId);
    }
}

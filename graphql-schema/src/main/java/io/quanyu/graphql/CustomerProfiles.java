package io.quanyu.graphql;

import java.util.List;
import java.util.Map;

/**
 * The customer 360 as the GraphQL schema needs it; the server implements it on the customer 360 service. Values are
 * plain maps and lists shaped like the GraphQL types in {@link Customer360Fields}.
 */
public interface CustomerProfiles {

    /** The profile (without its timeline), or an error when there is no such customer. */
    Map<String, Object> profile(RequestScope scope, String customerId);

    /**
     * One timeline page: {@code {edges: [{cursor, node}], pageInfo: {hasNextPage, hasPreviousPage, startCursor,
     * endCursor}}} (Relay's PageInfo).
     */
    Map<String, Object> timeline(RequestScope scope, String customerId, int first, String after, List<String> types,
                                 List<String> channels);

    /** Ingests events; one result per event. */
    List<Map<String, Object>> track(RequestScope scope, Object events);

    Map<String, Object> merge(RequestScope scope, String survivor, String merged);

    Map<String, Object> unmerge(RequestScope scope, String mergeId);

    List<Map<String, Object>> suggestions(RequestScope scope);

    Map<String, Object> acceptSuggestion(RequestScope scope, String suggestionId);

    void dismissSuggestion(RequestScope scope, String suggestionId);
}

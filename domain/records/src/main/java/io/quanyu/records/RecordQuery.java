package io.quanyu.records;

import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * A page request: a filter tree, sort keys, page size and the cursor of the previous page's last record.
 * <pre>filter: {"and": [...]} | {"or": [...]} | {"field": "points", "op": "gte", "value": 10}
 * ops: eq, ne, in, gt, gte, lt, lte, exists, contains, startsWith</pre>
 */
public record RecordQuery(JsonNode filter, List<Sort> sort, int first, String after, boolean includeDeleted, boolean countTotal) {
    public static final int MAX_PAGE = 200;
    public static final int DEFAULT_PAGE = 50;

    /** A page request whose page counts every record the filter matches ({@link Page#totalCount()}). */
    public RecordQuery(JsonNode filter, List<Sort> sort, int first, String after, boolean includeDeleted) {
        this(filter, sort, first, after, includeDeleted, true);
    }

    /** The same request without the count (one store command less): the page's {@code totalCount} is then -1. */
    public RecordQuery withoutTotal() {
        return new RecordQuery(filter, sort, first, after, includeDeleted, false);
    }

    public record Sort(String field, boolean descending) {
    }
}

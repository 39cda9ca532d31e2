package io.quanyu.records;

import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * One page of records, the cursor of each (to continue after it), the total matching the filter, and the cursor to
 * ask for the next page.
 */
public record Page(List<ObjectNode> records, List<String> cursors, long totalCount, String endCursor,
                   boolean hasNextPage) {
}

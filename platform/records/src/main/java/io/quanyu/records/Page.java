package io.quanyu.records;

import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/** One page of records, the total matching the filter, and the cursor to ask for the next page (null at the end). */
public record Page(List<ObjectNode> records, long totalCount, String endCursor, boolean hasNextPage) {
}

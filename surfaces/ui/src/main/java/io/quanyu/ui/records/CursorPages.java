package io.quanyu.ui.records;

import io.quanyu.records.Page;
import io.quanyu.records.RecordQuery;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Offset/limit windows (what a lazy grid asks for) over the platform's cursor pages: the cursor of every record seen
 * is remembered, so a window continues after the record before it; a jump ahead walks the pages in between. A new
 * filter or sort starts over.
 */
public final class CursorPages {
    private final Function<RecordQuery, Page> query;
    private final Map<Integer, String> cursorAt = new HashMap<>();
    private volatile JsonNode filter;
    private volatile List<RecordQuery.Sort> sort = List.of();

    public CursorPages(Function<RecordQuery, Page> query) {
        this.query = query;
    }

    public void filter(JsonNode newFilter) {
        filter = newFilter;
        cursorAt.clear();
    }

    /** The filter and sort the grid shows now (for an export of the same records). */
    RecordQuery view() {
        return new RecordQuery(filter, sort, RecordQuery.DEFAULT_PAGE, null, false);
    }

    public long count() {
        return query.apply(new RecordQuery(filter, sort, 1, null, false)).totalCount();
    }

    public List<ObjectNode> window(int offset, int limit, List<RecordQuery.Sort> newSort) {
        if (!Objects.equals(sort, newSort)) {
            sort = List.copyOf(newSort);
            cursorAt.clear();
        }
        String after = cursorBefore(offset);
        if (offset > 0 && after == null) {
            return List.of();
        }
        return read(offset, Math.min(limit, RecordQuery.MAX_PAGE), after).records();
    }

    private String cursorBefore(int offset) {
        int known = offset - 1;
        while (known >= 0 && !cursorAt.containsKey(known)) {
            known--;
        }
        String after = known < 0 ? null : cursorAt.get(known);
        while (known < offset - 1) {
            Page page = read(known + 1, Math.min(offset - 1 - known, RecordQuery.MAX_PAGE), after);
            if (page.records().isEmpty()) {
                return null;
            }
            known += page.records().size();
            after = cursorAt.get(known);
        }
        return after;
    }

    private Page read(int offset, int first, String after) {
        Page page = query.apply(new RecordQuery(filter, sort, first, after, false));
        for (int i = 0; i < page.cursors().size(); i++) {
            cursorAt.put(offset + i, page.cursors().get(i));
        }
        return page;
    }
}

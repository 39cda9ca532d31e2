package io.quanyu.plugin.sdk;

import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;

/**
 * One page of records.
 *
 * @param records    the records of this page, in order
 * @param nextCursor pass to {@link Records#find} for the next page; null on the last page
 */
@PublicApi
public record RecordPage(List<Map<String, Object>> records, @Nullable String nextCursor) {
    public RecordPage {
        records = List.copyOf(records);
    }
}

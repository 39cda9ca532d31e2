package io.quanyu.plugin.sdk.widget;

import io.quanyu.plugin.sdk.PublicApi;

import java.util.List;
import java.util.Map;

/**
 * A widget's rows, each a map of column name to value; they become the chart's {@code dataset.source}.
 *
 * @param rows the rows, in display order
 */
@PublicApi
public record WidgetData(List<Map<String, Object>> rows) {
    public WidgetData {
        rows = List.copyOf(rows);
    }
}

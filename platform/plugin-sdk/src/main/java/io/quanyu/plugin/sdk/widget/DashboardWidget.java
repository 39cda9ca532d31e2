package io.quanyu.plugin.sdk.widget;

import io.quanyu.plugin.sdk.PublicSpi;
import org.pf4j.ExtensionPoint;

/**
 * Supplies the data of a dashboard widget. The widget's name, titles, parameter schema and chart spec (an ECharts
 * option with {@code dataset.source} left for the data) are declared in the manifest's {@code widgets}; the builder
 * draws the chart, the plugin only answers rows.
 */
@PublicSpi
public interface DashboardWidget extends ExtensionPoint {

    /** The widget's name in the manifest. */
    String name();

    /** The rows to draw, for the request's tenant and parameters. */
    WidgetData data(WidgetRequest request);
}

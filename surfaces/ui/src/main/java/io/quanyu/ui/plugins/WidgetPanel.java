package io.quanyu.ui.plugins;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.LocalizedText;
import io.quanyu.ui.access.PluginPage;
import io.quanyu.ui.access.PluginWorkspace;
import io.quanyu.ui.i18n.Languages;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A plugin's widget on one of its pages: its title and the rows the plugin answers, as a table with a column per
 * key (in the order the rows first name them; headed by the page's field label where a key names a field of the
 * page's object). A plugin that fails to answer shows why, and the page stays usable.
 */
final class WidgetPanel extends VerticalLayout {
    private final PluginWorkspace plugins;
    private final PluginPage page;
    private final String widget;
    private final Function<String, String> header;

    WidgetPanel(PluginWorkspace plugins, PluginPage page, String widget, Function<String, String> header) {
        this.plugins = plugins;
        this.page = page;
        this.widget = widget;
        this.header = header;
        setId("plugin-widget-" + widget);
        addClassName("plugin-widget");
        setPadding(false);
        refresh();
    }

    /** Asks the plugin for the rows again and shows them. */
    void refresh() {
        removeAll();
        LocalizedText title = page.widgetTitles().get(widget);
        add(new H3(title == null ? widget : Languages.label(title)));
        List<Map<String, Object>> rows;
        try {
            rows = rows(plugins.widget(page.pluginId(), widget, Map.of()));
        } catch (QuanyuException e) {
            Paragraph failed = new Paragraph(getTranslation("plugins.page.widgetFailed", e.getMessage()));
            failed.addClassName("plugin-widget-failed");
            add(failed);
            return;
        }
        if (rows.isEmpty()) {
            add(new Paragraph(getTranslation("plugins.page.noRows")));
            return;
        }
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(r -> columns.addAll(r.keySet()));
        Grid<Map<String, Object>> grid = new Grid<>();
        for (String column : columns) {
            grid.addColumn(r -> Objects.toString(r.get(column), "")).setHeader(header.apply(column)).setKey(column)
                    .setAutoWidth(true);
        }
        grid.setItems(rows);
        grid.setAllRowsVisible(true);
        add(grid);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(List<Object> data) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object row : data) {
            if (row instanceof Map<?, ?> map) {
                out.add((Map<String, Object>) map);
            }
        }
        return out;
    }
}

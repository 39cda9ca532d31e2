package io.quanyu.ui.plugins;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.LocalizedText;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.objects.model.SelectOption;
import io.quanyu.plugin.pkg.PageSpec;
import io.quanyu.records.RecordLayout;
import io.quanyu.ui.access.PluginPage;
import io.quanyu.ui.access.PluginWorkspace;
import io.quanyu.ui.access.SegmentsWorkspace;
import io.quanyu.ui.access.TenantWorkspace;
import io.quanyu.ui.forms.FormSources;
import io.quanyu.ui.i18n.Languages;
import io.quanyu.ui.records.CursorPages;
import io.quanyu.ui.records.RecordGrid;
import io.quanyu.ui.segments.FactChoices;
import io.quanyu.ui.segments.SegmentSources;
import io.quanyu.ui.shell.MainLayout;
import io.quanyu.ui.shell.Notices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A page a plugin declares in its manifest ({@link PageSpec}), drawn by the builder from that data alone: the title,
 * the page's actions, a filter per declared field, the records of the plugin's object type with its row actions, and
 * the plugin's widgets. Records are read and operations run as the signed-in user, so the API's rules apply; an
 * action the user may not run is not offered. The navigation lists every enabled plugin's pages ({@link MainLayout}).
 */
@Route(value = "plugin-pages/:plugin/:page", layout = MainLayout.class)
public class PluginPageView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {
    private static final Set<FieldType> TEXTUAL = Set.of(FieldType.TEXT, FieldType.LONG_TEXT, FieldType.EMAIL,
            FieldType.PHONE, FieldType.URL);
    private final PluginWorkspace plugins;
    private final TenantWorkspace records;
    private final SegmentsWorkspace segments;
    private String title = "";

    public PluginPageView(PluginWorkspace plugins, TenantWorkspace records, SegmentsWorkspace segments) {
        this.plugins = plugins;
        this.records = records;
        this.segments = segments;
        setId("plugin-page");
    }

    /** The segment picker and the rule editor for the actions' forms, read when a form needs them. */
    private FormSources sources() {
        return new SegmentSources(() -> {
            try {
                return segments.list();
            } catch (QuanyuException e) {
                return List.of(); // a user who may not read segments types the key
            }
        }, () -> FactChoices.of(records.object("customer"), records.user().roleNames()));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        String pluginId = event.getRouteParameters().get("plugin").orElse("");
        String name = event.getRouteParameters().get("page").orElse("");
        PluginPage page = plugins.page(pluginId, name).orElse(null);
        if (page == null) {
            title = getTranslation("plugins.page.missing", pluginId + "/" + name);
            add(new Paragraph(title));
            return;
        }
        PageSpec spec = page.spec();
        title = Languages.label(spec.title());
        H2 heading = new H2(title);
        heading.setId("plugin-page-title");
        add(heading);
        ObjectType type = spec.object() == null ? null : records.object(spec.object());
        List<WidgetPanel> widgets = spec.widgets().stream().map(w -> new WidgetPanel(plugins, page, w, key -> {
            LocalizedText column = page.widgetColumns().getOrDefault(w, Map.of()).get(key);
            if (column != null) {
                return Languages.label(column);
            }
            return type == null ? key : type.field(key).map(f -> Languages.label(f.label())).orElse(key);
        })).toList();
        Runnable list = type == null ? () -> { } : records(page, type, () -> widgets.forEach(WidgetPanel::refresh));
        Runnable afterRun = () -> {
            list.run();
            widgets.forEach(WidgetPanel::refresh);
        };
        HorizontalLayout actions = new HorizontalLayout();
        actions.setId("plugin-page-actions");
        for (PageSpec.Action action : spec.actions()) {
            if (plugins.mayCall(page.pluginId(), action.operation())) {
                Button run = new Button(Languages.label(action.title()), e -> new OperationDialog(plugins, page, action,
                        action.presetFor(field -> null), null, afterRun, sources()).open());
                run.addClassName("plugin-page-action");
                run.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
                actions.add(run);
            }
        }
        addComponentAtIndex(1, actions);
        widgets.forEach(this::add);
    }

    /**
     * The filters and the grid of the page's object; answers what refreshes the grid. A row action refreshes the
     * grid and then runs {@code afterRowAction} (the widgets).
     */
    private Runnable records(PluginPage page, ObjectType type, Runnable afterRowAction) {
        PageSpec spec = page.spec();
        CursorPages pages = new CursorPages(q -> records.query(type.apiName(), q));
        List<String> names = spec.columns().isEmpty() ? RecordLayout.defaultColumns(type) : spec.columns();
        List<FieldDef> columns = names.stream().map(n -> type.field(n).orElseThrow()).toList();
        Grid<ObjectNode> grid = RecordGrid.of(records, type, columns, pages);
        grid.setId("plugin-page-records");
        Span total = new Span();
        total.setId("plugin-page-total");
        Runnable refresh = () -> {
            grid.getDataProvider().refreshAll();
            total.setText(getTranslation("records.total", pages.count()));
        };
        List<PageSpec.Action> allowed = spec.rowActions().stream()
                .filter(a -> plugins.mayCall(page.pluginId(), a.operation())).toList();
        if (!allowed.isEmpty()) {
            Runnable afterRun = () -> {
                refresh.run();
                afterRowAction.run();
            };
            grid.addComponentColumn(r -> rowActions(page, type, allowed, r, afterRun)).setAutoWidth(true).setFlexGrow(0);
        }
        HorizontalLayout bar = filters(type, spec.filters(), pages, refresh);
        bar.add(total);
        grid.setHeight("28em");
        add(bar, grid);
        refresh.run();
        return refresh;
    }

    private HorizontalLayout rowActions(PluginPage page, ObjectType type, List<PageSpec.Action> actions,
                                        ObjectNode record, Runnable refresh) {
        HorizontalLayout buttons = new HorizontalLayout();
        String label = type.displayField() == null ? record.path("_id").asString()
                : record.path(type.displayField()).asString(record.path("_id").asString());
        for (PageSpec.Action action : actions) {
            Button run = new Button(Languages.label(action.title()), e -> new OperationDialog(plugins, page, action,
                    action.presetFor(f -> record.get("id".equals(f) ? "_id" : f)), label, refresh, sources()).open());
            run.addClassName("plugin-row-action");
            run.addThemeVariants(ButtonVariant.LUMO_SMALL);
            run.getElement().setAttribute("aria-label", Languages.label(action.title()) + " " + label);
            buttons.add(run);
        }
        return buttons;
    }

    /** One input per declared filter field; their conditions are and-ed. */
    private HorizontalLayout filters(ObjectType type, List<String> fields, CursorPages pages, Runnable refresh) {
        HorizontalLayout bar = new HorizontalLayout();
        bar.setId("plugin-page-filters");
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        bar.setWidthFull();
        if (fields.isEmpty()) {
            return bar;
        }
        Map<FieldDef, Component> inputs = new LinkedHashMap<>();
        for (String name : fields) {
            FieldDef field = type.field(name).orElseThrow();
            Component input = filterInput(field);
            input.setId("page-filter-" + name);
            inputs.put(field, input);
            bar.add(input);
        }
        Button apply = new Button(getTranslation("records.applyFilter"), e -> {
            pages.filter(condition(inputs));
            try {
                refresh.run();
            } catch (QuanyuException ex) {
                Notices.refused(ex);
            }
        });
        apply.setId("page-apply-filter");
        Button clear = new Button(getTranslation("records.clearFilter"), e -> {
            inputs.values().forEach(c -> {
                if (c instanceof TextField t) {
                    t.clear();
                } else if (c instanceof Select<?> s) {
                    s.clear();
                }
            });
            pages.filter(null);
            refresh.run();
        });
        clear.setId("page-clear-filter");
        bar.add(apply, clear);
        return bar;
    }

    private static Component filterInput(FieldDef field) {
        if (field.type() == FieldType.SINGLE_SELECT || field.type() == FieldType.BOOLEAN) {
            Select<String> select = new Select<>();
            select.setLabel(Languages.label(field.label()));
            select.setEmptySelectionAllowed(true);
            if (field.type() == FieldType.BOOLEAN) {
                select.setItems("true", "false");
            } else {
                select.setItems(field.options().stream().map(SelectOption::value).toList());
                select.setItemLabelGenerator(v -> v == null ? "" : field.options().stream()
                        .filter(o -> o.value().equals(v)).findFirst().map(o -> Languages.label(o.label())).orElse(v));
            }
            return select;
        }
        TextField text = new TextField(Languages.label(field.label()));
        text.setClearButtonVisible(true);
        return text;
    }

    /** Text fields match what contains the typed text; others match the value exactly; empty inputs are left out. */
    private static JsonNode condition(Map<FieldDef, Component> inputs) {
        List<JsonNode> conditions = new ArrayList<>();
        inputs.forEach((field, input) -> {
            String value = input instanceof TextField t ? t.getValue()
                    : input instanceof Select<?> s && s.getValue() != null ? String.valueOf(s.getValue()) : "";
            if (!value.isBlank()) {
                conditions.add(RecordGrid.condition(field, TEXTUAL.contains(field.type()) ? "contains" : "eq", value.strip()));
            }
        });
        if (conditions.isEmpty()) {
            return null;
        }
        ObjectNode and = JsonNodeFactory.instance.objectNode();
        and.putArray("and").addAll(conditions);
        return conditions.size() == 1 ? conditions.getFirst() : and;
    }

    @Override
    public String getPageTitle() {
        return title;
    }
}

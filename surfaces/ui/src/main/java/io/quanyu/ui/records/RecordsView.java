package io.quanyu.ui.records;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.records.ObjectInfo;
import io.quanyu.records.RecordLayout;
import io.quanyu.records.RecordQuery;
import io.quanyu.ui.access.LayoutWorkspace;
import io.quanyu.ui.access.TenantWorkspace;
import io.quanyu.ui.i18n.Languages;
import io.quanyu.ui.shell.MainLayout;
import io.quanyu.ui.shell.Notices;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The records of any object: a lazy grid with a column per field of the object's layout (all fields without one;
 * sortable where the field is scalar), a simple filter (field, operator, value), CSV export of what the grid shows
 * and, for data writers, create, edit, delete and CSV import.
 */
@Route(value = "records/:object?", layout = MainLayout.class)
@Menu(title = "nav.records", order = 30)
public class RecordsView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {
    private static final List<String> OPERATORS = List.of("eq", "ne", "contains", "startsWith", "gt", "gte", "lt", "lte");
    private final TenantWorkspace workspace;
    private final LayoutWorkspace layouts;
    private final ImportJobs imports;
    private final ComboBox<String> object = new ComboBox<>();
    private final VerticalLayout body = new VerticalLayout();

    public RecordsView(TenantWorkspace workspace, LayoutWorkspace layouts, ImportJobs imports) {
        this.workspace = workspace;
        this.layouts = layouts;
        this.imports = imports;
        Map<String, String> names = new LinkedHashMap<>();
        workspace.objects().stream().map(ObjectInfo::type)
                .forEach(t -> names.put(t.apiName(), Languages.label(t.label()) + " (" + t.apiName() + ")"));
        object.setId("records-object");
        object.setLabel(getTranslation("records.object"));
        object.setItems(List.copyOf(names.keySet()));
        object.setItemLabelGenerator(n -> names.getOrDefault(n, n));
        object.setWidth("24em");
        object.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                getUI().ifPresent(ui -> ui.navigate(RecordsView.class, new RouteParameters("object", e.getValue())));
            }
        });
        body.setPadding(false);
        body.setSizeFull();
        add(new H2(getTranslation("records.title")), object, body);
        setSizeFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        body.removeAll();
        event.getRouteParameters().get("object").ifPresentOrElse(apiName -> {
            object.setValue(apiName);
            show(workspace.object(apiName));
        }, () -> body.add(new Span(getTranslation("records.noObject"))));
    }

    private void show(ObjectType type) {
        CursorPages pages = new CursorPages(q -> workspace.query(type.apiName(), q));
        Optional<RecordLayout> layout = layouts.layout(type.apiName());
        List<FieldDef> columns = layout.map(RecordLayout::columns).orElseGet(() -> RecordLayout.defaultColumns(type))
                .stream().map(n -> type.field(n).orElseThrow()).toList();
        Grid<ObjectNode> grid = RecordGrid.of(workspace, type, columns, pages);
        grid.setId("records");
        Span total = new Span();
        total.setId("records-total");
        Runnable refresh = () -> {
            grid.getDataProvider().refreshAll();
            total.setText(getTranslation("records.total", pages.count()));
        };
        HorizontalLayout bar = filterBar(type, pages, refresh);
        List<RecordLayout.Section> sections = layout.map(RecordLayout::sections).orElse(List.of());
        if (writable(type)) {
            Button create = new Button(getTranslation("records.new"), e -> edit(type, sections, null, refresh));
            create.setId("new-record");
            create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            bar.add(create);
            grid.addComponentColumn(r -> rowActions(type, sections, r, refresh)).setAutoWidth(true).setFlexGrow(0);
        }
        bar.add(total);
        body.add(bar, tools(type, columns, pages, refresh), grid);
        refresh.run();
    }

    /** Export for every reader; import for data writers; the layout editor for those who change the model. */
    private HorizontalLayout tools(ObjectType type, List<FieldDef> columns, CursorPages pages, Runnable refresh) {
        Anchor export = new Anchor(new CsvExport(type.apiName(), q -> workspace.query(type.apiName(), q),
                () -> columns, pages::view), getTranslation("records.export"));
        export.setId("export-csv");
        HorizontalLayout tools = new HorizontalLayout(export);
        tools.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        if (writable(type)) {
            Button load = new Button(getTranslation("records.import"), e -> new ImportDialog(type,
                    () -> workspace.recordWriter(type.apiName()), imports, refresh).open());
            load.setId("import-csv");
            tools.addComponentAsFirst(load);
        }
        if (layouts.canEdit()) {
            Button layout = new Button(getTranslation("records.layout"),
                    e -> getUI().ifPresent(ui -> ui.navigate("layouts/" + type.apiName())));
            layout.setId("edit-layout");
            tools.add(layout);
        }
        if (type.managedBy() != null) {
            Span managed = new Span(getTranslation("records.managed", type.managedBy()));
            managed.setId("managed-by-plugin");
            managed.getElement().getThemeList().add("badge contrast");
            tools.add(managed);
        }
        return tools;
    }

    /** Data writers change records, except a plugin's: those change only through the plugin. */
    private boolean writable(ObjectType type) {
        return workspace.canWriteData() && type.managedBy() == null;
    }

    private HorizontalLayout filterBar(ObjectType type, CursorPages pages, Runnable refresh) {
        Select<FieldDef> field = new Select<>();
        field.setId("filter-field");
        field.setLabel(getTranslation("records.filterField"));
        field.setItems(RecordGrid.filterable(type, workspace.user().roleNames()));
        field.setItemLabelGenerator(f -> Languages.label(f.label()));
        Select<String> op = new Select<>();
        op.setId("filter-op");
        op.setLabel(getTranslation("records.filterOp"));
        op.setItems(OPERATORS);
        op.setItemLabelGenerator(o -> getTranslation("op." + o));
        op.setValue("eq");
        TextField value = new TextField(getTranslation("records.filterValue"));
        value.setId("filter-value");
        Button apply = new Button(getTranslation("records.applyFilter"), e -> {
            value.setInvalid(false);
            if (field.getValue() == null) {
                return;
            }
            pages.filter(RecordGrid.condition(field.getValue(), op.getValue(), value.getValue()));
            refreshOrShow(refresh, value);
        });
        apply.setId("apply-filter");
        Button clear = new Button(getTranslation("records.clearFilter"), e -> {
            field.clear();
            value.clear();
            pages.filter(null);
            refresh.run();
        });
        HorizontalLayout bar = new HorizontalLayout(field, op, value, apply, clear);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        bar.setWidthFull();
        return bar;
    }

    private static void refreshOrShow(Runnable refresh, TextField value) {
        try {
            refresh.run();
        } catch (QuanyuException e) {
            value.setErrorMessage(e.violations().isEmpty() ? e.getMessage() : e.violations().get(0).message());
            value.setInvalid(true);
        }
    }

    private HorizontalLayout rowActions(ObjectType type, List<RecordLayout.Section> sections, ObjectNode record,
                                        Runnable refresh) {
        Button edit = new Button(getTranslation("records.edit"), e -> edit(type, sections, record, refresh));
        edit.addClassName("edit-record");
        edit.addThemeVariants(ButtonVariant.LUMO_SMALL);
        Button delete = new Button(getTranslation("records.delete"), e -> confirmDelete(type, record, refresh));
        delete.addClassName("delete-record");
        delete.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        return new HorizontalLayout(edit, delete);
    }

    private void edit(ObjectType type, List<RecordLayout.Section> sections, ObjectNode record, Runnable refresh) {
        String id = record == null ? null : record.path("_id").asString();
        new RecordForm(type, sections, record, target -> RecordGrid.referenceChoices(workspace, target),
                body -> id == null ? workspace.createRecord(type.apiName(), body)
                        : workspace.updateRecord(type.apiName(), id, body), refresh).open();
    }

    private void confirmDelete(ObjectType type, ObjectNode record, Runnable refresh) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setHeader(getTranslation("records.deleteConfirm"));
        confirm.setCancelable(true);
        confirm.setConfirmText(getTranslation("records.delete"));
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(e -> {
            try {
                workspace.deleteRecord(type.apiName(), record.path("_id").asString());
                Notices.success(getTranslation("records.deleted"));
                refresh.run();
            } catch (QuanyuException ex) {
                Notices.refused(ex);
            }
        });
        confirm.open();
    }

    @Override
    public String getPageTitle() {
        return getTranslation("records.title");
    }
}

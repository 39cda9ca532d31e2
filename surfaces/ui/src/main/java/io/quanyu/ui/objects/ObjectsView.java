package io.quanyu.ui.objects;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import io.quanyu.records.ObjectInfo;
import io.quanyu.ui.access.TenantWorkspace;
import io.quanyu.ui.i18n.Languages;
import io.quanyu.ui.records.RecordsView;
import io.quanyu.ui.shell.MainLayout;

/** The tenant's objects: api name, label in the current language, field count, version, standard or not. */
@Route(value = "objects", layout = MainLayout.class)
@Menu(title = "nav.objects", order = 10)
public class ObjectsView extends VerticalLayout implements HasDynamicTitle {
    private final TenantWorkspace workspace;

    public ObjectsView(TenantWorkspace workspace) {
        this.workspace = workspace;
        H2 title = new H2(getTranslation("objects.title"));
        HorizontalLayout bar = new HorizontalLayout(title);
        bar.setAlignItems(Alignment.BASELINE);
        if (workspace.canChangeModel()) {
            Button create = new Button(getTranslation("objects.new"),
                    e -> getUI().ifPresent(ui -> ui.navigate(ObjectDesignerView.class)));
            create.setId("new-object");
            create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            bar.add(create);
        }
        add(bar, grid());
        setSizeFull();
    }

    private Grid<ObjectInfo> grid() {
        Grid<ObjectInfo> grid = new Grid<>();
        grid.setId("objects");
        grid.addColumn(i -> i.type().apiName()).setHeader(getTranslation("objects.apiName")).setSortable(true);
        grid.addColumn(i -> Languages.label(i.type().label())).setHeader(getTranslation("objects.label"));
        grid.addColumn(i -> i.type().fields().size()).setHeader(getTranslation("objects.fields"));
        grid.addColumn(ObjectInfo::version).setHeader(getTranslation("objects.version"));
        grid.addColumn(i -> getTranslation(i.type().standard() ? "objects.yes" : "objects.no"))
                .setHeader(getTranslation("objects.standard"));
        grid.addColumn(i -> i.type().managedBy() == null ? "" : i.type().managedBy())
                .setHeader(getTranslation("objects.managedBy"));
        grid.addComponentColumn(this::actions);
        // Most recently changed first: a tenant with many objects finds the one it just designed at the top.
        grid.setItems(workspace.objects().stream().sorted(java.util.Comparator.comparing(ObjectInfo::updatedAt,
                java.util.Comparator.nullsLast(java.util.Comparator.reverseOrder()))).toList());
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setSizeFull();
        return grid;
    }

    private HorizontalLayout actions(ObjectInfo info) {
        String apiName = info.type().apiName();
        Button records = new Button(getTranslation("objects.records"), e -> getUI().ifPresent(ui ->
                ui.navigate(RecordsView.class, new RouteParameters("object", apiName))));
        records.addThemeVariants(ButtonVariant.LUMO_SMALL);
        Button schema = new Button(getTranslation("objects.schema"), e -> showSchema(apiName));
        schema.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout actions = new HorizontalLayout(records, schema);
        if (workspace.canChangeModel() && info.type().managedBy() == null) {
            Button edit = new Button(getTranslation("objects.edit"), e -> getUI().ifPresent(ui ->
                    ui.navigate(ObjectDesignerView.class, ObjectDesignerView.editing(apiName))));
            edit.addThemeVariants(ButtonVariant.LUMO_SMALL);
            edit.addClassName("edit-object");
            edit.getElement().setAttribute("aria-label", getTranslation("objects.editNamed", apiName));
            actions.addComponentAtIndex(1, edit);
        }
        return actions;
    }

    private void showSchema(String apiName) {
        Dialog dialog = new Dialog(SchemaPreview.of(workspace.schema(apiName)));
        dialog.setHeaderTitle(apiName);
        dialog.setWidth("60em");
        dialog.getFooter().add(new Button("OK", e -> dialog.close()));
        dialog.open();
    }

    @Override
    public String getPageTitle() {
        return getTranslation("objects.title");
    }
}

package io.quanyu.ui.objects;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import com.vaadin.flow.router.RouteParameters;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.schema.ObjectTypeParser;
import io.quanyu.objects.schema.RecordSchemaGenerator;
import io.quanyu.records.Migration;
import io.quanyu.records.ObjectInfo;
import io.quanyu.ui.access.TenantWorkspace;
import io.quanyu.ui.i18n.Languages;
import io.quanyu.ui.shell.MainLayout;
import io.quanyu.ui.shell.Notices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Creates an object, or changes one: api name, labels in both languages and its fields. The server's verdict is
 * shown where it belongs: a violation at {@code /fields/2/apiName} marks the third field's api name. A preview shows
 * the JSON Schema that will validate the object's records. Changing an object shows its history and follows the
 * background migration a change starts (converting values, filling defaults, enforcing uniqueness).
 */
@Route(value = "objects/new", layout = MainLayout.class)
@RouteAlias(value = "objects/:object/edit", layout = MainLayout.class)
public class ObjectDesignerView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {
    private final TenantWorkspace workspace;
    private final TextField apiName = new TextField();
    private final TextField labelEn = new TextField();
    private final TextField labelZh = new TextField();
    private final VerticalLayout fieldList = new VerticalLayout();
    private final List<FieldEditor> fields = new ArrayList<>();
    private final Div preview = new Div();
    private final H2 title = new H2();
    private final Button save = new Button();
    private final ChangeHistory history = new ChangeHistory();
    private final H3 historyTitle = new H3();
    private final MigrationProgress progress;
    private final List<String> objectNames;
    private ObjectNode stored;
    private int created;

    public ObjectDesignerView(TenantWorkspace workspace) {
        this.workspace = workspace;
        this.objectNames = workspace.objects().stream().map(ObjectInfo::type)
                .map(t -> t.apiName()).toList();
        this.progress = new MigrationProgress(workspace::migration, this::migrationEnded);
        named(apiName, "designer.apiName", "designer-apiName");
        named(labelEn, "designer.labelEn", "designer-labelEn");
        named(labelZh, "designer.labelZh", "designer-labelZh");
        FormLayout header = new FormLayout(apiName, labelEn, labelZh);
        header.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("40em", 3));
        fieldList.setPadding(false);
        historyTitle.setText(getTranslation("history.title"));
        historyTitle.setVisible(false);
        history.setVisible(false);
        add(title, progress, header, new H3(getTranslation("designer.fields")), fieldList, buttons(), preview,
                historyTitle, history);
    }

    private static void named(TextField field, String key, String id) {
        field.setLabel(field.getTranslation(key));
        field.setId(id);
    }

    private HorizontalLayout buttons() {
        Button add = new Button(getTranslation("designer.addField"), e -> addField());
        add.setId("add-field");
        Button previewButton = new Button(getTranslation("designer.preview"), e -> preview());
        previewButton.setId("preview-schema");
        save.addClickListener(e -> save());
        save.setId("save-object");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button(getTranslation("designer.cancel"),
                e -> getUI().ifPresent(ui -> ui.navigate(ObjectsView.class)));
        return new HorizontalLayout(add, previewButton, save, cancel);
    }

    private FieldEditor addField() {
        FieldEditor editor = new FieldEditor(created++, objectNames, this::removeField);
        fields.add(editor);
        fieldList.add(editor);
        return editor;
    }

    private void removeField(FieldEditor editor) {
        fields.remove(editor);
        fieldList.remove(editor);
    }

    /** Opens an existing object: its api name is fixed, its fields keep their names. */
    private void edit(String object) {
        stored = workspace.definition(object);
        apiName.setValue(object);
        apiName.setReadOnly(true);
        labelEn.setValue(stored.path("label").path("en").asString(""));
        labelZh.setValue(stored.path("label").path("zh-CN").asString(""));
        showStoredFields();
        title.setText(getTranslation("designer.editTitle", Languages.label(workspace.object(object).label())));
        save.setText(getTranslation("designer.saveChanges"));
        historyTitle.setVisible(true);
        history.setVisible(true);
        history.show(workspace.migrations(object));
        String running = workspace.info(object).migrating();
        if (running != null) {
            follow(workspace.migration(running));
        }
    }

    /** One editor per stored field (after a save, new fields become existing ones: their api names are fixed). */
    private void showStoredFields() {
        fields.clear();
        fieldList.removeAll();
        created = 0;
        stored.path("fields").forEach(f -> addField().load(f));
    }

    ObjectNode definition() {
        ObjectNode json = stored == null ? JsonNodeFactory.instance.objectNode() : stored.deepCopy();
        json.put("apiName", apiName.getValue().trim());
        ObjectNode label = json.putObject("label").put("en", labelEn.getValue().trim());
        if (!labelZh.isEmpty()) {
            label.put("zh-CN", labelZh.getValue().trim());
        }
        var array = json.putArray("fields");
        fields.forEach(f -> array.add(f.toJson()));
        json.put("displayField", displayField(array));
        return json;
    }

    /** The stored display field while it still exists, otherwise the first field. */
    private String displayField(JsonNode fieldsJson) {
        String current = stored == null ? null : stored.path("displayField").asString(null);
        boolean kept = current != null && fields.stream().anyMatch(f -> f.apiName().equals(current));
        return kept ? current : fieldsJson.isEmpty() ? "" : fieldsJson.get(0).path("apiName").asString();
    }

    private void preview() {
        clearErrors();
        preview.removeAll();
        try {
            var schema = RecordSchemaGenerator.generate(ObjectTypeParser.shape(definition()));
            Details details = new Details(getTranslation("designer.preview"), SchemaPreview.of(schema));
            details.setOpened(true);
            preview.add(details);
        } catch (QuanyuException e) {
            showErrors(e);
        }
    }

    private void save() {
        clearErrors();
        try {
            if (stored == null) {
                ObjectInfo made = workspace.createObject(definition());
                Notices.success(getTranslation("designer.created", Languages.label(made.type().label())));
                getUI().ifPresent(ui -> ui.navigate(ObjectsView.class));
                return;
            }
            saveChanges();
        } catch (QuanyuException e) {
            showErrors(e);
        }
    }

    private void saveChanges() {
        String object = apiName.getValue();
        Migration change = workspace.changeObject(object, definition());
        history.show(workspace.migrations(object));
        if (change.status() == Migration.Status.RUNNING) {
            follow(change);
        } else {
            stored = workspace.definition(object);
            showStoredFields();
            Notices.success(getTranslation("designer.changed", change.toVersion()));
        }
    }

    private void follow(Migration migration) {
        save.setEnabled(false);
        progress.follow(migration);
    }

    private void migrationEnded(Migration migration) {
        save.setEnabled(true);
        stored = workspace.definition(migration.object());
        showStoredFields();
        history.show(workspace.migrations(migration.object()));
        if (migration.status() == Migration.Status.DONE) {
            Notices.success(getTranslation("designer.changed", migration.toVersion()));
        } else {
            Notices.failed(getTranslation("history.failed", migration.error() == null ? "" : migration.error()));
        }
    }

    private void clearErrors() {
        List.of(apiName, labelEn, labelZh).forEach(f -> f.setInvalid(false));
        fields.forEach(FieldEditor::clearErrors);
    }

    private void showErrors(QuanyuException e) {
        List<FieldViolation> unplaced = new ArrayList<>();
        for (FieldViolation v : e.violations()) {
            if (!place(v)) {
                unplaced.add(v);
            }
        }
        if (e.violations().isEmpty() || !unplaced.isEmpty()) {
            Notices.refused(unplaced.isEmpty() ? e : new QuanyuException(e.code(), e.details(), unplaced, null));
        }
    }

    /** {@code /apiName}, {@code /label/zh-CN}, {@code /fields/2/options/0/value}: marks the matching editor. */
    private boolean place(FieldViolation v) {
        String[] parts = v.pointer().split("/", 4);
        if (parts.length >= 4 && "fields".equals(parts[1]) && parts[2].matches("\\d+")
                && Integer.parseInt(parts[2]) < fields.size()) {
            fields.get(Integer.parseInt(parts[2])).showError(parts[3], v.message());
            return true;
        }
        TextField at = switch (parts.length > 1 ? parts[1] : "") {
            case "apiName" -> apiName;
            case "label" -> v.pointer().endsWith("zh-CN") ? labelZh : labelEn;
            default -> null;
        };
        if (at == null) {
            return false;
        }
        at.setErrorMessage(v.message());
        at.setInvalid(true);
        return true;
    }

    /** Only model writers design objects; the workspace refuses everyone else anyway. */
    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (!workspace.canChangeModel()) {
            event.forwardTo(ObjectsView.class);
            return;
        }
        var object = event.getRouteParameters().get("object");
        if (object.isPresent() && workspace.object(object.get()).managedBy() != null) {
            event.forwardTo(ObjectsView.class); // a plugin's type changes only with the plugin
            return;
        }
        if (object.isPresent()) {
            edit(object.get());
        } else {
            title.setText(getTranslation("designer.title"));
            save.setText(getTranslation("designer.save"));
            addField();
        }
    }

    /** The address of the designer for an existing object. */
    public static RouteParameters editing(String object) {
        return new RouteParameters("object", object);
    }

    @Override
    public String getPageTitle() {
        return title.getText();
    }
}

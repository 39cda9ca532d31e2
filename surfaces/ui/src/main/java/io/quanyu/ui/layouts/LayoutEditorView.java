package io.quanyu.ui.layouts;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.records.ObjectInfo;
import io.quanyu.ui.access.LayoutWorkspace;
import io.quanyu.ui.access.TenantWorkspace;
import io.quanyu.ui.i18n.Languages;
import io.quanyu.ui.shell.MainLayout;
import io.quanyu.ui.shell.MenuAccess;
import io.quanyu.ui.shell.Notices;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The layout editor of one object (tenant admins and builders): the record form's sections and the list's columns,
 * with a preview; save checks the layout on the server (a layout that hides a required field is refused), reset
 * goes back to the default (all fields, metadata order). Others see that they may not change layouts.
 */
@Route(value = "layouts/:object?", layout = MainLayout.class)
@Menu(title = "nav.layouts", order = 20)
@MenuAccess(TenantAccess.CHANGE_MODEL)
public class LayoutEditorView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {
    private final TenantWorkspace workspace;
    private final LayoutWorkspace layouts;
    private final ComboBox<String> object = new ComboBox<>();
    private final VerticalLayout body = new VerticalLayout();
    private final Div preview = new Div();
    private final Div error = new Div();
    private ObjectType type;
    private LayoutDraft draft;
    private SectionsEditor sections;

    public LayoutEditorView(TenantWorkspace workspace, LayoutWorkspace layouts) {
        this.workspace = workspace;
        this.layouts = layouts;
        object.setId("layout-object");
        object.setLabel(getTranslation("records.object"));
        object.setWidth("24em");
        object.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                getUI().ifPresent(ui -> ui.navigate("layouts/" + e.getValue()));
            }
        });
        error.setId("layout-error");
        error.getElement().setAttribute("role", "alert");
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        body.setPadding(false);
        add(new H2(getTranslation("layouts.title")), object, body);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        body.removeAll();
        if (!layouts.canEdit()) {
            object.setVisible(false);
            body.add(new Span(getTranslation("layouts.notAllowed")));
            return;
        }
        Map<String, String> names = new LinkedHashMap<>();
        workspace.objects().stream().map(ObjectInfo::type)
                .forEach(t -> names.put(t.apiName(), Languages.label(t.label()) + " (" + t.apiName() + ")"));
        object.setItems(List.copyOf(names.keySet()));
        object.setItemLabelGenerator(n -> names.getOrDefault(n, n));
        event.getRouteParameters().get("object").ifPresentOrElse(this::open,
                () -> body.add(new Span(getTranslation("records.noObject"))));
    }

    private void open(String apiName) {
        object.setValue(apiName);
        type = workspace.object(apiName);
        draft = layouts.layout(apiName).map(LayoutDraft::of).orElseGet(this::defaultDraft);
        render("");
    }

    private LayoutDraft defaultDraft() {
        return LayoutDraft.defaultFor(type, getTranslation(Locale.ENGLISH, "layouts.defaultSection"),
                getTranslation(Languages.CHINESE, "layouts.defaultSection"));
    }

    /** Builds the editor from the draft again and puts the focus on {@code focus} (an element id), if any. */
    private void render(String focus) {
        body.removeAll();
        error.removeAll();
        sections = new SectionsEditor(type, draft, this::render, this::showPreview);
        VerticalLayout columns = new VerticalLayout(new H3(getTranslation("layouts.columns")),
                new Paragraph(getTranslation("layouts.columnsHint")), new OrderedList("columns",
                getTranslation("layouts.addColumn"), draft.columns, draft.unusedColumns(type),
                n -> SectionsEditor.label(type, n), this::render));
        columns.setPadding(false);
        VerticalLayout form = new VerticalLayout(new H3(getTranslation("layouts.sections")),
                new Paragraph(getTranslation("layouts.sectionsHint")), sections);
        form.setPadding(false);
        HorizontalLayout editors = new HorizontalLayout(form, columns, preview);
        editors.setWidthFull();
        editors.setFlexGrow(5, form);
        editors.setFlexGrow(4, columns);
        editors.setFlexGrow(3, preview);
        form.setMinWidth("0");
        columns.setMinWidth("0");
        preview.setMinWidth("0");
        form.setWidth("0");
        columns.setWidth("0");
        preview.setWidth("0");
        showPreview();
        body.add(editors, error, actions());
        if (!focus.isEmpty()) {
            getElement().executeJs("setTimeout(() => document.getElementById($0)?.focus())", focus);
        }
    }

    private void showPreview() {
        preview.removeAll();
        preview.add(new LayoutPreview(type, draft));
    }

    private HorizontalLayout actions() {
        Button save = new Button(getTranslation("layouts.save"), e -> save());
        save.setId("save-layout");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button reset = new Button(getTranslation("layouts.reset"), e -> reset());
        reset.setId("reset-layout");
        Button records = new Button(getTranslation("layouts.openRecords"),
                e -> getUI().ifPresent(ui -> ui.navigate("records/" + type.apiName())));
        records.setId("open-records");
        return new HorizontalLayout(save, reset, records);
    }

    private void save() {
        error.removeAll();
        try {
            layouts.save(type.apiName(), draft.toLayout());
            Notices.success(getTranslation("layouts.saved"));
        } catch (QuanyuException e) {
            if (e.violations().isEmpty()) {
                Notices.refused(e);
            }
            e.violations().stream().map(this::message).distinct().forEach(m -> error.add(new Paragraph(m)));
        }
    }

    /** A violation in the user's language where the editor knows it; the server's words otherwise. */
    private String message(FieldViolation v) {
        String[] at = v.pointer().split("/");
        if ("requiredPlaced".equals(v.code())) {
            return getTranslation("layouts.requiredHidden", draft.hiddenRequired(type).stream()
                    .map(f -> SectionsEditor.label(type, f.apiName())).collect(Collectors.joining(", ")));
        }
        if (at.length == 5 && "label".equals(at[3])) {
            String text = getTranslation("layouts.nameRequired", Integer.parseInt(at[2]) + 1);
            sections.nameError(Integer.parseInt(at[2]), text);
            return text;
        }
        if (v.pointer().equals("/sections") || v.pointer().equals("/columns")) {
            return getTranslation(v.pointer().equals("/sections") ? "layouts.sectionsCount" : "layouts.columnsCount");
        }
        return v.message();
    }

    private void reset() {
        try {
            layouts.reset(type.apiName());
            draft = defaultDraft();
            render("");
            Notices.success(getTranslation("layouts.resetDone"));
        } catch (QuanyuException e) {
            Notices.refused(e);
        }
    }

    @Override
    public String getPageTitle() {
        return getTranslation("layouts.title");
    }
}

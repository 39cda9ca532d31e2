package io.quanyu.ui.segments;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.segments.Segment;
import io.quanyu.ui.access.SegmentsWorkspace;
import io.quanyu.ui.shell.Notices;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One segment's definition: key, names in English and Chinese, description, and the rule in the visual editor with
 * the live count of the customers it matches, or, for a list segment, the upload of its members; save and (confirmed)
 * delete. Builders and tenant admins change
 * segments; everyone else reads them. A refusal is shown at the fields and rule parts it names.
 */
final class SegmentEditor extends VerticalLayout {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final SegmentsWorkspace segments;
    private final Consumer<Segment> saved;
    private final Runnable deleted;
    private final H3 title = new H3();
    private final TextField key = new TextField();
    private final TextField nameEn = new TextField();
    private final TextField nameZh = new TextField();
    private final TextField description = new TextField();
    private final RuleEditor rule;
    private final LiveCount count;
    private final Button delete = new Button();
    private final com.vaadin.flow.component.checkbox.Checkbox list = new com.vaadin.flow.component.checkbox.Checkbox();
    private final ListPanel uploads;
    private final HorizontalLayout countLine;

    /** @param facts what the rule's conditions on facts offer */
    SegmentEditor(SegmentsWorkspace segments, FactChoices facts, Consumer<Segment> saved, Runnable deleted) {
        this.segments = segments;
        this.rule = new RuleEditor(facts);
        this.saved = saved;
        this.deleted = deleted;
        this.count = new LiveCount(segments, rule::rule, rule::mark);
        rule.addChangeListener(count::changed);
        title.setId("segment-editor-title");
        field(key, "segment-key", "segments.key");
        key.setHelperText(getTranslation("segments.keyHelp"));
        field(nameEn, "segment-name-en", "segments.nameEn");
        field(nameZh, "segment-name-zh", "segments.nameZh");
        field(description, "segment-description", "segments.description");
        description.setWidth("24em");
        key.setWidth("16em");
        List.of(nameEn, nameZh, description).forEach(f -> f.setReadOnly(!segments.canChange()));
        HorizontalLayout head = new HorizontalLayout(key, nameEn, nameZh, description);
        head.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        head.setWrap(true);
        Span counted = new Span(getTranslation("segments.count.label"));
        countLine = new HorizontalLayout(counted, count);
        countLine.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        list.setId("segment-is-list");
        list.setLabel(getTranslation("segments.list.kept"));
        list.addValueChangeListener(e -> kind(e.getValue()));
        list.setReadOnly(!segments.canChange());
        uploads = new ListPanel(segments, k -> saved.accept(segments.get(k)));
        add(title, head, list, rule, countLine, uploads, buttons());
        setPadding(false);
        rule.setWidthFull();
    }

    private void field(TextField field, String id, String label) {
        field.setId(id);
        field.setLabel(getTranslation(label));
    }

    private HorizontalLayout buttons() {
        Button save = new Button(getTranslation("segments.save"), e -> save());
        save.setId("segment-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        delete.setText(getTranslation("segments.delete"));
        delete.setId("segment-delete");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        delete.addClickListener(e -> confirmDelete());
        boolean may = segments.canChange();
        save.setEnabled(may);
        delete.setEnabled(may);
        rule.setReadOnly(!may);
        return new HorizontalLayout(save, delete);
    }

    /** An empty segment whose rule, {@code {"all": []}}, every customer matches. */
    void create() {
        show(null);
        title.setText(getTranslation("segments.new"));
        rule.show(JSON.objectNode().set("all", JSON.arrayNode()));
        list.setValue(false);
        list.setEnabled(true);
        kind(false);
    }

    void edit(Segment segment) {
        show(segment);
        title.setText(getTranslation("segments.editing", SegmentTexts.name(segment), segment.key()));
        list.setValue(segment.isList());
        list.setEnabled(false);
        if (!segment.isList()) {
            rule.show(segment.rule());
        }
        kind(segment.isList());
        uploads.show(segment.key());
    }

    /** A list segment has no rule to edit: its members are uploaded once it is saved. */
    private void kind(boolean isList) {
        rule.setVisible(!isList);
        countLine.setVisible(!isList);
        uploads.setVisible(isList && !key.isEmpty() && key.isReadOnly());
    }

    private void show(Segment segment) {
        for (TextField field : List.of(key, nameEn, nameZh, description)) {
            field.setInvalid(false);
        }
        key.setValue(segment == null ? "" : segment.key());
        key.setReadOnly(segment != null || !segments.canChange());
        nameEn.setValue(segment == null ? "" : segment.names().getOrDefault("en", ""));
        nameZh.setValue(segment == null ? "" : segment.names().getOrDefault("zh-CN", ""));
        description.setValue(segment == null || segment.description() == null ? "" : segment.description());
        delete.setVisible(segment != null);
    }

    private void save() {
        ObjectNode body = JSON.objectNode();
        ObjectNode names = body.putObject("names");
        if (!nameEn.getValue().isBlank()) {
            names.put("en", nameEn.getValue().strip());
        }
        if (!nameZh.getValue().isBlank()) {
            names.put("zh-CN", nameZh.getValue().strip());
        }
        if (!description.getValue().isBlank()) {
            body.put("description", description.getValue().strip());
        }
        if (list.getValue()) {
            body.put("list", true);
        } else {
            body.set("rule", rule.rule());
        }
        try {
            Segment segment = segments.put(key.getValue().strip(), body);
            Notices.success(getTranslation("segments.saved", SegmentTexts.name(segment), segment.version()));
            edit(segment);
            saved.accept(segment);
        } catch (QuanyuException e) {
            refused(e);
        }
    }

    /** Each violation at its field or rule part, and all of them in one notice. */
    private void refused(QuanyuException e) {
        if (e.violations().isEmpty()) {
            Notices.refused(e);
            return;
        }
        List<FieldViolation> inRule = new ArrayList<>();
        for (FieldViolation v : e.violations()) {
            String at = v.pointer();
            if (at.startsWith("/rule")) {
                inRule.add(new FieldViolation(at.substring("/rule".length()), v.code(), v.message()));
            } else {
                error(at.startsWith("/key") ? key : at.startsWith("/names/zh-CN") ? nameZh
                        : at.startsWith("/names") ? nameEn : description, SegmentTexts.violation(v));
            }
        }
        rule.mark(inRule);
        Notices.failed(getTranslation("segments.invalid", SegmentTexts.violations(e.violations(), "")));
    }

    private static void error(TextField field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
    }

    private void confirmDelete() {
        String shown = key.getValue();
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("segment-delete-confirm");
        confirm.setHeader(getTranslation("segments.deleteConfirm", shown));
        confirm.setText(getTranslation("segments.deleteText"));
        confirm.setCancelable(true);
        confirm.setCancelText(getTranslation("segments.cancel"));
        confirm.setConfirmText(getTranslation("segments.delete"));
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(e -> {
            try {
                segments.delete(shown);
                Notices.success(getTranslation("segments.deleted", shown));
                deleted.run();
            } catch (QuanyuException ex) {
                Notices.refused(ex);
            }
        });
        confirm.open();
    }
}

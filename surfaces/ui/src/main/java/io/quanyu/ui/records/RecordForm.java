package io.quanyu.ui.records;

import io.quanyu.ui.forms.ViolationText;
import io.quanyu.ui.forms.FormInput;
import tools.jackson.databind.JsonNode;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.records.RecordLayout;
import io.quanyu.ui.i18n.Languages;
import io.quanyu.ui.shell.Notices;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A record's form, generated from the object's metadata: one editor per writable field, or, when the object has a
 * layout, the layout's sections (a heading each) with their fields in order. Saving sends the record
 * (a merge patch with {@code _version} when editing); when the server refuses, each message shows at its field.
 */
final class RecordForm extends Dialog {
    private final Map<String, FormInput<?, JsonNode>> inputs = new LinkedHashMap<>();
    private final ObjectNode existing;
    private final UnaryOperator<ObjectNode> save;
    private final Runnable saved;
    private final ObjectType type;

    RecordForm(ObjectType type, List<RecordLayout.Section> sections, ObjectNode existing,
               Function<String, ReferenceChoices> references, UnaryOperator<ObjectNode> save, Runnable saved) {
        this.existing = existing;
        this.type = type;
        this.save = save;
        this.saved = saved;
        String label = Languages.label(type.label());
        setHeaderTitle(getTranslation(existing == null ? "form.newTitle" : "form.editTitle", label));
        VerticalLayout content = new VerticalLayout();
        content.setId("record-form");
        content.setPadding(false);
        if (sections.isEmpty()) {
            content.add(fields(type, type.fields().stream().filter(RecordLayout::placeable)
                    .map(FieldDef::apiName).toList(), references));
        }
        for (int i = 0; i < sections.size(); i++) {
            H3 heading = new H3(Languages.label(sections.get(i).label()));
            heading.setId("form-section-" + i);
            heading.addClassName("form-section");
            heading.getStyle().set("margin", "var(--lumo-space-s) 0 0").set("font-size", "var(--lumo-font-size-l)");
            content.add(heading, fields(type, sections.get(i).fields(), references));
        }
        add(content);
        Button ok = new Button(getTranslation("form.save"), e -> submit());
        ok.setId("save-record");
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(new Button(getTranslation("form.cancel"), e -> close()), ok);
        setWidth("48em");
    }

    /** One editor per named field, in that order. */
    private FormLayout fields(ObjectType type, List<String> names, Function<String, ReferenceChoices> references) {
        FormLayout form = new FormLayout();
        for (String name : names) {
            FieldDef field = type.field(name).orElseThrow();
            FormInput<?, JsonNode> input = FieldInputs.of(field, references);
            if (existing != null) {
                input.show(existing.get(field.apiName()));
            }
            inputs.put(field.apiName(), input);
            form.add(input.component());
        }
        return form;
    }

    private void submit() {
        inputs.values().forEach(FormInput::clearError);
        ObjectNode body = FieldInputs.F.objectNode();
        inputs.forEach((name, input) -> {
            var value = input.value();
            if (existing != null || !value.isNull()) {
                body.set(name, value);
            }
        });
        if (existing != null) {
            body.set("_version", existing.get("_version"));
        }
        try {
            save.apply(body);
            Notices.success(getTranslation("records.saved"));
            close();
            saved.run();
        } catch (QuanyuException e) {
            showErrors(e);
        }
    }

    /** {@code /city} marks the city editor; what fits no field goes to a notice. */
    private void showErrors(QuanyuException e) {
        List<FieldViolation> unplaced = e.violations().stream().filter(v -> !place(v)).toList();
        if (e.violations().isEmpty() || !unplaced.isEmpty()) {
            Notices.refused(e);
        }
    }

    private boolean place(FieldViolation v) {
        String[] parts = v.pointer().split("/");
        FormInput<?, JsonNode> input = parts.length > 1 ? inputs.get(parts[1]) : null;
        if (input == null) {
            return false;
        }
        input.error(ViolationText.forRecord(v, type, Languages.current()));
        return true;
    }
}

package io.quanyu.ui.records;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.ui.i18n.Languages;
import io.quanyu.ui.layout.Notices;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A record's form, generated from the object's metadata: one editor per writable field. Saving sends the record
 * (a merge patch with {@code _version} when editing); when the server refuses, each message shows at its field.
 */
final class RecordForm extends Dialog {
    private final Map<String, FieldInput<?>> inputs = new LinkedHashMap<>();
    private final ObjectNode existing;
    private final UnaryOperator<ObjectNode> save;
    private final Runnable saved;

    RecordForm(ObjectType type, ObjectNode existing, Function<String, ReferenceChoices> references,
               UnaryOperator<ObjectNode> save, Runnable saved) {
        this.existing = existing;
        this.save = save;
        this.saved = saved;
        String label = Languages.label(type.label());
        setHeaderTitle(getTranslation(existing == null ? "form.newTitle" : "form.editTitle", label));
        FormLayout form = new FormLayout();
        form.setId("record-form");
        for (FieldDef field : type.fields()) {
            if (field.type().computed() || field.deprecated()) {
                continue;
            }
            FieldInput<?> input = FieldInputs.of(field, references);
            if (existing != null) {
                input.value(existing.get(field.apiName()));
            }
            inputs.put(field.apiName(), input);
            form.add(input.component());
        }
        add(form);
        Button ok = new Button(getTranslation("form.save"), e -> submit());
        ok.setId("save-record");
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(new Button(getTranslation("form.cancel"), e -> close()), ok);
        setWidth("48em");
    }

    private void submit() {
        inputs.values().forEach(FieldInput::clearError);
        ObjectNode body = FieldInput.F.objectNode();
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
        FieldInput<?> input = parts.length > 1 ? inputs.get(parts[1]) : null;
        if (input == null) {
            return false;
        }
        input.error(v.message());
        return true;
    }
}

package io.quanyu.ui.settings;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.HasValue;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a settings form by the JSON pointer the server uses for them ({@code /username}, ...): a refusal's
 * violations show at their fields, with a translated message where the rule is known; the rest goes to a notice.
 */
final class FieldErrors {
    private final Map<String, HasValidation> fields = new LinkedHashMap<>();

    /** Registers a field; its error clears as soon as the user changes its value. */
    <F extends HasValidation & HasValue<?, ?>> FieldErrors put(String pointer, F field) {
        fields.put(pointer, field);
        field.addValueChangeListener(e -> field.setInvalid(false));
        return this;
    }

    void clear() {
        fields.values().forEach(f -> f.setInvalid(false));
    }

    /** Marks each violated field; refusals without a field (or with a field this form lacks) become a notice. */
    void show(QuanyuException e) {
        List<FieldViolation> unplaced = e.violations().stream().filter(v -> !place(v)).toList();
        if (e.violations().isEmpty() || !unplaced.isEmpty()) {
            SettingsNotices.refused(e);
        }
    }

    private boolean place(FieldViolation v) {
        HasValidation field = fields.get(v.pointer());
        if (field == null) {
            return false;
        }
        String key = "settings.rule." + v.pointer().substring(1) + "." + v.code();
        field.setErrorMessage(SettingsNotices.text(key, v.message()));
        field.setInvalid(true);
        return true;
    }
}

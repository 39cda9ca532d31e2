package io.quanyu.ui.plugins;

import com.vaadin.flow.component.AbstractField;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import org.jspecify.annotations.Nullable;

import java.util.function.Function;

/**
 * The editor of one plugin setting: a Vaadin field, the conversions between its value and the setting's value, and the
 * place where the server's message for that setting is shown.
 */
final class SettingInput<V> {
    private final AbstractField<?, V> field;
    private final Function<V, Object> toSetting;
    private final Function<Object, V> fromSetting;

    SettingInput(AbstractField<?, V> field, Function<V, Object> toSetting, Function<Object, V> fromSetting) {
        this.field = field;
        this.toSetting = toSetting;
        this.fromSetting = fromSetting;
    }

    Component component() {
        return field;
    }

    /** The value to send; {@code null} when the field is empty (removes the stored setting). */
    @Nullable Object value() {
        V value = field.getValue();
        return field.isEmpty() || value == null ? null : toSetting.apply(value);
    }

    /** Shows a stored setting; as empty when this editor cannot show it (another type, an option no longer offered). */
    void show(@Nullable Object setting) {
        V value = setting == null ? null : fromSetting.apply(setting);
        if (value == null) {
            field.clear();
        } else {
            field.setValue(value);
        }
    }

    void readOnly() {
        field.setReadOnly(true);
    }

    void error(String message) {
        if (field instanceof HasValidation v) {
            v.setErrorMessage(message);
            v.setInvalid(true);
        }
    }

    void clearError() {
        if (field instanceof HasValidation v) {
            v.setInvalid(false);
        }
    }
}

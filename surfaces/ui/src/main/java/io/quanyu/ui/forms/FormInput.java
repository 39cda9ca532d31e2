package io.quanyu.ui.forms;

import com.vaadin.flow.component.AbstractField;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import org.jspecify.annotations.Nullable;

import java.util.function.Function;

/**
 * One editor of a generated form (a record's fields, a plugin's settings): a Vaadin field, the conversions between
 * its value and the stored value ({@code T}: JSON for records, plain values for settings), and the place where the
 * server's message for it is shown.
 *
 * @param <V> the Vaadin field's value type
 * @param <T> the stored value's type
 */
public final class FormInput<V, T> {
    private final AbstractField<?, V> field;
    private final Function<V, T> toStored;
    private final Function<T, @Nullable V> fromStored;
    private final @Nullable T empty;

    /**
     * @param fromStored answers {@code null} for a stored value this editor cannot show (shown as empty)
     * @param empty      what an empty editor sends ({@code null}, or JSON null to clear a record field)
     */
    public FormInput(AbstractField<?, V> field, Function<V, T> toStored, Function<T, @Nullable V> fromStored,
                     @Nullable T empty) {
        this.field = field;
        this.toStored = toStored;
        this.fromStored = fromStored;
        this.empty = empty;
    }

    public Component component() {
        return field;
    }

    /** The value to send; {@code empty} when the editor is empty. */
    public @Nullable T value() {
        V value = field.getValue();
        return field.isEmpty() || value == null ? empty : toStored.apply(value);
    }

    /** Shows a stored value; {@code null} or a value this editor cannot show clears it. */
    public void show(@Nullable T stored) {
        V value = stored == null ? null : fromStored.apply(stored);
        if (value == null) {
            field.clear();
        } else {
            field.setValue(value);
        }
    }

    public void readOnly() {
        field.setReadOnly(true);
    }

    public void error(String message) {
        if (field instanceof HasValidation v) {
            v.setErrorMessage(message);
            v.setInvalid(true);
        }
    }

    public void clearError() {
        if (field instanceof HasValidation v) {
            v.setInvalid(false);
        }
    }
}

package io.quanyu.ui.segments;

import com.vaadin.flow.component.ItemLabelGenerator;
import com.vaadin.flow.component.combobox.ComboBox;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The field of a leaf, for conditions on a customer's facts and filters on a behaviour's events alike: the usual
 * paths are offered under their labels, and a path typed in becomes a choice of its own, so a stored or typed path
 * stays pickable next to the usual ones.
 */
final class PathPicker extends ComboBox<String> {
    private final Set<String> paths;

    /**
     * @param typed  the path a typed text stands for
     * @param picked runs after the user picks a path or types one
     */
    PathPicker(Collection<String> usual, ItemLabelGenerator<String> label, UnaryOperator<String> typed,
               Runnable picked) {
        paths = new LinkedHashSet<>(usual);
        setItems(paths);
        setItemLabelGenerator(label);
        setAllowCustomValue(true);
        addCustomValueSetListener(e -> {
            String path = typed.apply(e.getDetail().strip());
            if (!path.isEmpty()) {
                show(path);
                picked.run();
            }
        });
        addValueChangeListener(e -> {
            if (e.isFromClient()) {
                picked.run();
            }
        });
    }

    /** Shows a path, a new one as a choice of its own; blank shows none. */
    void show(String path) {
        if (path.isEmpty()) {
            setValue(null);
            return;
        }
        if (paths.add(path)) {
            setItems(paths);
        }
        setValue(path);
    }

    /** The path shown, blank when none. */
    String path() {
        return getValue() == null ? "" : getValue();
    }
}

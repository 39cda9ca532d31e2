package io.quanyu.ui.layouts;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;

import java.util.List;
import java.util.function.Function;

/**
 * An ordered list of field names edited with buttons (keyboard usable, no dragging): each entry has Up, Down and
 * Remove; a combo box below adds one of the {@code available} names at the end. Every change goes to
 * {@code changed} with the id of the control to focus next (the editor renders again).
 */
final class OrderedList extends Composite<VerticalLayout> {

    /** Told after each change, with the id of the control that should have the focus next. */
    @FunctionalInterface
    interface Changed {
        void changed(String focus);
    }

    OrderedList(String id, String addLabel, List<String> items, List<String> available,
                Function<String, String> label, Changed changed) {
        VerticalLayout list = getContent();
        list.setId(id);
        list.setPadding(false);
        list.setSpacing(false);
        for (int i = 0; i < items.size(); i++) {
            list.add(entry(id, items, i, label, changed));
        }
        ComboBox<String> add = new ComboBox<>(addLabel);
        add.setId(id + "-add");
        add.setItems(available);
        add.setItemLabelGenerator(label::apply);
        add.setEnabled(!available.isEmpty());
        add.setWidthFull();
        add.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                items.add(e.getValue());
                changed.changed(id + "-add");
            }
        });
        list.add(add);
    }

    private HorizontalLayout entry(String id, List<String> items, int index, Function<String, String> label,
                                   Changed changed) {
        String name = items.get(index);
        String prefix = id + "-" + name;
        Span text = new Span(label.apply(name));
        text.addClassName("entry-label");
        text.setTitle(label.apply(name));
        text.getStyle().set("white-space", "nowrap").set("overflow", "hidden").set("text-overflow", "ellipsis")
                .set("min-width", "0");
        Button up = button(prefix + "-up", "layouts.up", () -> LayoutDraft.move(items, index, -1),
                index > 1 ? prefix + "-up" : prefix + "-down", changed);
        up.setEnabled(index > 0);
        Button down = button(prefix + "-down", "layouts.down", () -> LayoutDraft.move(items, index, 1),
                index < items.size() - 2 ? prefix + "-down" : prefix + "-up", changed);
        down.setEnabled(index < items.size() - 1);
        Button remove = button(prefix + "-remove", "layouts.remove", () -> items.remove(name), id + "-add", changed);
        HorizontalLayout row = new HorizontalLayout(text, up, down, remove);
        row.setId(prefix);
        row.addClassName("layout-entry");
        row.setWidthFull();
        row.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        row.expand(text);
        return row;
    }

    private Button button(String id, String key, java.util.function.BooleanSupplier action, String focusAfter,
                          Changed changed) {
        return smallButton(getTranslation(key), id, action, focusAfter, changed);
    }

    /** A small move or remove button: runs {@code action} and, when it changed something, reports where focus goes. */
    static Button smallButton(String label, String id, java.util.function.BooleanSupplier action, String focusAfter,
                              Changed changed) {
        Button button = new Button(label);
        button.setId(id);
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        button.addClickListener(e -> {
            if (action.getAsBoolean()) {
                changed.changed(focusAfter);
            }
        });
        return button;
    }
}

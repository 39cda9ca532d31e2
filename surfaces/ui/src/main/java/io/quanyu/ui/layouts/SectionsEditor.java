package io.quanyu.ui.layouts;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.ui.i18n.Languages;

import java.util.ArrayList;
import java.util.List;

/**
 * The form's sections: per section its name in English and Chinese, Up/Down/Remove for the section and an
 * {@link OrderedList} of its fields; a field can be in one section only, so each section offers the fields no
 * section places yet. Names change the draft as typed (and the preview); the rest re-renders the editor.
 */
final class SectionsEditor extends Composite<VerticalLayout> {
    private final List<TextField> names = new ArrayList<>();

    SectionsEditor(ObjectType type, LayoutDraft draft, OrderedList.Changed changed, Runnable renamed) {
        VerticalLayout content = getContent();
        content.setId("layout-sections");
        content.setPadding(false);
        for (int i = 0; i < draft.sections.size(); i++) {
            content.add(section(type, draft, i, changed, renamed));
        }
        Button add = new Button(getTranslation("layouts.addSection"), e -> {
            draft.sections.add(new LayoutDraft.Section("", "", List.of()));
            changed.changed("section-" + (draft.sections.size() - 1) + "-name-en");
        });
        add.setId("add-section");
        content.add(add);
    }

    private VerticalLayout section(ObjectType type, LayoutDraft draft, int i, OrderedList.Changed changed,
                                   Runnable renamed) {
        LayoutDraft.Section section = draft.sections.get(i);
        String id = "section-" + i;
        TextField en = name(id + "-name-en", "layouts.nameEn", section.en, v -> section.en = v, renamed);
        TextField zh = name(id + "-name-zh", "layouts.nameZh", section.zh, v -> section.zh = v, renamed);
        names.add(en);
        Button up = action(id + "-up", "layouts.sectionUp", () -> LayoutDraft.move(draft.sections, i, -1),
                "section-" + (i - 1) + "-up", changed);
        up.setEnabled(i > 0);
        Button down = action(id + "-down", "layouts.sectionDown", () -> LayoutDraft.move(draft.sections, i, 1),
                "section-" + (i + 1) + "-down", changed);
        down.setEnabled(i < draft.sections.size() - 1);
        Button remove = action(id + "-remove", "layouts.removeSection", () -> draft.sections.remove(section),
                "add-section", changed);
        H4 title = new H4(getTranslation("layouts.section", i + 1));
        title.getStyle().set("white-space", "nowrap").set("margin", "0");
        HorizontalLayout header = new HorizontalLayout(title, up, down, remove);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        header.getStyle().set("flex-wrap", "wrap");
        HorizontalLayout labels = new HorizontalLayout(en, zh);
        labels.setWidthFull();
        OrderedList fields = new OrderedList(id + "-fields", getTranslation("layouts.addField"), section.fields,
                draft.unplaced(type), n -> label(type, n), changed);
        VerticalLayout card = new VerticalLayout(header, labels, fields);
        card.setId(id);
        card.getStyle().set("border", "1px solid var(--lumo-contrast-20pct)").set("border-radius", "var(--lumo-border-radius-m)");
        return card;
    }

    private TextField name(String id, String key, String value, java.util.function.Consumer<String> set,
                           Runnable renamed) {
        TextField field = new TextField(getTranslation(key));
        field.setId(id);
        field.setValue(value == null ? "" : value);
        field.setMaxLength(io.quanyu.records.RecordLayout.MAX_LABEL);
        field.addValueChangeListener(e -> {
            set.accept(e.getValue());
            field.setInvalid(false);
            renamed.run();
        });
        return field;
    }

    private Button action(String id, String key, java.util.function.BooleanSupplier action, String focusAfter,
                          OrderedList.Changed changed) {
        return OrderedList.smallButton(getTranslation(key), id, action, focusAfter, changed);
    }

    /** Shows the message at the English name of section {@code index}. */
    void nameError(int index, String message) {
        if (index >= 0 && index < names.size()) {
            names.get(index).setErrorMessage(message);
            names.get(index).setInvalid(true);
        }
    }

    static String label(ObjectType type, String name) {
        return type.field(name).map(f -> Languages.label(f.label()) + " (" + name + ")").orElse(name);
    }
}

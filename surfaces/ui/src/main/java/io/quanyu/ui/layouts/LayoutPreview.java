package io.quanyu.ui.layouts;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.ui.i18n.Languages;

/**
 * What the draft looks like to users: the form's section headings (in the current language) with their fields, and
 * the list's column headers in order.
 */
final class LayoutPreview extends Composite<VerticalLayout> {

    LayoutPreview(ObjectType type, LayoutDraft draft) {
        VerticalLayout content = getContent();
        content.setId("layout-preview");
        content.setPadding(false);
        content.add(new H3(getTranslation("layouts.preview")), new H4(getTranslation("layouts.previewForm")));
        boolean chinese = Languages.CHINESE.equals(Languages.current());
        for (int i = 0; i < draft.sections.size(); i++) {
            LayoutDraft.Section section = draft.sections.get(i);
            String name = chinese && section.zh != null && !section.zh.isBlank() ? section.zh : section.en;
            Span heading = new Span(name == null || name.isBlank() ? getTranslation("layouts.unnamed") : name);
            heading.setId("preview-section-" + i);
            heading.getStyle().set("font-weight", "600");
            Span fields = new Span(String.join(" · ", section.fields.stream()
                    .map(n -> type.field(n).map(f -> Languages.label(f.label())).orElse(n)).toList()));
            fields.getStyle().set("color", "var(--lumo-secondary-text-color)");
            content.add(heading, fields);
        }
        content.add(new H4(getTranslation("layouts.previewList")), columns(type, draft));
    }

    private static Grid<Object> columns(ObjectType type, LayoutDraft draft) {
        Grid<Object> grid = new Grid<>();
        grid.setId("preview-columns");
        for (String name : draft.columns) {
            grid.addColumn(r -> "").setHeader(type.field(name).map(f -> Languages.label(f.label())).orElse(name))
                    .setAutoWidth(true);
        }
        grid.setAllRowsVisible(true);
        grid.setWidthFull();
        return grid;
    }
}

package io.quanyu.ui.layouts;

import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.LocalizedText;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.records.RecordLayout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The layout being edited: sections (names in both languages, fields in order) and list columns, changed in place
 * by the editor and turned into a {@link RecordLayout} to save. Checks stay on the server ({@code RecordLayouts}).
 */
final class LayoutDraft {
    final List<Section> sections = new ArrayList<>();
    final List<String> columns = new ArrayList<>();

    /** A section being edited. */
    static final class Section {
        String en;
        String zh;
        final List<String> fields = new ArrayList<>();

        Section(String en, String zh, List<String> fields) {
            this.en = en;
            this.zh = zh;
            this.fields.addAll(fields);
        }
    }

    static LayoutDraft of(RecordLayout layout) {
        LayoutDraft draft = new LayoutDraft();
        layout.sections().forEach(s -> draft.sections.add(new Section(s.label().en(), s.label().zhCN(), s.fields())));
        draft.columns.addAll(layout.columns());
        return draft;
    }

    /** The default as a starting point: one section with every field the form shows, every field as a column. */
    static LayoutDraft defaultFor(ObjectType type, String en, String zh) {
        LayoutDraft draft = new LayoutDraft();
        draft.sections.add(new Section(en, zh, type.fields().stream().filter(RecordLayout::placeable)
                .map(FieldDef::apiName).toList()));
        draft.columns.addAll(RecordLayout.defaultColumns(type));
        return draft;
    }

    RecordLayout toLayout() {
        return new RecordLayout(sections.stream().map(s -> new RecordLayout.Section(
                LocalizedText.of(trim(s.en), trim(s.zh)), s.fields)).toList(), columns);
    }

    /** Fields the form could show that no section places yet. */
    List<String> unplaced(ObjectType type) {
        Set<String> placed = sections.stream().flatMap(s -> s.fields.stream()).collect(Collectors.toSet());
        return type.fields().stream().filter(RecordLayout::placeable).map(FieldDef::apiName)
                .filter(n -> !placed.contains(n)).toList();
    }

    /** Required fields this draft would hide from the form. */
    List<FieldDef> hiddenRequired(ObjectType type) {
        List<String> free = unplaced(type);
        return type.fields().stream().filter(f -> f.required() && free.contains(f.apiName())).toList();
    }

    List<String> unusedColumns(ObjectType type) {
        return type.fields().stream().map(FieldDef::apiName).filter(n -> !columns.contains(n)).toList();
    }

    /** Moves the item at {@code index} one place up ({@code -1}) or down ({@code +1}); false at either end. */
    static <T> boolean move(List<T> items, int index, int delta) {
        int to = index + delta;
        if (index < 0 || to < 0 || to >= items.size()) {
            return false;
        }
        Collections.swap(items, index, to);
        return true;
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

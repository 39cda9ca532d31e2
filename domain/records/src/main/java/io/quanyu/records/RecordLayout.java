package io.quanyu.records;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.LocalizedText;
import io.quanyu.objects.model.ObjectType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How a tenant arranges one object's records: the form's sections (a heading in both languages and the fields under
 * it, in order; a field placed in no section is not shown in the form) and the list's columns, in order. Required
 * fields must be placed, or nobody could create a record through the form.
 */
public record RecordLayout(List<Section> sections, List<String> columns) {
    public static final int MAX_SECTIONS = 30;
    public static final int MAX_LABEL = 80;

    public RecordLayout {
        sections = sections == null ? List.of() : List.copyOf(sections);
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    /** One heading of the form and the fields under it. */
    public record Section(LocalizedText label, List<String> fields) {
        public Section {
            fields = fields == null ? List.of() : List.copyOf(fields);
        }
    }

    /** Fields the form can show: clients write them (not computed) and they are not deprecated. */
    public static boolean placeable(FieldDef field) {
        return !field.type().computed() && !field.deprecated();
    }

    /** Every problem of this layout for the object as it is now, each with a JSON pointer into the layout. */
    public List<FieldViolation> violations(ObjectType type) {
        List<FieldViolation> out = new ArrayList<>();
        if (sections.isEmpty() || sections.size() > MAX_SECTIONS) {
            out.add(new FieldViolation("/sections", "size", "give 1 to " + MAX_SECTIONS + " sections"));
        }
        Set<String> placed = new HashSet<>();
        for (int s = 0; s < sections.size(); s++) {
            checkSection(type, sections.get(s), "/sections/" + s, placed, out);
        }
        type.fields().stream().filter(f -> f.required() && placeable(f) && !placed.contains(f.apiName()))
                .forEach(f -> out.add(new FieldViolation("/sections", "requiredPlaced",
                        "the required field " + f.apiName() + " must be placed in a section")));
        if (columns.isEmpty()) {
            out.add(new FieldViolation("/columns", "size", "choose at least one column"));
        }
        checkNames(type, columns, "/columns", new HashSet<>(), f -> true, out);
        return out;
    }

    private static void checkSection(ObjectType type, Section section, String at, Set<String> placed,
                                     List<FieldViolation> out) {
        LocalizedText label = section.label();
        if (label == null || blank(label.en()) || label.en().length() > MAX_LABEL) {
            out.add(new FieldViolation(at + "/label/en", "required", "give the section a name of 1 to "
                    + MAX_LABEL + " characters"));
        }
        if (label != null && label.zhCN() != null && label.zhCN().length() > MAX_LABEL) {
            out.add(new FieldViolation(at + "/label/zh-CN", "maxLength", "at most " + MAX_LABEL + " characters"));
        }
        checkNames(type, section.fields(), at + "/fields", placed, RecordLayout::placeable, out);
    }

    private static void checkNames(ObjectType type, List<String> names, String at, Set<String> seen,
                                   java.util.function.Predicate<FieldDef> allowed, List<FieldViolation> out) {
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            var field = type.field(name);
            if (field.isEmpty() || !allowed.test(field.get())) {
                out.add(new FieldViolation(at + "/" + i, "field", "there is no field " + name + " to place here"));
            } else if (!seen.add(name)) {
                out.add(new FieldViolation(at + "/" + i, "duplicate", "the field " + name + " is placed twice"));
            }
        }
    }

    /**
     * This layout for the object as it is now: fields deleted since drop out, and required fields added since are
     * appended to the last section so the form can still create records. No columns left means all fields.
     */
    public RecordLayout fitTo(ObjectType type) {
        Set<String> placed = new LinkedHashSet<>();
        List<Section> fitted = new ArrayList<>();
        for (Section section : sections) {
            List<String> kept = section.fields().stream().filter(n -> type.field(n).filter(RecordLayout::placeable)
                    .isPresent() && placed.add(n)).toList();
            fitted.add(new Section(section.label(), kept));
        }
        List<String> missing = type.fields().stream().filter(f -> f.required() && placeable(f))
                .map(FieldDef::apiName).filter(n -> !placed.contains(n)).toList();
        if (!missing.isEmpty() && !fitted.isEmpty()) {
            Section last = fitted.removeLast();
            fitted.add(new Section(last.label(), concat(last.fields(), missing)));
        }
        List<String> kept = columns.stream().distinct().filter(n -> type.field(n).isPresent()).toList();
        return new RecordLayout(fitted, kept.isEmpty() ? defaultColumns(type) : kept);
    }

    /** The list without a layout: every field, in metadata order. */
    public static List<String> defaultColumns(ObjectType type) {
        return type.fields().stream().map(FieldDef::apiName).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

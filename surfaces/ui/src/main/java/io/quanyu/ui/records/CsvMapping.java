package io.quanyu.ui.records;

import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.ObjectType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which field each column of an imported file's header row fills: matched by API name, then by the field's label in
 * either language (case and surrounding blanks ignored). Computed fields, unknown headers and a second column for
 * the same field are not imported; required fields without a column are listed so the user sees it before running.
 */
record CsvMapping(List<Column> columns, List<FieldDef> missingRequired) {

    enum Status { IMPORTED, COMPUTED, UNKNOWN, DUPLICATE }

    /** One header cell: its position, its text and, when imported, the field it fills. */
    record Column(int index, String header, FieldDef field, Status status) {
        boolean imported() {
            return status == Status.IMPORTED;
        }
    }

    static CsvMapping of(ObjectType type, List<String> header) {
        List<Column> columns = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String text = header.get(i) == null ? "" : header.get(i).strip();
            FieldDef field = match(type, text).orElse(null);
            columns.add(new Column(i, text, field, status(field, taken)));
        }
        List<FieldDef> missing = type.fields().stream()
                .filter(f -> f.required() && !f.type().computed() && !f.hasDefault() && !taken.contains(f.apiName()))
                .toList();
        return new CsvMapping(List.copyOf(columns), missing);
    }

    private static Status status(FieldDef field, Set<String> taken) {
        if (field == null) {
            return Status.UNKNOWN;
        }
        if (field.type().computed()) {
            return Status.COMPUTED;
        }
        return taken.add(field.apiName()) ? Status.IMPORTED : Status.DUPLICATE;
    }

    static Optional<FieldDef> match(ObjectType type, String header) {
        String h = header.strip();
        return type.field(h)
                .or(() -> type.fields().stream().filter(f -> f.apiName().equalsIgnoreCase(h)).findFirst())
                .or(() -> type.fields().stream().filter(f -> labelled(f, h)).findFirst());
    }

    private static boolean labelled(FieldDef field, String header) {
        var label = field.label();
        String h = header.toLowerCase(Locale.ROOT);
        return label != null && (label.en() != null && label.en().strip().toLowerCase(Locale.ROOT).equals(h)
                || label.zhCN() != null && label.zhCN().strip().toLowerCase(Locale.ROOT).equals(h));
    }

    boolean anyImported() {
        return columns.stream().anyMatch(Column::imported);
    }
}

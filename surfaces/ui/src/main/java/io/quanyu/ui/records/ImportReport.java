package io.quanyu.ui.records;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.server.streams.DownloadHandler;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.ui.i18n.Languages;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.util.List;

/**
 * The end of an import: how many records were created, why the import stopped early if it did, and each refused
 * row with the field and the server's message, also as a CSV file to fix the rows in a spreadsheet.
 */
final class ImportReport extends VerticalLayout {

    ImportReport(ObjectType type, RecordImport.Result result) {
        setPadding(false);
        Span summary = new Span(getTranslation("import.result", result.created(), rows(result.errors())));
        summary.setId("import-result");
        add(summary);
        if (result.quotaReached()) {
            add(note("import-quota", getTranslation("import.quotaReached")));
        }
        if (result.cancelled()) {
            add(note("import-cancelled", getTranslation("import.cancelled")));
        }
        if (!result.errors().isEmpty()) {
            add(errors(type, result.errors()), download(type.apiName(), result.errors()));
        }
    }

    private static Span note(String id, String text) {
        Span note = new Span(text);
        note.setId(id);
        note.getElement().getThemeList().add("badge error");
        return note;
    }

    static long rows(List<RecordImport.RowError> errors) {
        return errors.stream().map(RecordImport.RowError::row).distinct().count();
    }

    private Grid<RecordImport.RowError> errors(ObjectType type, List<RecordImport.RowError> errors) {
        Grid<RecordImport.RowError> grid = new Grid<>();
        grid.setId("import-errors");
        grid.addColumn(RecordImport.RowError::row).setHeader(getTranslation("import.row")).setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(e -> type.field(e.field()).map(f -> Languages.label(f.label()) + " (" + e.field() + ")")
                .orElse(e.field())).setHeader(getTranslation("import.field")).setAutoWidth(true);
        grid.addColumn(RecordImport.RowError::message).setHeader(getTranslation("import.message")).setFlexGrow(1);
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setItems(errors);
        grid.setAllRowsVisible(errors.size() <= 8);
        grid.setHeight(errors.size() <= 8 ? null : "18em");
        grid.setWidthFull();
        return grid;
    }

    private Anchor download(String object, List<RecordImport.RowError> errors) {
        DownloadHandler report = event -> {
            event.setFileName(object + "-import-errors.csv");
            event.setContentType("text/csv; charset=UTF-8");
            try (CSVPrinter out = CsvFiles.printer(event.getOutputStream())) {
                write(out, errors);
            }
        };
        Anchor anchor = new Anchor(report, getTranslation("import.downloadErrors"));
        anchor.setId("import-errors-csv");
        return anchor;
    }

    /** The refused rows as CSV; the field and the message may quote what the file held, so they are neutralised. */
    static void write(CSVPrinter out, List<RecordImport.RowError> errors) throws IOException {
        CsvFiles.printRow(out, List.of("row", "field", "message"));
        for (RecordImport.RowError e : errors) {
            CsvFiles.printRow(out, List.of(String.valueOf(e.row()), CsvFiles.neutralised(String.valueOf(e.field())),
                    CsvFiles.neutralised(String.valueOf(e.message()))));
        }
    }
}

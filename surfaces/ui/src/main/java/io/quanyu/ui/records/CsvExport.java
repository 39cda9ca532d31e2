package io.quanyu.ui.records;

import com.vaadin.flow.server.streams.DownloadEvent;
import com.vaadin.flow.server.streams.DownloadHandler;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.records.Page;
import io.quanyu.records.RecordQuery;
import org.apache.commons.csv.CSVPrinter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The records as the grid shows them now (its filter, sort and columns) as a CSV download: a header row of API
 * names, then one row per record, read page by page through the records layer's cursors and written as it goes, so
 * a large export never sits in memory. Values are written as {@link CsvValues} reads them back, text that a
 * spreadsheet would run as a formula neutralised.
 */
final class CsvExport implements DownloadHandler {
    private final String object;
    private final Function<RecordQuery, Page> query;
    private final Supplier<List<FieldDef>> columns;
    private final Supplier<RecordQuery> view;

    /** {@code view} gives the grid's current filter and sort when the download starts. */
    CsvExport(String object, Function<RecordQuery, Page> query, Supplier<List<FieldDef>> columns,
              Supplier<RecordQuery> view) {
        this.object = object;
        this.query = query;
        this.columns = columns;
        this.view = view;
    }

    @Override
    public void handleDownloadRequest(DownloadEvent event) throws IOException {
        event.setFileName(object + "-" + LocalDate.now() + ".csv");
        event.setContentType("text/csv; charset=UTF-8");
        try (CSVPrinter out = CsvFiles.printer(event.getOutputStream())) {
            write(out, columns.get(), view.get(), query);
        }
    }

    /** Writes the header and every matching record; returns how many records were written. */
    static long write(CSVPrinter out, List<FieldDef> columns, RecordQuery view, Function<RecordQuery, Page> query)
            throws IOException {
        CsvFiles.printRow(out, columns.stream().map(FieldDef::apiName).toList());
        long written = 0;
        String after = null;
        do {
            Page page = query.apply(new RecordQuery(view.filter(), view.sort(), RecordQuery.MAX_PAGE, after, false));
            for (ObjectNode record : page.records()) {
                CsvFiles.printRow(out, row(columns, record));
                written++;
            }
            out.flush();
            after = page.hasNextPage() ? page.endCursor() : null;
        } while (after != null);
        return written;
    }

    private static List<String> row(List<FieldDef> columns, ObjectNode record) {
        List<String> cells = new ArrayList<>(columns.size());
        for (FieldDef field : columns) {
            JsonNode value = record.get(field.apiName());
            cells.add(CsvValues.text(field, value));
        }
        return cells;
    }
}

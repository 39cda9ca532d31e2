package io.quanyu.ui.records;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * One CSV import, run in the background: every row becomes one record created in one write (so a row is created
 * whole or not at all), a refused row is reported with the server's message per field and the next row goes on. The
 * record quota stops the import: the rows after it are not tried. Progress and the result go to a {@link Listener}.
 */
final class RecordImport implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordImport.class);
    private static final int REPORT_EVERY = 10;

    /** A refused row: its number as a spreadsheet shows it, the field's API name (blank for the whole row). */
    record RowError(long row, String field, String message) {
    }

    record Result(int created, List<RowError> errors, boolean quotaReached, boolean cancelled) {
    }

    /** Creates one record (through a writer checked when the import started). */
    @FunctionalInterface
    interface Creator {
        void create(ObjectNode record);
    }

    interface Listener {
        void progress(int done, int total);

        void finished(Result result);
    }

    private final byte[] file;
    private final CsvMapping mapping;
    private final String object;
    private final Creator writer;
    private final int total;
    private final Listener listener;
    private final Function<FieldViolation, String> wording;
    private final List<RowError> errors = new ArrayList<>();
    private int created;
    private boolean quotaReached;
    private volatile boolean cancelled;

    RecordImport(byte[] file, CsvMapping mapping, String object, Creator writer, Listener listener) {
        this(file, mapping, object, writer, listener, FieldViolation::message);
    }

    /** {@code wording} phrases each refused field for the report (in the user's language). */
    RecordImport(byte[] file, CsvMapping mapping, String object, Creator writer, Listener listener,
                 Function<FieldViolation, String> wording) {
        this.wording = wording;
        this.file = file;
        this.mapping = mapping;
        this.object = object;
        this.writer = writer;
        this.total = CsvFiles.dataRows(file);
        this.listener = listener;
    }

    int total() {
        return total;
    }

    void cancel() {
        cancelled = true;
    }

    @Override
    public void run() {
        int done = 0;
        long at = 1;
        try (CSVParser parser = CsvFiles.parser(file)) {
            Iterator<CSVRecord> rows = parser.iterator();
            if (rows.hasNext()) {
                rows.next();
            }
            while (rows.hasNext() && !cancelled && !quotaReached) {
                CSVRecord row = rows.next();
                at = row.getRecordNumber();
                importRow(row);
                if (++done % REPORT_EVERY == 0) {
                    listener.progress(done, total);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("CSV import of {} stopped", object, e);
            errors.add(new RowError(at, "", String.valueOf(e.getMessage())));
        }
        listener.progress(done, total);
        listener.finished(new Result(created, List.copyOf(errors), quotaReached, cancelled));
    }

    private void importRow(CSVRecord row) {
        try {
            writer.create(record(row));
            created++;
        } catch (QuanyuException e) {
            report(row.getRecordNumber(), e, errors, wording);
            quotaReached = e.code() == ErrorCode.QUOTA_EXCEEDED;
        }
    }

    ObjectNode record(CSVRecord row) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        for (CsvMapping.Column column : mapping.columns()) {
            if (column.imported() && column.index() < row.size()) {
                CsvValues.parse(column.field(), row.get(column.index()))
                        .ifPresent(v -> record.set(column.field().apiName(), v));
            }
        }
        return record;
    }

    static void report(long row, QuanyuException e, List<RowError> errors, Function<FieldViolation, String> wording) {
        if (e.violations().isEmpty()) {
            errors.add(new RowError(row, "", e.getMessage()));
        }
        for (FieldViolation v : e.violations()) {
            String[] parts = v.pointer().split("/");
            errors.add(new RowError(row, parts.length > 1 ? parts[1] : "", wording.apply(v)));
        }
    }
}

package io.quanyu.ui.records;

import io.quanyu.ui.forms.ViolationText;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.component.upload.UploadI18N;
import com.vaadin.flow.server.streams.UploadHandler;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.ui.access.RecordWriter;
import io.quanyu.ui.i18n.Languages;
import io.quanyu.ui.shell.Notices;

import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Imports records from a CSV file: upload (at most {@value #MAX_BYTES} bytes), the header's mapping to fields shown
 * before anything is written, then the import in the background ({@link ImportJobs}) with a progress bar that the
 * page polls for (no push needed), and the {@link ImportReport} at the end. The records screen is refreshed when the
 * dialog closes after an import, on the user's request (reads need the user's request; the import has none).
 */
final class ImportDialog extends Dialog {
    static final int MAX_BYTES = 10 * 1024 * 1024;
    private static final int POLL_MILLIS = 500;
    private final ObjectType type;
    private final Supplier<RecordWriter> writer;
    private final ImportJobs jobs;
    private final Runnable imported;
    private final VerticalLayout body = new VerticalLayout();
    private final VerticalLayout details = new VerticalLayout();
    private final Button start = new Button();
    private byte[] file;
    private CsvMapping mapping;
    private boolean started;

    ImportDialog(ObjectType type, Supplier<RecordWriter> writer, ImportJobs jobs, Runnable imported) {
        this.type = type;
        this.writer = writer;
        this.jobs = jobs;
        this.imported = imported;
        setId("import-dialog");
        setHeaderTitle(getTranslation("import.title", Languages.label(type.label())));
        body.setPadding(false);
        details.setPadding(false);
        body.add(new Span(getTranslation("import.hint")), upload(), details);
        add(body);
        addOpenedChangeListener(e -> {
            if (!e.isOpened() && started) {
                imported.run();
            }
        });
        start.setText(getTranslation("import.start"));
        start.setId("start-import");
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        start.setEnabled(false);
        start.addClickListener(e -> run());
        Button close = new Button(getTranslation("import.close"), e -> close());
        close.setId("close-import");
        getFooter().add(close, start);
        setWidth("56em");
    }

    private Upload upload() {
        Upload upload = new Upload(UploadHandler.inMemory((meta, bytes) -> uploaded(bytes)));
        upload.setId("import-upload");
        upload.setMaxFiles(1);
        upload.setMaxFileSize(MAX_BYTES);
        upload.setAcceptedFileTypes(".csv", "text/csv");
        upload.setI18n(new UploadI18N()
                .setAddFiles(new UploadI18N.AddFiles().setOne(getTranslation("import.choose")))
                .setDropFiles(new UploadI18N.DropFiles().setOne(getTranslation("import.drop")))
                .setError(new UploadI18N.Error().setFileIsTooBig(getTranslation("import.tooBig"))
                        .setIncorrectFileType(getTranslation("import.notCsv"))
                        .setTooManyFiles(getTranslation("import.oneFile"))));
        upload.addFileRemovedListener(e -> reset());
        return upload;
    }

    private void uploaded(byte[] bytes) {
        reset();
        file = bytes;
        try {
            mapping = CsvMapping.of(type, CsvFiles.header(bytes));
        } catch (RuntimeException e) {
            details.add(error("import-unreadable", getTranslation("import.unreadable")));
            return;
        }
        details.add(new MappingView(type, mapping, CsvFiles.dataRows(bytes)));
        start.setEnabled(mapping.anyImported());
    }

    private void reset() {
        details.removeAll();
        file = null;
        mapping = null;
        start.setEnabled(false);
    }

    private static Span error(String id, String text) {
        Span span = new Span(text);
        span.setId(id);
        span.getElement().getThemeList().add("badge error");
        return span;
    }

    /** Checks the user's right to write now (the import then runs without the user's request) and starts it. */
    private void run() {
        RecordWriter checked;
        try {
            checked = writer.get();
        } catch (QuanyuException e) {
            Notices.refused(e);
            return;
        }
        UI ui = UI.getCurrent();
        ProgressBar bar = new ProgressBar();
        bar.setId("import-progress");
        Span status = new Span();
        status.setId("import-status");
        body.removeAll();
        body.add(bar, status);
        java.util.Locale language = Languages.current();
        RecordImport job = new RecordImport(file, mapping, type.apiName(), checked::create,
                new UiListener(ui, bar, status), v -> ViolationText.forRecord(v, type, language));
        started = true;
        Button cancel = new Button(getTranslation("import.cancel"), e -> job.cancel());
        cancel.setId("cancel-import");
        getFooter().removeAll();
        getFooter().add(cancel);
        status.setText(getTranslation("import.progress", 0, job.total()));
        setCloseOnEsc(false);
        setCloseOnOutsideClick(false);
        ui.setPollInterval(POLL_MILLIS);
        jobs.submit(job);
    }

    /** Shows the import's progress on the page it was started from; gone pages are simply not updated. */
    private final class UiListener implements RecordImport.Listener {
        private final UI ui;
        private final ProgressBar bar;
        private final Span status;

        UiListener(UI ui, ProgressBar bar, Span status) {
            this.ui = ui;
            this.bar = bar;
            this.status = status;
        }

        @Override
        public void progress(int done, int total) {
            update(() -> {
                bar.setValue(total == 0 ? 1 : (double) done / total);
                status.setText(getTranslation("import.progress", done, total));
            });
        }

        @Override
        public void finished(RecordImport.Result result) {
            update(() -> {
                ui.setPollInterval(-1);
                body.add(new ImportReport(type, result));
                Button close = new Button(getTranslation("import.close"), e -> close());
                close.setId("close-import");
                getFooter().removeAll();
                getFooter().add(close);
                setCloseOnEsc(true);
            });
        }

        private void update(com.vaadin.flow.server.Command change) {
            try {
                ui.access(change);
            } catch (UIDetachedException e) {
                // the user left the page; the import itself goes on
            }
        }
    }

    /** The header row's columns and the field each fills, and the required fields no column fills. */
    private static final class MappingView extends VerticalLayout {
        MappingView(ObjectType type, CsvMapping mapping, int rows) {
            setPadding(false);
            Span count = new Span(getTranslation("import.rows", rows));
            count.setId("import-rows");
            Grid<CsvMapping.Column> grid = new Grid<>();
            grid.setId("import-mapping");
            grid.addColumn(CsvMapping.Column::header).setHeader(getTranslation("import.column"));
            grid.addColumn(c -> c.field() == null ? "" : Languages.label(c.field().label()) + " ("
                    + c.field().apiName() + ")").setHeader(getTranslation("import.field"));
            grid.addColumn(c -> getTranslation("import.status." + c.status().name().toLowerCase()))
                    .setHeader(getTranslation("import.status"));
            grid.setItems(mapping.columns());
            grid.setAllRowsVisible(true);
            add(count, grid);
            if (!mapping.missingRequired().isEmpty()) {
                add(error("import-missing", getTranslation("import.missingRequired", mapping.missingRequired()
                        .stream().map(FieldDef::apiName).collect(Collectors.joining(", ")))));
            }
        }
    }
}

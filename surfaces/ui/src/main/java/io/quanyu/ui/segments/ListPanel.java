package io.quanyu.ui.segments;

import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.component.upload.UploadI18N;
import com.vaadin.flow.server.streams.UploadHandler;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.segments.Segments;
import io.quanyu.ui.access.SegmentsWorkspace;
import io.quanyu.ui.shell.Notices;

import java.util.function.Consumer;

/**
 * A list segment's members come from uploads: a CSV with a {@code type,value[,scope]} header, or one value per line
 * of the identity type typed here (phone, email, …). An upload replaces the list; what it changed is shown, and a
 * refused file names its bad lines.
 */
final class ListPanel extends VerticalLayout {
    /** The largest file taken: 200,000 identities of about 40 bytes. */
    static final int MAX_BYTES = 8 * 1024 * 1024;
    private final SegmentsWorkspace segments;
    private final TextField type = new TextField();
    private final Span result = new Span();
    private final Upload upload;
    private final Consumer<String> uploaded;
    private String key;

    /** @param uploaded told the segment's key after a successful upload */
    ListPanel(SegmentsWorkspace segments, Consumer<String> uploaded) {
        this.segments = segments;
        this.uploaded = uploaded;
        type.setId("segment-list-type");
        type.setLabel(getTranslation("segments.list.type"));
        type.setHelperText(getTranslation("segments.list.typeHelp"));
        result.setId("segment-list-result");
        Span help = new Span(getTranslation("segments.list.help"));
        help.addClassName("segment-list-help");
        type.setValueChangeMode(com.vaadin.flow.data.value.ValueChangeMode.EAGER);
        upload = new Upload(UploadHandler.inMemory((meta, bytes) -> upload(bytes)));
        upload.setId("segment-list-upload");
        upload.setMaxFiles(1);
        upload.setMaxFileSize(MAX_BYTES);
        upload.setAcceptedFileTypes(".csv", ".txt", "text/csv", "text/plain");
        upload.setI18n(new UploadI18N()
                .setAddFiles(new UploadI18N.AddFiles().setOne(getTranslation("segments.list.choose")))
                .setDropFiles(new UploadI18N.DropFiles().setOne(getTranslation("segments.list.drop")))
                .setError(new UploadI18N.Error().setFileIsTooBig(getTranslation("segments.list.tooBig"))
                        .setIncorrectFileType(getTranslation("segments.list.notCsv"))
                        .setTooManyFiles(getTranslation("segments.list.oneFile"))));
        upload.setVisible(segments.canUpload());
        type.setReadOnly(!segments.canUpload());
        add(help, type, upload, result);
        setPadding(false);
    }

    void show(String key) {
        this.key = key;
        result.setText("");
        result.getElement().removeAttribute("data-added");
    }

    /** Takes one file; the upload is emptied for the next (each upload replaces the list). */
    private void upload(byte[] csv) {
        upload.clearFileList();
        try {
            String named = type.getValue().isBlank() ? null : type.getValue().strip();
            Segments.Uploaded done = segments.upload(key, named, csv);
            result.setText(getTranslation("segments.list.done", done.identities(), done.added(), done.removed(), done.owned()));
            result.getElement().setAttribute("data-added", String.valueOf(done.added()));
            result.getElement().setAttribute("data-removed", String.valueOf(done.removed()));
            uploaded.accept(key);
        } catch (QuanyuException e) {
            result.setText(getTranslation("segments.list.refused", e.violations().isEmpty() ? e.getMessage()
                    : SegmentTexts.violations(e.violations(), "")));
            result.getElement().setAttribute("data-added", "refused");
            Notices.refused(e);
        }
    }
}

package io.quanyu.ui.segments;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import io.quanyu.segments.Segment;
import io.quanyu.ui.access.SegmentsWorkspace;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tenant's segments: name in the user's language, key, size (members now, all counted in one read), version,
 * how far the evaluation of every profile against the current version has come, and the last change.
 */
final class SegmentList extends Grid<Segment> {
    private final SegmentsWorkspace segments;
    private Map<String, Long> counts = Map.of();
    private List<Segment> shown = List.of();

    SegmentList(SegmentsWorkspace segments) {
        this.segments = segments;
        setId("segments-grid");
        addColumn(SegmentTexts::name).setHeader(getTranslation("segments.name")).setAutoWidth(true).setFlexGrow(1);
        addColumn(Segment::key).setHeader(getTranslation("segments.key")).setAutoWidth(true);
        addColumn(s -> counts.getOrDefault(s.key(), 0L)).setHeader(getTranslation("segments.size")).setAutoWidth(true);
        addColumn(Segment::version).setHeader(getTranslation("segments.version")).setAutoWidth(true);
        addComponentColumn(this::backfill).setHeader(getTranslation("segments.backfill")).setAutoWidth(true);
        addColumn(s -> getTranslation("segments.changedBy", SegmentTexts.time(s.updatedAt()), s.updatedBy()))
                .setHeader(getTranslation("segments.changed")).setAutoWidth(true);
        addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        setAllRowsVisible(true);
    }

    /** Reads the segments and their sizes again, keeping the selected one selected. */
    void refresh() {
        String selected = getSelectedItems().stream().findFirst().map(Segment::key).orElse(null);
        counts = segments.counts();
        shown = segments.list();
        setItems(shown);
        find(selected).ifPresent(this::select);
    }

    Optional<Segment> find(String key) {
        return shown.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /** Whether some segment's profiles are still being evaluated against its current version. */
    boolean evaluating() {
        return shown.stream().anyMatch(s -> !s.backfill().done());
    }

    long count(String key) {
        return counts.getOrDefault(key, 0L);
    }

    private Span backfill(Segment s) {
        Span state = s.backfill().done()
                ? SegmentTexts.badge(getTranslation("segments.backfill.done"), "success")
                : SegmentTexts.badge(getTranslation("segments.backfill.running", s.backfill().evaluated()), "contrast");
        state.addClassName("segment-backfill");
        state.getElement().setAttribute("data-done", String.valueOf(s.backfill().done()));
        return state;
    }
}

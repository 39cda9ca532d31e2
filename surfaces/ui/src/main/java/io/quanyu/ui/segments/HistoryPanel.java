package io.quanyu.ui.segments;

import com.vaadin.flow.component.Svg;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.dom.Style;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.segments.SegmentIndex;
import io.quanyu.ui.access.SegmentsWorkspace;
import io.quanyu.ui.shell.Notices;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * How many customers entered and left a saved segment each day of the last 7, 30 or 90 days ({@link HistoryChart}),
 * with the totals below: whether a segment is gaining or losing customers, which its size alone does not tell. Days
 * are the browser's (its time zone is asked once; UTC until it answers). The history is read from the search index;
 * while that cannot be reached the panel says so in place of the chart.
 */
final class HistoryPanel extends VerticalLayout {
    private static final List<Integer> RANGES = List.of(7, 30, 90);
    private final SegmentsWorkspace segments;
    private final RadioButtonGroup<Integer> range = new RadioButtonGroup<>();
    private final HorizontalLayout legend;
    private final Svg chart = new Svg();
    private final Paragraph totals = new Paragraph();
    private final Paragraph unavailable = new Paragraph();
    private ZoneId zone = ZoneOffset.UTC;
    private String key;

    HistoryPanel(SegmentsWorkspace segments) {
        this.segments = segments;
        range.setId("segment-activity-range");
        range.setLabel(getTranslation("segments.activity.range"));
        range.setItems(RANGES);
        range.setItemLabelGenerator(days -> getTranslation("segments.activity.days", days));
        range.setValue(30);
        range.addValueChangeListener(e -> load());
        legend = new HorizontalLayout(legendItem(HistoryChart.ENTERED, getTranslation("segments.activity.entered")),
                legendItem(HistoryChart.EXITED, getTranslation("segments.activity.exited")));
        chart.setId("segment-activity-chart");
        chart.getElement().getStyle().setWidth("100%").setMaxWidth("48rem");
        totals.setId("segment-activity-totals");
        unavailable.setId("segment-activity-unavailable");
        unavailable.setText(getTranslation("segments.activity.unavailable"));
        add(new H3(getTranslation("segments.activity.title")), range, legend, chart, totals, unavailable);
        setPadding(false);
        zone(null);
        UI.getCurrent().getPage().retrieveExtendedClientDetails(details -> zone(details.getTimeZoneId()));
    }

    /** Shows a segment's history over the range chosen. */
    void show(String key) {
        this.key = key;
        load();
    }

    /** The browser's zone by its IANA id; UTC for none or one this server does not know. */
    private void zone(String id) {
        try {
            zone = id == null ? ZoneOffset.UTC : ZoneId.of(id);
        } catch (DateTimeException e) {
            zone = ZoneOffset.UTC;
        }
        range.setHelperText(getTranslation("segments.activity.zone", zone.getId()));
        if (key != null) {
            load();
        }
    }

    private void load() {
        int days = range.getValue();
        LocalDate to = LocalDate.now(zone);
        try {
            List<SegmentIndex.Day> history = segments.history(key, zone, to.minusDays(days - 1L), to);
            chart.setSvg(HistoryChart.svg(history));
            totals.setText(getTranslation("segments.activity.totals",
                    history.stream().mapToLong(SegmentIndex.Day::entered).sum(),
                    history.stream().mapToLong(SegmentIndex.Day::exited).sum(), days));
            drawn(true);
            unavailable.setVisible(false);
        } catch (QuanyuException e) {
            drawn(false);
            unavailable.setVisible(e.code() == ErrorCode.DEPENDENCY_UNAVAILABLE);
            if (e.code() != ErrorCode.DEPENDENCY_UNAVAILABLE) {
                Notices.refused(e);
            }
        }
    }

    private void drawn(boolean drawn) {
        legend.setVisible(drawn);
        chart.setVisible(drawn);
        totals.setVisible(drawn);
    }

    private Span legendItem(String colour, String label) {
        Span swatch = new Span();
        swatch.getStyle().setDisplay(Style.Display.INLINE_BLOCK).setWidth("0.75em")
                .setHeight("0.75em").setBackground(colour).set("margin-inline-end", "0.4em");
        Span item = new Span(swatch, new Span(label));
        item.addClassName("segment-activity-legend");
        return item;
    }
}

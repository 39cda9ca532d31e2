package io.quanyu.ui.segments;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.segments.Membership;
import io.quanyu.ui.access.SegmentsWorkspace;
import io.quanyu.ui.customers.CustomerView;
import io.quanyu.ui.shell.Notices;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A saved segment's members in customer id order, {@value #PAGE} at a time ("More" reads on): each links to the
 * customer's profile, shows when they entered, and asks why they are in; all of them download as CSV.
 */
final class MembersPanel extends VerticalLayout {
    static final int PAGE = 50;
    private final SegmentsWorkspace segments;
    private final Grid<Membership> grid = new Grid<>();
    private final Span total = new Span();
    private final Button more = new Button();
    private final com.vaadin.flow.component.html.Anchor export;
    private final List<Membership> rows = new ArrayList<>();
    private String key;

    /** @param explain asked with a member's customer id */
    MembersPanel(SegmentsWorkspace segments, Consumer<String> explain) {
        this.segments = segments;
        total.setId("segment-members-total");
        grid.setId("segment-members");
        grid.addComponentColumn(this::link).setHeader(getTranslation("segments.members.customer")).setAutoWidth(true)
                .setFlexGrow(1);
        grid.addColumn(m -> SegmentTexts.time(m.enteredAt())).setHeader(getTranslation("segments.members.entered"))
                .setAutoWidth(true);
        grid.addComponentColumn(m -> why(m, explain)).setHeader(getTranslation("segments.members.why"))
                .setAutoWidth(true).setFrozenToEnd(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.setAllRowsVisible(true);
        more.setText(getTranslation("segments.members.more"));
        more.setId("segment-members-more");
        more.addClickListener(e -> page());
        export = new com.vaadin.flow.component.html.Anchor((com.vaadin.flow.server.streams.DownloadHandler) event -> {
            event.setFileName(key + "-members.csv");
            event.setContentType("text/csv; charset=UTF-8");
            var writer = new java.io.OutputStreamWriter(event.getOutputStream(), java.nio.charset.StandardCharsets.UTF_8);
            segments.export(key, writer);
            writer.flush();
        }, getTranslation("segments.members.export"));
        export.setId("segment-members-export");
        add(new H3(getTranslation("segments.members.title")), total, export, grid, more);
        setPadding(false);
    }

    /** Shows the first page of a segment's members; {@code count} is its size. */
    void show(String key, long count) {
        this.key = key;
        rows.clear();
        total.setText(getTranslation("segments.members.total", count));
        page();
    }

    private void page() {
        try {
            List<Membership> page = segments.members(key, rows.isEmpty() ? null : rows.getLast().customer(), PAGE);
            rows.addAll(page);
            grid.setItems(rows);
            more.setVisible(page.size() == PAGE);
        } catch (QuanyuException e) {
            Notices.refused(e);
        }
    }

    private RouterLink link(Membership m) {
        RouterLink link = new RouterLink(m.customer(), CustomerView.class, new RouteParameters("id", m.customer()));
        link.addClassName("segment-member");
        return link;
    }

    private Button why(Membership m, Consumer<String> explain) {
        Button why = new Button(getTranslation("segments.members.explain"), e -> explain.accept(m.customer()));
        why.addClassName("segment-member-explain");
        why.getElement().setAttribute("data-customer", m.customer());
        why.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        return why;
    }
}

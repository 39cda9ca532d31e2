package io.quanyu.ui.customers;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.quanyu.customer360.TrackedEvent;
import io.quanyu.ui.access.CustomerWorkspace;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The customer's events, newest first, in a grid of unknown length: scrolling to the end loads the next cursor page
 * (infinite scroll). Each event shows its time in the user's language and zone, type, channel and key properties;
 * a line above says how many events are loaded and whether that is all.
 */
final class TimelineList extends VerticalLayout {
    private static final int SHOWN_PROPERTIES = 5;
    private final TimelinePages pages;
    private final Span status = new Span();

    TimelineList(CustomerWorkspace customers, String customer) {
        pages = new TimelinePages((first, after) -> customers.timeline(customer, first, after));
        status.setId("timeline-status");
        status.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        Grid<TrackedEvent> grid = new Grid<>();
        grid.setId("timeline");
        grid.addColumn(e -> CustomerTexts.time(e.time())).setHeader(getTranslation("customers.eventTime"))
                .setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(TrackedEvent::type).setHeader(getTranslation("customers.eventType")).setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(e -> e.channel() == null ? "" : e.channel()).setHeader(getTranslation("customers.eventChannel"))
                .setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(e -> properties(e.properties())).setHeader(getTranslation("customers.eventProperties")).setFlexGrow(1);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.setPageSize(TimelinePages.PAGE);
        grid.setItems(q -> {
            List<TrackedEvent> window = pages.window(q.getOffset(), q.getLimit());
            showStatus();
            return window.stream();
        });
        grid.setHeight("26em");
        grid.setWidthFull();
        add(status, grid);
        setPadding(false);
        setSpacing(false);
    }

    private void showStatus() {
        status.setText(pages.loaded() == 0 ? getTranslation("customers.noEvents")
                : getTranslation(pages.ended() ? "customers.eventsAll" : "customers.eventsLoaded", pages.loaded(), pages.pagesRead()));
    }

    /** The first few properties as {@code key: value}, nested values as compact JSON. */
    static String properties(JsonNode properties) {
        List<String> parts = new ArrayList<>();
        if (properties == null) {
            return "";
        }
        for (Map.Entry<String, JsonNode> p : properties.properties()) {
            if (parts.size() == SHOWN_PROPERTIES) {
                parts.add("…");
                break;
            }
            JsonNode v = p.getValue();
            parts.add(p.getKey() + ": " + (v.isValueNode() ? v.asString() : v.toString()));
        }
        return String.join(" · ", parts);
    }
}

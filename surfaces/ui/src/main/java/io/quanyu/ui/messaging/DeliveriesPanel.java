package io.quanyu.ui.messaging;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.ui.access.MessagingWorkspace;
import io.quanyu.ui.shell.Notices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The delivery log, newest first: every send with its channel, status and reason (why it was skipped, deferred or
 * failed, or why the first channel was passed over), filtered by status, channel and customer; more on demand.
 */
final class DeliveriesPanel extends VerticalLayout {
    private static final List<String> STATUSES = List.of("", "sent", "delivered", "opened", "clicked", "deferred",
            "skipped", "failed", "sending", "bounced", "complained", "unsubscribed");
    private final MessagingWorkspace messaging;
    private final Grid<JsonNode> grid = new Grid<>();
    private final Select<String> status = new Select<>();
    private final TextField channel = new TextField();
    private final TextField customer = new TextField();
    private final Button more = new Button();
    private final List<JsonNode> rows = new ArrayList<>();
    private String next;

    DeliveriesPanel(MessagingWorkspace messaging) {
        this.messaging = messaging;
        status.setId("deliveries-status");
        status.setLabel(getTranslation("messaging.delivery.status"));
        status.setItems(STATUSES);
        status.setItemLabelGenerator(s -> s.isEmpty() ? getTranslation("messaging.delivery.anyStatus")
                : getTranslation("messaging.status." + s));
        status.setValue("");
        channel.setId("deliveries-channel");
        channel.setLabel(getTranslation("messaging.delivery.channel"));
        customer.setId("deliveries-customer");
        customer.setLabel(getTranslation("messaging.delivery.customerId"));
        Button filter = new Button(getTranslation("messaging.delivery.filter"), e -> refresh());
        filter.setId("deliveries-filter");
        HorizontalLayout bar = new HorizontalLayout(status, channel, customer, filter);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        grid.setId("deliveries-grid");
        grid.addColumn(d -> d.path("createdAt").asString()).setHeader(getTranslation("messaging.delivery.at")).setAutoWidth(true);
        grid.addColumn(d -> d.path("customerId").asString()).setHeader(getTranslation("messaging.delivery.customerId")).setAutoWidth(true);
        grid.addColumn(d -> d.path("template").asString()).setHeader(getTranslation("messaging.delivery.template"));
        grid.addColumn(d -> d.path("channel").asString("")).setHeader(getTranslation("messaging.delivery.channel"));
        grid.addColumn(d -> getTranslation("messaging.status." + d.path("status").asString())).setHeader(getTranslation("messaging.delivery.status"));
        grid.addColumn(d -> d.path("reason").asString("")).setHeader(getTranslation("messaging.delivery.reason")).setAutoWidth(true);
        grid.addColumn(d -> d.path("to").path("value").asString("")).setHeader(getTranslation("messaging.delivery.to"));
        grid.setAllRowsVisible(true);
        more.setText(getTranslation("messaging.delivery.more"));
        more.setId("deliveries-more");
        more.addClickListener(e -> page());
        add(bar, grid, more);
        setPadding(false);
        refresh();
    }

    /** Reads the log again from its newest entry. */
    void refresh() {
        rows.clear();
        next = null;
        page();
    }

    private void page() {
        try {
            ObjectNode page = messaging.deliveries(blank(customer.getValue()), blank(status.getValue()),
                    blank(channel.getValue()), 50, next);
            page.path("deliveries").forEach(rows::add);
            next = page.path("nextCursor").isString() ? page.path("nextCursor").asString() : null;
            grid.setItems(rows);
            more.setVisible(next != null);
        } catch (QuanyuException e) {
            Notices.refused(e);
        }
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}

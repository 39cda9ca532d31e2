package io.quanyu.ui.plugins;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.plugin.host.FailedEvent;
import io.quanyu.ui.access.PluginWorkspace;
import io.quanyu.ui.shell.Notices;

import java.util.List;

/**
 * The events a plugin's subscriptions could not handle (its dead letters): when, which subscription, which customer
 * and events, how often it was tried and the plugin's last error. Tenant admins hand one to the plugin again; it
 * leaves the list when the plugin takes it.
 */
final class FailedEventsPanel extends VerticalLayout {
    private final PluginWorkspace workspace;
    private final String pluginId;
    private final Grid<FailedEvent> grid = new Grid<>();
    private final Paragraph none = new Paragraph();

    FailedEventsPanel(PluginWorkspace workspace, String pluginId) {
        this.workspace = workspace;
        this.pluginId = pluginId;
        setId("failed-events");
        setPadding(false);
        none.setId("failed-events-none");
        none.setText(getTranslation("plugins.failed.none"));
        grid.setId("failed-events-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setAllRowsVisible(true);
        grid.addColumn(f -> PluginTexts.date(f.at())).setHeader(getTranslation("plugins.failed.at")).setAutoWidth(true);
        grid.addColumn(FailedEvent::subscription).setHeader(getTranslation("plugins.failed.subscription")).setAutoWidth(true);
        grid.addComponentColumn(this::customerLink).setHeader(getTranslation("plugins.failed.customer")).setAutoWidth(true);
        grid.addColumn(f -> String.join(", ", f.events())).setHeader(getTranslation("plugins.failed.events")).setAutoWidth(true);
        grid.addColumn(FailedEvent::attempts).setHeader(getTranslation("plugins.failed.attempts")).setAutoWidth(true);
        grid.addColumn(FailedEvent::error).setHeader(getTranslation("plugins.failed.error")).setFlexGrow(1)
                .setWidth("16em");
        if (workspace.canManage()) {
            grid.addComponentColumn(this::replayButton).setHeader(getTranslation("plugins.actions")).setAutoWidth(true);
        }
        add(new H3(getTranslation("plugins.failed.title")), new Paragraph(getTranslation("plugins.failed.explain")),
                none, grid);
        refresh();
    }

    /** The customer's 360 page, named by the id's first characters (the whole id on hover). */
    private com.vaadin.flow.router.RouterLink customerLink(FailedEvent failed) {
        var link = new com.vaadin.flow.router.RouterLink(failed.customerId().substring(0, Math.min(8, failed.customerId().length())) + "…",
                io.quanyu.ui.customers.CustomerView.class, new com.vaadin.flow.router.RouteParameters("id", failed.customerId()));
        link.getElement().setAttribute("title", failed.customerId());
        link.addClassName("failed-event-customer");
        return link;
    }

    private Button replayButton(FailedEvent failed) {
        Button replay = new Button(getTranslation("plugins.failed.replay"), e -> replay(failed));
        replay.addThemeVariants(ButtonVariant.LUMO_SMALL);
        replay.addClassName("replay-failed-event");
        return replay;
    }

    private void replay(FailedEvent failed) {
        try {
            if (workspace.replay(pluginId, failed.id())) {
                Notices.success(getTranslation("plugins.failed.replayed"));
            } else {
                Notices.failed(getTranslation("plugins.failed.stillFailing"));
            }
        } catch (QuanyuException e) {
            Notices.refused(e);
        }
        refresh();
    }

    private void refresh() {
        List<FailedEvent> failed = workspace.failedEvents(pluginId);
        grid.setItems(failed);
        grid.setVisible(!failed.isEmpty());
        none.setVisible(failed.isEmpty());
    }
}

package io.quanyu.ui.customers;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.messaging.Consents;
import io.quanyu.ui.access.MessagingWorkspace;
import io.quanyu.ui.shell.Notices;

import java.util.List;

/**
 * A customer's consent per channel and address, on the customer's profile: what is recorded (granted, withdrawn,
 * undeliverable after a bounce), when and by what; users who may write data grant or withdraw it per channel.
 */
final class ConsentPanel extends VerticalLayout {
    private final MessagingWorkspace messaging;
    private final String customerId;
    private final boolean writer;
    private final Grid<Consents.Consent> grid = new Grid<>();
    private final Span none = new Span();

    ConsentPanel(MessagingWorkspace messaging, String customerId, boolean writer) {
        this.messaging = messaging;
        this.customerId = customerId;
        this.writer = writer;
        setId("consent-panel");
        grid.setId("consent-grid");
        grid.addColumn(Consents.Consent::channel).setHeader(getTranslation("messaging.consent.channel")).setAutoWidth(true);
        grid.addColumn(c -> c.address().value()).setHeader(getTranslation("messaging.consent.address")).setAutoWidth(true);
        grid.addColumn(c -> getTranslation("messaging.consent.state." + c.state().name().toLowerCase(java.util.Locale.ROOT)))
                .setHeader(getTranslation("messaging.consent.state"));
        grid.addColumn(c -> c.at().toString()).setHeader(getTranslation("messaging.consent.at")).setAutoWidth(true);
        grid.addColumn(Consents.Consent::source).setHeader(getTranslation("messaging.consent.source"));
        grid.setAllRowsVisible(true);
        none.setText(getTranslation("messaging.consent.none"));
        setPadding(false);
        add(none, grid, actions());
        refresh();
    }

    private HorizontalLayout actions() {
        HorizontalLayout row = new HorizontalLayout();
        if (!writer) {
            return row;
        }
        for (var channel : messaging.channels()) {
            Button grant = new Button(getTranslation("messaging.consent.grant", channel.name()), e -> put(channel.name(), true));
            grant.addClassName("consent-grant");
            grant.getElement().setAttribute("data-channel", channel.name());
            grant.addThemeVariants(ButtonVariant.LUMO_SMALL);
            Button withdraw = new Button(getTranslation("messaging.consent.withdraw", channel.name()), e -> put(channel.name(), false));
            withdraw.addClassName("consent-withdraw");
            withdraw.getElement().setAttribute("data-channel", channel.name());
            withdraw.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
            row.add(grant, withdraw);
        }
        row.setWrap(true);
        return row;
    }

    private void put(String channel, boolean granted) {
        try {
            messaging.putConsent(customerId, channel, granted);
            Notices.success(getTranslation(granted ? "messaging.consent.granted" : "messaging.consent.withdrawn", channel));
            refresh();
        } catch (QuanyuException e) {
            Notices.refused(e);
        }
    }

    private void refresh() {
        List<Consents.Consent> consents = messaging.consents(customerId);
        grid.setItems(consents);
        grid.setVisible(!consents.isEmpty());
        none.setVisible(consents.isEmpty());
    }
}

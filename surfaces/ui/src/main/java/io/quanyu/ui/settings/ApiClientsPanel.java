package io.quanyu.ui.settings;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.identity.ApiClient;
import io.quanyu.ui.access.SettingsWorkspace;
import io.quanyu.ui.shell.Notices;

import java.util.Comparator;
import java.util.function.Consumer;

/** The tenant's API clients (client credentials): add, regenerate the secret, enable or disable, delete. */
final class ApiClientsPanel extends VerticalLayout {
    private final SettingsWorkspace settings;
    private final Grid<ApiClient> grid = new Grid<>();

    ApiClientsPanel(SettingsWorkspace settings) {
        this.settings = settings;
        Button create = new Button(getTranslation("settings.clients.new"),
                e -> new ApiClientForm(settings, this::refresh).open());
        create.setId("new-client");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        grid.setId("api-clients");
        grid.addColumn(ApiClient::clientId).setHeader(getTranslation("settings.clients.clientId")).setAutoWidth(true);
        grid.addColumn(ApiClient::name).setHeader(getTranslation("settings.clients.name")).setAutoWidth(true);
        grid.addColumn(ApiClient::description).setHeader(getTranslation("settings.clients.description"));
        grid.addComponentColumn(this::status).setHeader(getTranslation("settings.users.status")).setAutoWidth(true);
        grid.addColumn(c -> Roles.labels(c.roles())).setHeader(getTranslation("settings.users.roles")).setAutoWidth(true);
        grid.addComponentColumn(this::actions).setAutoWidth(true).setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setAllRowsVisible(true);
        add(new Paragraph(getTranslation("settings.clients.intro")), create, grid);
        setPadding(false);
        refresh();
    }

    void refresh() {
        grid.setItems(settings.apiClients().stream().sorted(Comparator.comparing(ApiClient::clientId)).toList());
    }

    private Span status(ApiClient client) {
        Span status = new Span(getTranslation(client.enabled() ? "settings.users.enabled" : "settings.users.disabled"));
        status.getElement().getThemeList().add(client.enabled() ? "badge success" : "badge contrast");
        return status;
    }

    private HorizontalLayout actions(ApiClient client) {
        Button regenerate = action("client-regenerate-", client, "settings.clients.regenerate",
                () -> confirm(client, "settings.clients.regenerateTitle", "settings.clients.regenerateText",
                        "settings.clients.regenerate", this::regenerate));
        Button toggle = action("client-toggle-", client,
                client.enabled() ? "settings.users.disable" : "settings.users.enable", () -> toggle(client));
        Button delete = action("client-delete-", client, "settings.users.delete",
                () -> confirm(client, "settings.clients.deleteTitle", "settings.clients.deleteText",
                        "settings.users.delete", this::delete));
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        return new HorizontalLayout(regenerate, toggle, delete);
    }

    private Button action(String idPrefix, ApiClient client, String label, Runnable run) {
        Button button = new Button(getTranslation(label), e -> run.run());
        button.setId(idPrefix + client.clientId());
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        return button;
    }

    private void confirm(ApiClient client, String title, String text, String confirmLabel, Consumer<ApiClient> then) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("confirm-client");
        confirm.setHeader(getTranslation(title, client.clientId()));
        confirm.setText(getTranslation(text));
        confirm.setCancelable(true);
        confirm.setCancelText(getTranslation("settings.cancel"));
        confirm.setConfirmText(getTranslation(confirmLabel));
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(e -> attempt(() -> then.accept(client)));
        confirm.open();
    }

    private void regenerate(ApiClient client) {
        new SecretDialog(settings.regenerateSecret(client.id())).open();
    }

    private void toggle(ApiClient client) {
        attempt(() -> {
            settings.setApiClientEnabled(client.id(), !client.enabled());
            Notices.success(getTranslation(client.enabled() ? "settings.users.disabledNotice"
                    : "settings.users.enabledNotice", client.clientId()));
        });
    }

    private void delete(ApiClient client) {
        settings.deleteApiClient(client.id());
        Notices.success(getTranslation("settings.users.deleted", client.clientId()));
    }

    private void attempt(Runnable call) {
        try {
            call.run();
        } catch (QuanyuException e) {
            SettingsNotices.refused(e);
        }
        refresh();
    }
}

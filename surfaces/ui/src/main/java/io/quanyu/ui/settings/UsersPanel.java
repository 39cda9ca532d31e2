package io.quanyu.ui.settings;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.identity.TenantUser;
import io.quanyu.ui.access.SettingsWorkspace;
import io.quanyu.ui.shell.Notices;

import java.util.Comparator;
import java.util.stream.Stream;

/** The tenant's users with their roles; add, change roles, enable or disable, reset the password, delete. */
final class UsersPanel extends VerticalLayout {
    private final SettingsWorkspace settings;
    private final Grid<TenantUser> grid = new Grid<>();

    UsersPanel(SettingsWorkspace settings) {
        this.settings = settings;
        Button create = new Button(getTranslation("settings.users.new"), e -> new UserForm(settings, this::refresh).open());
        create.setId("new-user");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        grid.setId("users");
        grid.addColumn(TenantUser::username).setHeader(getTranslation("settings.users.username")).setAutoWidth(true);
        grid.addColumn(TenantUser::email).setHeader(getTranslation("settings.users.email")).setAutoWidth(true);
        grid.addColumn(UsersPanel::name).setHeader(getTranslation("settings.users.name")).setAutoWidth(true);
        grid.addComponentColumn(this::status).setHeader(getTranslation("settings.users.status")).setAutoWidth(true);
        grid.addColumn(u -> Roles.labels(u.roles())).setHeader(getTranslation("settings.users.roles")).setAutoWidth(true);
        grid.addComponentColumn(this::actions).setAutoWidth(true).setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setAllRowsVisible(true);
        add(create, grid);
        setPadding(false);
        refresh();
    }

    void refresh() {
        grid.setItems(settings.users().stream().sorted(Comparator.comparing(TenantUser::username)).toList());
    }

    private static String name(TenantUser u) {
        return String.join(" ", Stream.of(u.firstName(), u.lastName()).filter(s -> s != null && !s.isBlank()).toList());
    }

    private Span status(TenantUser user) {
        Span status = new Span(getTranslation(user.enabled() ? "settings.users.enabled" : "settings.users.disabled"));
        status.getElement().getThemeList().add(user.enabled() ? "badge success" : "badge contrast");
        return status;
    }

    private HorizontalLayout actions(TenantUser user) {
        boolean self = user.id().equals(settings.self());
        HorizontalLayout actions = new HorizontalLayout();
        actions.add(action("user-roles-", user, "settings.users.changeRoles",
                () -> new RolesDialog(settings, user, self, this::refresh).open()));
        if (!self) {
            // an admin changes their own password in their Keycloak account, not by ending their own session here
            actions.add(action("user-reset-", user, "settings.users.resetPassword",
                    () -> new PasswordDialog(settings, user).open()));
            actions.add(action("user-toggle-", user, user.enabled() ? "settings.users.disable" : "settings.users.enable",
                    () -> toggle(user)));
            Button delete = action("user-delete-", user, "settings.users.delete", () -> confirmDelete(user));
            delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
            actions.add(delete);
        }
        return actions;
    }

    private Button action(String idPrefix, TenantUser user, String label, Runnable run) {
        Button button = new Button(getTranslation(label), e -> run.run());
        button.setId(idPrefix + user.username());
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        return button;
    }

    private void toggle(TenantUser user) {
        try {
            settings.setUserEnabled(user.id(), !user.enabled());
            Notices.success(getTranslation(user.enabled() ? "settings.users.disabledNotice" : "settings.users.enabledNotice",
                    user.username()));
            refresh();
        } catch (QuanyuException e) {
            SettingsNotices.refused(e);
        }
    }

    private void confirmDelete(TenantUser user) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("confirm-delete-user");
        confirm.setHeader(getTranslation("settings.users.deleteTitle", user.username()));
        confirm.setText(getTranslation("settings.users.deleteText"));
        confirm.setCancelable(true);
        confirm.setCancelText(getTranslation("settings.cancel"));
        confirm.setConfirmText(getTranslation("settings.users.delete"));
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(e -> {
            try {
                settings.deleteUser(user.id());
                Notices.success(getTranslation("settings.users.deleted", user.username()));
                refresh();
            } catch (QuanyuException ex) {
                SettingsNotices.refused(ex);
            }
        });
        confirm.open();
    }
}

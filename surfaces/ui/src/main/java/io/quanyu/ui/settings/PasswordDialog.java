package io.quanyu.ui.settings;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.identity.TenantUser;
import io.quanyu.ui.access.SettingsWorkspace;
import io.quanyu.ui.shell.Notices;

/** Gives a user a new temporary password (generated, editable); their sessions end and they must choose a new one. */
final class PasswordDialog extends Dialog {

    PasswordDialog(SettingsWorkspace settings, TenantUser user) {
        setHeaderTitle(getTranslation("settings.users.resetTitle", user.username()));
        TextField password = new TextField(getTranslation("settings.users.temporaryPassword"));
        password.setId("reset-password");
        password.setValue(Passwords.temporary());
        password.setWidthFull();
        FieldErrors errors = new FieldErrors().put("/temporaryPassword", password);
        add(new Paragraph(getTranslation("settings.users.resetText")), password);
        Button save = new Button(getTranslation("settings.users.resetPassword"), e -> {
            errors.clear();
            try {
                settings.resetPassword(user.id(), password.getValue());
                Notices.success(getTranslation("settings.users.passwordReset", user.username()));
                close();
            } catch (QuanyuException ex) {
                errors.show(ex);
            }
        });
        save.setId("save-password");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(new Button(getTranslation("settings.cancel"), e -> close()), save);
        setWidth("30em");
    }
}

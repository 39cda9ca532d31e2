package io.quanyu.ui.settings;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.TextField;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.identity.NewTenantUser;
import io.quanyu.core.tenant.Role;
import io.quanyu.ui.access.SettingsWorkspace;
import io.quanyu.ui.shell.Notices;

import java.util.Set;

/**
 * Adds a user to the tenant: username, e-mail, names, roles and a temporary password (generated, editable) that the
 * admin passes on and the user must change at the first sign-in.
 */
final class UserForm extends Dialog {
    private final SettingsWorkspace settings;
    private final Runnable saved;
    private final TextField username = field("user-username", "settings.users.username");
    private final EmailField email = new EmailField(getTranslation("settings.users.email"));
    private final TextField firstName = field("user-first-name", "settings.users.firstName");
    private final TextField lastName = field("user-last-name", "settings.users.lastName");
    private final CheckboxGroup<Role> roles;
    private final TextField password = field("user-password", "settings.users.temporaryPassword");
    private final FieldErrors errors = new FieldErrors();

    UserForm(SettingsWorkspace settings, Runnable saved) {
        this.settings = settings;
        this.saved = saved;
        setHeaderTitle(getTranslation("settings.users.newTitle"));
        email.setId("user-email");
        roles = Roles.picker("user-roles", getTranslation("settings.users.roles"), SettingsWorkspace.USER_ROLES);
        roles.setValue(Set.of(Role.VIEWER));
        username.setRequiredIndicatorVisible(true);
        username.setHelperText(getTranslation("settings.users.usernameHelp"));
        email.setRequiredIndicatorVisible(true);
        password.setValue(Passwords.temporary());
        password.setRequiredIndicatorVisible(true);
        password.setHelperText(getTranslation("settings.users.temporaryPasswordHelp"));
        errors.put("/username", username).put("/email", email).put("/firstName", firstName)
                .put("/lastName", lastName).put("/roles", roles).put("/temporaryPassword", password);
        FormLayout form = new FormLayout(username, email, firstName, lastName, roles, password);
        form.setId("user-form");
        form.setColspan(roles, 2);
        add(form);
        Button save = new Button(getTranslation("settings.users.create"), e -> submit());
        save.setId("save-user");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button(getTranslation("settings.cancel"), e -> close());
        cancel.setId("cancel-user");
        getFooter().add(cancel, save);
        setWidth("44em");
    }

    private TextField field(String id, String label) {
        TextField field = new TextField(getTranslation(label));
        field.setId(id);
        return field;
    }

    private void submit() {
        errors.clear();
        var user = new NewTenantUser(username.getValue().strip(), email.getValue().strip(), blankToNull(firstName),
                blankToNull(lastName), roles.getValue(), password.getValue());
        try {
            settings.createUser(user);
            Notices.success(getTranslation("settings.users.created", user.username()));
            close();
            saved.run();
        } catch (QuanyuException e) {
            errors.show(e);
        }
    }

    private static String blankToNull(TextField field) {
        String value = field.getValue().strip();
        return value.isEmpty() ? null : value;
    }
}

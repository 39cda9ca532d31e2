package io.quanyu.ui.settings;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.identity.NewApiClient;
import io.quanyu.core.tenant.Role;
import io.quanyu.ui.access.SettingsWorkspace;

import java.util.Set;

/** Adds an API client (name, description, roles); on success its secret is shown once. */
final class ApiClientForm extends Dialog {

    ApiClientForm(SettingsWorkspace settings, Runnable saved) {
        setHeaderTitle(getTranslation("settings.clients.newTitle"));
        TextField name = new TextField(getTranslation("settings.clients.name"));
        name.setId("client-name");
        name.setRequiredIndicatorVisible(true);
        name.setHelperText(getTranslation("settings.clients.nameHelp"));
        TextArea description = new TextArea(getTranslation("settings.clients.description"));
        description.setId("client-description");
        CheckboxGroup<Role> roles = Roles.picker("client-roles", getTranslation("settings.users.roles"),
                SettingsWorkspace.CLIENT_ROLES);
        roles.setValue(Set.of(Role.INTEGRATOR));
        FieldErrors errors = new FieldErrors().put("/name", name).put("/description", description).put("/roles", roles);
        FormLayout form = new FormLayout(name, description, roles);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        add(form);
        Button save = new Button(getTranslation("settings.clients.create"), e -> {
            errors.clear();
            try {
                String text = description.getValue().strip();
                var secret = settings.createApiClient(new NewApiClient(name.getValue().strip(),
                        text.isEmpty() ? null : text, roles.getValue()));
                close();
                saved.run();
                new SecretDialog(secret).open();
            } catch (QuanyuException ex) {
                errors.show(ex);
            }
        });
        save.setId("save-client");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(new Button(getTranslation("settings.cancel"), e -> close()), save);
        setWidth("32em");
    }
}

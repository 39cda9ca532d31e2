package io.quanyu.ui.settings;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.identity.TenantUser;
import io.quanyu.core.tenant.Role;
import io.quanyu.ui.access.SettingsWorkspace;
import io.quanyu.ui.shell.Notices;

/** Changes a user's tenant roles; an admin's own tenant-admin role cannot be unticked. */
final class RolesDialog extends Dialog {

    RolesDialog(SettingsWorkspace settings, TenantUser user, boolean self, Runnable saved) {
        setHeaderTitle(getTranslation("settings.users.rolesTitle", user.username()));
        CheckboxGroup<Role> roles = Roles.picker("roles-edit", getTranslation("settings.users.roles"),
                SettingsWorkspace.USER_ROLES);
        roles.setValue(user.roles().stream().filter(SettingsWorkspace.USER_ROLES::contains)
                .collect(java.util.stream.Collectors.toSet()));
        if (self) {
            roles.setItemEnabledProvider(r -> r != Role.TENANT_ADMIN);
            roles.setHelperText(getTranslation("settings.users.ownAdminRole"));
        }
        FieldErrors errors = new FieldErrors().put("/roles", roles);
        add(roles);
        Button save = new Button(getTranslation("settings.save"), e -> {
            errors.clear();
            try {
                settings.changeRoles(user.id(), roles.getValue());
                Notices.success(getTranslation("settings.users.rolesChanged", user.username()));
                close();
                saved.run();
            } catch (QuanyuException ex) {
                errors.show(ex);
            }
        });
        save.setId("save-roles");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(new Button(getTranslation("settings.cancel"), e -> close()), save);
    }
}

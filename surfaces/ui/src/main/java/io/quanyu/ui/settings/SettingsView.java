package io.quanyu.ui.settings;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.ui.access.SettingsWorkspace;
import io.quanyu.ui.shell.MainLayout;
import io.quanyu.ui.shell.MenuAccess;

/**
 * Tenant settings for tenant admins: users and roles, API clients for integrators, quota usage. Anyone else sees a
 * refusal and no control (and {@link SettingsWorkspace} refuses every call anyway).
 */
@Route(value = "settings", layout = MainLayout.class)
@Menu(title = "settings.nav", order = 60)
@MenuAccess(TenantAccess.ADMINISTER)
public class SettingsView extends VerticalLayout implements HasDynamicTitle {

    public SettingsView(SettingsWorkspace settings) {
        add(new H2(getTranslation("settings.title")));
        if (!settings.canAdminister()) {
            Paragraph refused = new Paragraph(getTranslation("settings.refused"));
            refused.setId("settings-refused");
            add(refused);
            return;
        }
        TabSheet tabs = new TabSheet();
        tabs.setId("settings-tabs");
        tabs.add(getTranslation("settings.tab.users"), new UsersPanel(settings)).setId("tab-users");
        tabs.add(getTranslation("settings.tab.clients"), new ApiClientsPanel(settings)).setId("tab-clients");
        tabs.add(getTranslation("settings.tab.quotas"), new QuotaPanel(settings)).setId("tab-quotas");
        tabs.setWidthFull();
        add(tabs);
        setWidthFull();
    }

    @Override
    public String getPageTitle() {
        return getTranslation("settings.title");
    }
}

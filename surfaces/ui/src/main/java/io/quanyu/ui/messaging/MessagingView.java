package io.quanyu.ui.messaging;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.ui.access.CustomerWorkspace;
import io.quanyu.ui.access.MessagingWorkspace;
import io.quanyu.ui.shell.MainLayout;
import io.quanyu.ui.shell.MenuAccess;

/**
 * Messaging: the tenant's message templates (written, previewed for a customer and sent), the delivery log, and the
 * rules for marketing messages (quiet hours, frequency cap, opt-in channels). Every send goes through the platform's
 * delivery service, as journeys' and plugins' do.
 */
@Route(value = "messaging", layout = MainLayout.class)
@Menu(title = "messaging.nav", order = 45)
@MenuAccess(TenantAccess.READ)
public class MessagingView extends VerticalLayout implements HasDynamicTitle {

    public MessagingView(MessagingWorkspace messaging, CustomerWorkspace customers) {
        add(new H2(getTranslation("messaging.title")));
        TabSheet tabs = new TabSheet();
        tabs.setId("messaging-tabs");
        DeliveriesPanel deliveries = new DeliveriesPanel(messaging);
        tabs.add(getTranslation("messaging.tab.templates"), new TemplatesPanel(messaging, new CustomerPicker(customers),
                deliveries::refresh)).setId("tab-templates");
        tabs.add(getTranslation("messaging.tab.deliveries"), deliveries).setId("tab-deliveries");
        tabs.add(getTranslation("messaging.tab.settings"), new MessagingSettingsPanel(messaging)).setId("tab-messaging-settings");
        tabs.setWidthFull();
        add(tabs);
        setWidthFull();
    }

    @Override
    public String getPageTitle() {
        return getTranslation("messaging.title");
    }
}

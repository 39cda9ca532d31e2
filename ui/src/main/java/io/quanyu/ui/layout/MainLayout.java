package io.quanyu.ui.layout;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.server.VaadinSession;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.ui.access.TenantSettings;
import io.quanyu.ui.access.TenantWorkspace;
import io.quanyu.ui.i18n.Languages;
import io.quanyu.ui.objects.ObjectsView;
import io.quanyu.ui.records.RecordsView;
import io.quanyu.ui.settings.SettingsView;

import java.util.Locale;

/** The builder's frame: title, tenant and user, language switch, logout, and the navigation (Objects, Records). */
public class MainLayout extends AppLayout {

    public MainLayout(TenantWorkspace workspace) {
        TenantContext user = workspace.user();
        H1 title = new H1(getTranslation("app.title"));
        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");
        Span tenant = new Span(getTranslation("header.tenant", user.tenant().value()));
        tenant.setId("header-tenant");
        Span name = new Span(user.username());
        name.setId("header-user");
        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), title, tenant, name);
        if (!workspace.canWriteData()) {
            Span readOnly = new Span(getTranslation("role.readOnly"));
            readOnly.getElement().getThemeList().add("badge contrast");
            header.add(readOnly);
        }
        header.add(languageSwitch(), logout());
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        header.setWidthFull();
        header.getStyle().set("padding", "0 var(--lumo-space-m)");
        addToNavbar(header);
        addToDrawer(navigation(workspace));
    }

    private SideNav navigation(TenantWorkspace workspace) {
        SideNav nav = new SideNav();
        nav.setId("nav");
        nav.addItem(new SideNavItem(getTranslation("nav.objects"), ObjectsView.class));
        nav.addItem(new SideNavItem(getTranslation("nav.records"), RecordsView.class));
        if (TenantSettings.mayAdminister(workspace.user())) {
            nav.addItem(new SideNavItem(getTranslation("settings.nav"), SettingsView.class));
        }
        return nav;
    }

    private Select<Locale> languageSwitch() {
        Select<Locale> language = new Select<>();
        language.setId("language");
        language.setItems(Languages.SUPPORTED);
        language.setItemLabelGenerator(l -> getTranslation(Languages.CHINESE.equals(l) ? "language.zh" : "language.en"));
        language.setValue(Languages.current());
        language.setAriaLabel(getTranslation("header.language"));
        language.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                Languages.choose(e.getValue());
                UI.getCurrent().getPage().reload();
            }
        });
        language.getStyle().set("margin-left", "auto").set("width", "8em");
        return language;
    }

    /** Ends the builder's session (the HTTP session holds the login) and goes back to the start page. */
    private Button logout() {
        Button logout = new Button(getTranslation("header.logout"), e -> {
            UI.getCurrent().getPage().setLocation("/builder/");
            VaadinSession.getCurrent().getSession().invalidate();
        });
        logout.setId("logout");
        return logout;
    }
}

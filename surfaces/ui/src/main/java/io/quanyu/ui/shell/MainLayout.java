package io.quanyu.ui.shell;

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
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.ui.access.PluginPage;
import io.quanyu.ui.access.PluginWorkspace;
import io.quanyu.ui.access.SignOut;
import io.quanyu.ui.access.TenantWorkspace;
import io.quanyu.ui.i18n.Languages;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The builder's frame: title, tenant and user, language switch, logout, and the navigation. The navigation lists the
 * views that declare themselves with {@link com.vaadin.flow.router.Menu @Menu} (title as a translation key, order)
 * and that the user may see ({@link MenuAccess}); a view whose path extends another entry's path is nested under it.
 * Then come the pages the tenant's enabled plugins declare in their manifests (drawn by {@code PluginPageView}).
 * So the frame names no view, and each view names the frame it opens in.
 */
public class MainLayout extends AppLayout {

    private final SignOut signOut;

    public MainLayout(TenantWorkspace workspace, PluginWorkspace plugins, SignOut signOut) {
        this.signOut = signOut;
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
        SideNav nav = navigation(user);
        pluginPages(nav, plugins);
        addToDrawer(nav);
    }

    private SideNav navigation(TenantContext user) {
        SideNav nav = new SideNav();
        nav.setId("nav");
        Map<String, SideNavItem> byPath = new HashMap<>();
        for (MenuEntry entry : MenuConfiguration.getMenuEntries()) {
            if (entry.menuClass() == null || !shown(entry, user)) {
                continue;
            }
            String path = trimmed(entry.path());
            SideNavItem item = new SideNavItem(getTranslation(entry.title()), entry.menuClass());
            SideNavItem parent = byPath.get(parentPath(path));
            if (parent == null) {
                nav.addItem(item);
            } else {
                parent.addItem(item);
                parent.setExpanded(true);
            }
            byPath.put(path, item);
        }
        return nav;
    }

    /** An entry per page the tenant's enabled plugins declare, after the builder's own; the frame names none. */
    private static void pluginPages(SideNav nav, PluginWorkspace plugins) {
        for (PluginPage page : plugins.pages()) {
            SideNavItem item = new SideNavItem(Languages.label(page.spec().title()), page.path());
            item.addClassName("plugin-page-nav");
            item.getElement().setAttribute("data-plugin", page.pluginId());
            nav.addItem(item);
        }
    }

    private static boolean shown(MenuEntry entry, TenantContext user) {
        MenuAccess access = entry.menuClass().getAnnotation(MenuAccess.class);
        return access == null || access.value().allows(user);
    }

    /** The path without leading and trailing slashes ({@code /plugins/marketplace} gives {@code plugins/marketplace}). */
    static String trimmed(String path) {
        return path.replaceAll("^/+|/+$", "");
    }

    /** The path one level up ({@code plugins} for {@code plugins/marketplace}), or null at the top. */
    static String parentPath(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? null : path.substring(0, slash);
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

    /**
     * Ends the builder's session (the HTTP session holds the login) and the login at Keycloak, which then sends the
     * browser back to the builder's start page, where a new login is asked for.
     */
    private Button logout() {
        Button logout = new Button(getTranslation("header.logout"), e -> {
            var request = VaadinServletRequest.getCurrent();
            String start = origin(request) + "/builder/";
            UI.getCurrent().getPage().setLocation(signOut.endSessionUrl(start));
            VaadinSession.getCurrent().getSession().invalidate();
        });
        logout.setId("logout");
        return logout;
    }

    /** {@code scheme://host[:port]} of the page the user sees (the builder is served from the server's root). */
    private static String origin(VaadinServletRequest request) {
        var http = request.getHttpServletRequest();
        int port = http.getServerPort();
        boolean standard = ("http".equals(http.getScheme()) && port == 80) || ("https".equals(http.getScheme()) && port == 443);
        return http.getScheme() + "://" + http.getServerName() + (standard ? "" : ":" + port);
    }
}

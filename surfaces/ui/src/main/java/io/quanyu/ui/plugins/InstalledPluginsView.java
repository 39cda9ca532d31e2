package io.quanyu.ui.plugins;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.ui.access.InstalledPlugin;
import io.quanyu.ui.access.PluginWorkspace;
import io.quanyu.ui.shell.MainLayout;
import io.quanyu.ui.shell.Notices;

import java.util.function.Supplier;

/**
 * The tenant's installed plugins: name, id, version, status and last change. Tenant admins open the settings, enable
 * or disable, upgrade (or, confirmed, downgrade) and uninstall (confirmed); everyone else only reads.
 */
@Route(value = "plugins", layout = MainLayout.class)
@Menu(title = "nav.plugins", order = 50)
public class InstalledPluginsView extends VerticalLayout implements HasDynamicTitle {
    private final PluginWorkspace workspace;
    private final Grid<InstalledPlugin> grid = new Grid<>();

    public InstalledPluginsView(PluginWorkspace workspace) {
        this.workspace = workspace;
        Button marketplace = new Button(getTranslation("plugins.openMarketplace"),
                e -> getUI().ifPresent(ui -> ui.navigate(MarketplaceView.class)));
        marketplace.setId("open-marketplace");
        HorizontalLayout bar = new HorizontalLayout(new H2(getTranslation("plugins.installed.title")), marketplace);
        bar.setAlignItems(Alignment.BASELINE);
        add(bar, grid());
        refresh();
        setSizeFull();
    }

    private Grid<InstalledPlugin> grid() {
        grid.setId("installed-plugins");
        grid.addColumn(p -> PluginTexts.text(p.name())).setHeader(getTranslation("plugins.name")).setAutoWidth(true);
        grid.addColumn(InstalledPlugin::pluginId).setHeader(getTranslation("plugins.id")).setAutoWidth(true);
        grid.addComponentColumn(p -> withId(new Span(p.version()), "version-" + p.pluginId()))
                .setHeader(getTranslation("plugins.version")).setAutoWidth(true);
        grid.addComponentColumn(p -> withId(PluginTexts.status(p), "status-" + p.pluginId()))
                .setHeader(getTranslation("plugins.status")).setAutoWidth(true);
        // flexes (and wraps) rather than widening the grid past the page, so every row's actions stay in view
        grid.addColumn(p -> PluginTexts.date(p.updatedAt()) + " · " + p.updatedBy())
                .setHeader(getTranslation("plugins.updated")).setWidth("10em").setFlexGrow(1);
        if (workspace.canManage()) {
            grid.addComponentColumn(this::actions).setHeader(getTranslation("plugins.actions")).setAutoWidth(true);
        }
        grid.setEmptyStateText(getTranslation("plugins.installed.none"));
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setSizeFull();
        return grid;
    }

    private static Span withId(Span span, String id) {
        span.setId(id);
        return span;
    }

    private void refresh() {
        grid.setItems(workspace.installed());
    }

    private HorizontalLayout actions(InstalledPlugin plugin) {
        String id = plugin.pluginId();
        Button settings = small("plugins.settings", "settings-" + id, () -> openSettings(id));
        Button toggle = plugin.enabled() ? small("plugins.disable", "disable-" + id, () -> disable(plugin))
                : small("plugins.enable", "enable-" + id, () -> enable(plugin));
        Button upgrade = small("plugins.upgrade", "upgrade-" + id,
                () -> new UpgradeDialog(workspace, plugin, this::refresh).open());
        Button uninstall = small("plugins.uninstall", "uninstall-" + id, () -> confirmUninstall(plugin));
        uninstall.addThemeVariants(ButtonVariant.LUMO_ERROR);
        return new HorizontalLayout(settings, toggle, upgrade, uninstall);
    }

    private Button small(String key, String id, Runnable action) {
        Button button = new Button(getTranslation(key), e -> action.run());
        button.setId(id);
        button.addThemeVariants(ButtonVariant.LUMO_SMALL);
        return button;
    }

    private void openSettings(String pluginId) {
        getUI().ifPresent(ui -> ui.navigate(PluginSettingsView.class, new RouteParameters("plugin", pluginId)));
    }

    /** Enables with the stored settings; when they are incomplete, the settings form is where to complete them. */
    private void enable(InstalledPlugin plugin) {
        try {
            workspace.enable(plugin.pluginId(), java.util.Map.of());
            done("plugins.enabled", plugin);
        } catch (QuanyuException e) {
            Notices.refused(e);
            if (e.code() == ErrorCode.PLUGIN_SETTINGS_INVALID) {
                openSettings(plugin.pluginId());
            }
        }
    }

    private void disable(InstalledPlugin plugin) {
        change(() -> workspace.disable(plugin.pluginId()), "plugins.disabled", plugin);
    }

    private void confirmUninstall(InstalledPlugin plugin) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("uninstall-dialog");
        confirm.setHeader(getTranslation("plugins.uninstallConfirm", PluginTexts.text(plugin.name())));
        confirm.setText(getTranslation("plugins.uninstallKeeps"));
        confirm.setCancelable(true);
        confirm.setCancelText(getTranslation("plugins.cancel"));
        confirm.setConfirmText(getTranslation("plugins.uninstall"));
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(e -> change(() -> {
            workspace.uninstall(plugin.pluginId());
            return plugin;
        }, "plugins.uninstalled", plugin));
        confirm.open();
    }

    private void change(Supplier<InstalledPlugin> action, String doneKey, InstalledPlugin plugin) {
        try {
            action.get();
            done(doneKey, plugin);
        } catch (QuanyuException e) {
            Notices.refused(e);
        }
    }

    private void done(String key, InstalledPlugin plugin) {
        Notices.success(getTranslation(key, PluginTexts.text(plugin.name())));
        refresh();
    }

    @Override
    public String getPageTitle() {
        return getTranslation("plugins.installed.title");
    }
}

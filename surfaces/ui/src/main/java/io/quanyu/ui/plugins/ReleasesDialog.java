package io.quanyu.ui.plugins;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.marketplace.PluginListing;
import io.quanyu.marketplace.Release;
import io.quanyu.ui.access.MarketplaceEntry;
import io.quanyu.ui.access.PluginWorkspace;
import io.quanyu.ui.shell.Notices;
import org.jspecify.annotations.Nullable;

/**
 * A marketplace plugin's detail: description, publisher and every release (SDK range, whether it runs here, when it
 * was published, yanked or not). A tenant admin whose tenant lacks the plugin installs the newest compatible release
 * or a chosen one.
 */
final class ReleasesDialog extends Dialog {
    private final PluginWorkspace workspace;
    private final PluginListing listing;
    private final boolean installable;
    private final Runnable installed;

    ReleasesDialog(PluginWorkspace workspace, MarketplaceEntry entry, @Nullable String installedVersion, Runnable installed) {
        this.workspace = workspace;
        this.listing = entry.listing();
        this.installable = installedVersion == null && workspace.canManage();
        this.installed = installed;
        setId("plugin-detail");
        setHeaderTitle(PluginTexts.text(listing.name()));
        Span about = new Span(PluginTexts.text(listing.description()));
        Span facts = new Span(getTranslation("plugins.detail.facts", listing.id(), listing.provider()));
        facts.getStyle().set("color", "var(--lumo-secondary-text-color)");
        VerticalLayout body = new VerticalLayout(about, facts, releases());
        body.setPadding(false);
        if (installedVersion != null) {
            Span has = new Span(getTranslation("plugins.detail.installed", installedVersion));
            has.setId("detail-installed");
            body.add(has);
        }
        add(body);
        footer(entry);
        setWidth("56em");
    }

    private Grid<Release> releases() {
        Grid<Release> grid = new Grid<>();
        grid.setId("releases");
        grid.addColumn(Release::version).setHeader(getTranslation("plugins.version")).setAutoWidth(true);
        grid.addColumn(Release::requires).setHeader(getTranslation("plugins.requires")).setAutoWidth(true);
        grid.addComponentColumn(this::state).setHeader(getTranslation("plugins.compatible")).setAutoWidth(true);
        grid.addColumn(r -> PluginTexts.date(r.publishedAt())).setHeader(getTranslation("plugins.published")).setAutoWidth(true);
        if (installable) {
            grid.addComponentColumn(this::installButton).setAutoWidth(true);
        }
        grid.setItems(workspace.releases(listing.id()));
        grid.setAllRowsVisible(true);
        return grid;
    }

    private Span state(Release release) {
        if (release.yanked()) {
            return PluginTexts.badge(getTranslation("plugins.yanked"), "contrast");
        }
        return PluginWorkspace.compatible(release) ? PluginTexts.badge(getTranslation("plugins.compatible.yes"), "success")
                : PluginTexts.badge(getTranslation("plugins.compatible.no"), "error");
    }

    private Component installButton(Release release) {
        if (release.yanked() || !PluginWorkspace.compatible(release)) {
            return new Span();
        }
        Button install = new Button(getTranslation("plugins.install"), e -> install(release.version()));
        install.setId("install-" + release.version().replaceAll("[^A-Za-z0-9]", "-"));
        install.addThemeVariants(ButtonVariant.LUMO_SMALL);
        return install;
    }

    private void footer(MarketplaceEntry entry) {
        Button close = new Button(getTranslation("plugins.close"), e -> close());
        close.setId("close-detail");
        getFooter().add(close);
        if (installable && entry.newestCompatible() != null) {
            Button newest = new Button(getTranslation("plugins.installNewest", entry.newestCompatible()),
                    e -> install(null));
            newest.setId("install-newest");
            newest.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            getFooter().add(newest);
        }
    }

    private void install(@Nullable String version) {
        try {
            var plugin = workspace.install(listing.id(), version);
            Notices.success(getTranslation("plugins.installedNotice", PluginTexts.text(plugin.name()), plugin.version()));
            close();
            installed.run();
        } catch (QuanyuException e) {
            Notices.refused(e);
        }
    }
}

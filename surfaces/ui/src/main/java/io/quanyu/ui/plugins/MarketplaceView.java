package io.quanyu.ui.plugins;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import io.quanyu.ui.access.InstalledPlugin;
import io.quanyu.ui.access.MarketplaceEntry;
import io.quanyu.ui.access.PluginWorkspace;
import io.quanyu.ui.shell.MainLayout;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The plugin marketplace: search by id, name or description (English or Chinese); each plugin with its name and
 * description in the user's language, publisher, newest version, whether it runs here and whether the tenant has
 * it. The detail lists the releases; tenant admins install from there.
 */
@Route(value = "plugins/marketplace", layout = MainLayout.class)
@Menu(title = "nav.marketplace", order = 51)
public class MarketplaceView extends VerticalLayout implements HasDynamicTitle {
    private final PluginWorkspace workspace;
    private final TextField search = new TextField();
    private final Grid<MarketplaceEntry> grid = new Grid<>();
    private final Span count = new Span();
    private Map<String, String> installed = Map.of();

    public MarketplaceView(PluginWorkspace workspace) {
        this.workspace = workspace;
        Button back = new Button(getTranslation("plugins.installed.title"),
                e -> getUI().ifPresent(ui -> ui.navigate(InstalledPluginsView.class)));
        back.setId("open-installed");
        HorizontalLayout bar = new HorizontalLayout(new H2(getTranslation("plugins.marketplace.title")), back);
        bar.setAlignItems(Alignment.BASELINE);
        add(bar, searchBar(), grid());
        refresh();
        setSizeFull();
    }

    private HorizontalLayout searchBar() {
        search.setId("marketplace-search");
        search.setAriaLabel(getTranslation("plugins.search"));
        search.setPlaceholder(getTranslation("plugins.search"));
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setClearButtonVisible(true);
        search.setWidth("24em");
        search.addValueChangeListener(e -> refresh());
        Button go = new Button(getTranslation("plugins.searchButton"), e -> refresh());
        go.setId("marketplace-search-button");
        count.setId("marketplace-count");
        HorizontalLayout bar = new HorizontalLayout(search, go, count);
        bar.setAlignItems(Alignment.BASELINE);
        return bar;
    }

    private Grid<MarketplaceEntry> grid() {
        grid.setId("marketplace");
        fixed(grid.addColumn(e -> PluginTexts.text(e.listing().name())), "plugins.name");
        grid.addColumn(e -> PluginTexts.text(e.listing().description())).setHeader(getTranslation("plugins.description"));
        fixed(grid.addColumn(e -> e.listing().provider()), "plugins.publisher");
        fixed(grid.addColumn(e -> e.listing().latestVersion()), "plugins.newest");
        fixed(grid.addComponentColumn(this::compatibility), "plugins.compatible");
        fixed(grid.addColumn(e -> installed.getOrDefault(e.listing().id(), "")), "plugins.installedVersion");
        grid.addComponentColumn(this::details).setAutoWidth(true).setFlexGrow(0);
        grid.setEmptyStateText(getTranslation("plugins.marketplace.none"));
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setSizeFull();
        return grid;
    }

    /** A column as wide as its content; the description takes the rest. */
    private void fixed(Grid.Column<MarketplaceEntry> column, String header) {
        column.setHeader(getTranslation(header)).setAutoWidth(true).setFlexGrow(0);
    }

    private void refresh() {
        installed = workspace.installed().stream()
                .collect(Collectors.toMap(InstalledPlugin::pluginId, InstalledPlugin::version));
        var found = workspace.catalogue(search.getValue());
        grid.setItems(found);
        count.setText(getTranslation("plugins.marketplace.count", found.size()));
    }

    /** Runs here; only an older release runs here; or nothing does. */
    private Span compatibility(MarketplaceEntry entry) {
        if (entry.newestIsCompatible()) {
            return PluginTexts.badge(getTranslation("plugins.compatible.yes"), "success");
        }
        return PluginTexts.badge(entry.newestCompatible() == null ? getTranslation("plugins.compatible.no")
                : getTranslation("plugins.compatible.older", entry.newestCompatible()), "error");
    }

    private Button details(MarketplaceEntry entry) {
        Button details = new Button(getTranslation("plugins.details"), e -> new ReleasesDialog(workspace, entry,
                installed.get(entry.listing().id()), this::installed).open());
        details.setId("details-" + entry.listing().id());
        details.addThemeVariants(ButtonVariant.LUMO_SMALL);
        return details;
    }

    private void installed() {
        getUI().ifPresent(ui -> ui.navigate(InstalledPluginsView.class));
    }

    @Override
    public String getPageTitle() {
        return getTranslation("plugins.marketplace.title");
    }
}

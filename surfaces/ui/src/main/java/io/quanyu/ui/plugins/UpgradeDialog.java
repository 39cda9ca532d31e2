package io.quanyu.ui.plugins;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.marketplace.Release;
import io.quanyu.plugin.sdk.Sdk;
import io.quanyu.ui.access.InstalledPlugin;
import io.quanyu.ui.access.PluginWorkspace;
import io.quanyu.ui.shell.Notices;

import java.util.List;

/**
 * Moves an installed plugin to another release: the releases that run here and were not yanked, newest first. An
 * older one needs the explicit "downgrade" confirmation, which is sent as the API's {@code force}. A refusal (say,
 * the stored settings do not fit the new release's schema) is shown in the dialog with every violation.
 */
final class UpgradeDialog extends Dialog {
    private final PluginWorkspace workspace;
    private final InstalledPlugin plugin;
    private final Runnable changed;
    private final Select<Release> version = new Select<>();
    private final Checkbox force = new Checkbox();
    private final Button confirm = new Button();
    private final Paragraph refusal = new Paragraph();

    UpgradeDialog(PluginWorkspace workspace, InstalledPlugin plugin, Runnable changed) {
        this.workspace = workspace;
        this.plugin = plugin;
        this.changed = changed;
        setId("upgrade-dialog");
        setHeaderTitle(getTranslation("plugins.upgradeTitle", PluginTexts.text(plugin.name()), plugin.version()));
        List<Release> choices = workspace.releases(plugin.pluginId()).stream()
                .filter(r -> !r.yanked() && PluginWorkspace.compatible(r) && !r.version().equals(plugin.version())).toList();
        version.setId("upgrade-version");
        version.setLabel(getTranslation("plugins.upgradeTo"));
        version.setItems(choices);
        version.setItemLabelGenerator(this::label);
        version.addValueChangeListener(e -> chosen());
        force.setId("upgrade-force");
        force.setLabel(getTranslation("plugins.downgradeForce"));
        force.setVisible(false);
        force.addValueChangeListener(e -> chosen());
        refusal.setId("upgrade-refusal");
        refusal.getStyle().set("color", "var(--lumo-error-text-color)");
        refusal.setVisible(false);
        VerticalLayout body = new VerticalLayout(version, force, refusal);
        if (choices.isEmpty()) {
            body.add(new Paragraph(getTranslation("plugins.upgradeNone")));
        }
        add(body);
        footer();
        choices.stream().filter(this::newer).findFirst().ifPresent(version::setValue);
    }

    private void footer() {
        confirm.setText(getTranslation("plugins.upgrade"));
        confirm.setId("upgrade-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        confirm.setEnabled(false);
        confirm.addClickListener(e -> upgrade());
        Button cancel = new Button(getTranslation("plugins.cancel"), e -> close());
        cancel.setId("upgrade-cancel");
        getFooter().add(cancel, confirm);
    }

    private boolean newer(Release release) {
        return Sdk.compareVersions(release.version(), plugin.version()) > 0;
    }

    private String label(Release release) {
        return getTranslation(newer(release) ? "plugins.versionNewer" : "plugins.versionOlder", release.version());
    }

    /** An older release needs the downgrade box ticked before the button is enabled. */
    private void chosen() {
        Release release = version.getValue();
        boolean older = release != null && !newer(release);
        force.setVisible(older);
        confirm.setText(getTranslation(older ? "plugins.downgrade" : "plugins.upgrade"));
        confirm.setEnabled(release != null && (!older || force.getValue()));
    }

    private void upgrade() {
        Release release = version.getValue();
        try {
            workspace.upgrade(plugin.pluginId(), release.version(), !newer(release) && force.getValue());
            Notices.success(getTranslation("plugins.upgraded", PluginTexts.text(plugin.name()), release.version()));
            close();
            changed.run();
        } catch (QuanyuException e) {
            refusal.setText(PluginTexts.refusal(e, e.violations()));
            refusal.setVisible(true);
        }
    }
}

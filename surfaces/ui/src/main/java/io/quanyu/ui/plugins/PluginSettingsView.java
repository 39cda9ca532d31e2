package io.quanyu.ui.plugins;

import io.quanyu.ui.forms.SchemaForm;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.ui.access.InstalledPlugin;
import io.quanyu.ui.access.PluginWorkspace;
import io.quanyu.ui.shell.MainLayout;
import io.quanyu.ui.shell.Notices;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * One installed plugin's settings form, generated from its settings schema. Tenant admins save the settings or save
 * them and enable the plugin; the server's schema violations show at their fields, other refusals (the plugin's
 * activation veto) in a notice above the form. Everyone else sees the form read-only. A plugin that subscribes to
 * customer events shows, below, the events it could not handle, which tenant admins hand to it again.
 */
@Route(value = "plugins/:plugin/settings", layout = MainLayout.class)
public class PluginSettingsView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {
    private final PluginWorkspace workspace;
    private final Div refusal = new Div();
    private InstalledPlugin plugin;
    private SchemaForm form;

    public PluginSettingsView(PluginWorkspace workspace) {
        this.workspace = workspace;
        refusal.setId("settings-refusal");
        refusal.getStyle().set("color", "var(--lumo-error-text-color)")
                .set("background", "var(--lumo-error-color-10pct)").set("padding", "var(--lumo-space-s) var(--lumo-space-m)")
                .set("border-radius", "var(--lumo-border-radius-m)");
        refusal.setVisible(false);
        setMaxWidth("64em");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        String pluginId = event.getRouteParameters().get("plugin").orElse("");
        try {
            plugin = workspace.installed(pluginId);
        } catch (QuanyuException e) {
            add(back(), new Paragraph(getTranslation("plugins.settings.notInstalled", pluginId)));
            return;
        }
        form = new SchemaForm(plugin.settingsSchema(), "setting-", "settings", plugin.settings());
        form.setId("settings-form");
        add(back(), header(), refusal, form);
        if (workspace.canManage()) {
            add(buttons());
        } else {
            form.readOnly();
        }
        if (plugin.subscribes()) {
            add(new FailedEventsPanel(workspace, plugin.pluginId()));
        }
    }

    private Button back() {
        Button back = new Button(getTranslation("plugins.back"),
                e -> getUI().ifPresent(ui -> ui.navigate(InstalledPluginsView.class)));
        back.setId("back-to-plugins");
        back.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        return back;
    }

    private HorizontalLayout header() {
        H2 title = new H2(getTranslation("plugins.settings.title", PluginTexts.text(plugin.name())));
        Span version = new Span(plugin.pluginId() + " " + plugin.version());
        version.setId("settings-plugin-version");
        HorizontalLayout header = new HorizontalLayout(title, version, PluginTexts.status(plugin));
        header.setAlignItems(Alignment.BASELINE);
        return header;
    }

    private HorizontalLayout buttons() {
        Button save = new Button(getTranslation("plugins.settings.save"),
                e -> submit(workspace::saveSettings, "plugins.settings.saved"));
        save.setId("save-settings");
        HorizontalLayout buttons = new HorizontalLayout(save);
        if (!plugin.enabled()) {
            Button enable = new Button(getTranslation("plugins.settings.enable"),
                    e -> submit(workspace::enable, "plugins.enabled"));
            enable.setId("enable-plugin");
            enable.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            buttons.add(enable);
        } else {
            save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        }
        return buttons;
    }

    private void submit(BiFunction<String, Map<String, Object>, InstalledPlugin> action, String doneKey) {
        form.clearErrors();
        refusal.setVisible(false);
        try {
            InstalledPlugin saved = action.apply(plugin.pluginId(), form.values());
            Notices.success(getTranslation(doneKey, PluginTexts.text(saved.name())));
            if (saved.enabled() != plugin.enabled()) {
                getUI().ifPresent(ui -> ui.navigate(InstalledPluginsView.class));
                return;
            }
            plugin = saved;
            form.show(saved.settings());
        } catch (QuanyuException e) {
            refused(e);
        }
    }

    /** Schema violations go to their fields; anything else (an activation veto) to the notice above the form. */
    private void refused(QuanyuException e) {
        List<FieldViolation> unplaced = form.showErrors(e);
        if (e.code() == ErrorCode.PLUGIN_SETTINGS_INVALID && unplaced.isEmpty()) {
            show(getTranslation("plugins.settings.invalid"));
            return;
        }
        show(PluginTexts.refusal(e, unplaced));
    }

    private void show(String text) {
        refusal.setText(text);
        refusal.setVisible(true);
    }

    @Override
    public String getPageTitle() {
        return plugin == null ? getTranslation("plugins.installed.title")
                : getTranslation("plugins.settings.title", PluginTexts.text(plugin.name()));
    }
}

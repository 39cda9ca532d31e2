package io.quanyu.ui.access;

import io.quanyu.objects.model.LocalizedText;
import io.quanyu.plugin.host.Installation;
import io.quanyu.plugin.host.PluginSettings;
import io.quanyu.plugin.pkg.PluginManifest;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plugin installed for the tenant as the builder shows it (as the API's installation view): the release, whether it
 * is enabled, its settings schema and the stored settings with every secret shown as {@link PluginSettings#MASK}.
 *
 * @param secrets    the names of the settings stored encrypted ({@code "x-secret": true})
 * @param subscribes whether the release subscribes to customer events (so it may have failed events to show)
 * @param needs      the other plugins the release calls ({@code uses}) that the tenant has not enabled
 */
public record InstalledPlugin(String pluginId, String version, boolean enabled, LocalizedText name,
                              LocalizedText description, JsonNode settingsSchema, Map<String, Object> settings,
                              Set<String> secrets, Instant installedAt, Instant updatedAt,
                              String updatedBy, boolean subscribes, List<String> needs) {

    static InstalledPlugin of(Installation installation, PluginManifest manifest, List<String> needs) {
        return new InstalledPlugin(installation.pluginId(), installation.version(), installation.enabled(),
                manifest.name(), manifest.description(), manifest.settings(), PluginSettings.masked(installation),
                manifest.secretSettings(), installation.installedAt(), installation.updatedAt(), installation.updatedBy(),
                !manifest.subscriptions().isEmpty(), List.copyOf(needs));
    }
}

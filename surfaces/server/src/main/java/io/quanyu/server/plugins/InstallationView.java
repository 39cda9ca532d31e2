package io.quanyu.server.plugins;

import io.quanyu.objects.model.LocalizedText;
import io.quanyu.plugin.host.Installation;
import io.quanyu.plugin.host.PluginSettings;
import io.quanyu.plugin.pkg.PluginManifest;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A tenant's installation as the API and the builder show it: the release, whether it is enabled, its settings form
 * (the schema) with the stored values (secrets masked), what it contributes, and {@code needs}: the other plugins it
 * calls ({@code uses}) that the tenant has not enabled, whose calls fail with {@code PLUGIN_NOT_ENABLED} until it does.
 */
record InstallationView(String pluginId, String version, boolean enabled, LocalizedText name, LocalizedText description,
                        JsonNode settingsSchema, Map<String, Object> settings, List<Operation> operations,
                        List<String> objects, List<String> webhooks, List<String> widgets, Instant installedAt,
                        String installedBy, Instant updatedAt, String updatedBy, List<String> needs) {

    record Operation(String name, String kind, String graphqlField, String description, JsonNode input, JsonNode output) {
    }

    static InstallationView of(Installation i, PluginManifest m, List<String> needs) {
        var ops = m.operations().stream().map(o -> new Operation(o.name(), o.kind().name().toLowerCase(java.util.Locale.ROOT),
                io.quanyu.plugin.host.PluginOperations.fieldName(i.pluginId(), o.name()),
                o.description(), o.input(), o.output())).toList();
        return new InstallationView(i.pluginId(), i.version(), i.enabled(), m.name(), m.description(), m.settings(),
                PluginSettings.masked(i), ops, m.objects(), m.webhooks().stream().map(w -> w.path()).toList(),
                m.widgets().stream().map(w -> w.name()).toList(), i.installedAt(), i.installedBy(), i.updatedAt(), i.updatedBy(),
                needs);
    }
}

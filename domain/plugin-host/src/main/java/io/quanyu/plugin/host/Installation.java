package io.quanyu.plugin.host;

import io.quanyu.core.tenant.TenantId;
import io.quanyu.plugin.runtime.PluginKey;

import java.time.Instant;
import java.util.Map;

/**
 * A plugin installed for one tenant: which release, whether it is enabled, and the tenant's settings (secret
 * settings encrypted, see {@link SecretBox}).
 *
 * @param settings    the non-secret settings
 * @param secrets     the secret settings, encrypted, by name
 * @param updatedAt   when anything last changed
 * @param enabledSince when it was last enabled (its subscriptions receive the events applied since); null while
 *                     it has never been enabled
 */
public record Installation(TenantId tenant, String pluginId, String version, boolean enabled,
                           Map<String, Object> settings, Map<String, String> secrets, Instant installedAt,
                           String installedBy, Instant updatedAt, String updatedBy,
                           @org.jspecify.annotations.Nullable Instant enabledSince) {

    public Installation {
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        secrets = Map.copyOf(secrets);
    }

    public PluginKey key() {
        return new PluginKey(pluginId, version);
    }
}

package io.quanyu.marketplace;

import io.quanyu.objects.model.LocalizedText;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * One plugin in the marketplace's catalogue, described by its latest release that was not yanked.
 *
 * @param id            the plugin's id
 * @param name          its name ({@code en}, optionally {@code zh-CN})
 * @param description   its description, may be {@code null}
 * @param provider      the ISV that publishes it
 * @param latestVersion the newest version that was not yanked
 * @param versions      every version that was not yanked, newest first
 * @param newestCompatible the newest version not yanked whose SDK range this platform satisfies, {@code null} if none
 */
public record PluginListing(String id, LocalizedText name, LocalizedText description, String provider,
                            String latestVersion, List<String> versions, @Nullable String newestCompatible) {
    public PluginListing {
        versions = List.copyOf(versions);
    }
}

package io.quanyu.ui.access;

import io.quanyu.marketplace.PluginListing;
import org.jspecify.annotations.Nullable;

/**
 * A plugin of the marketplace's catalogue with what this platform can run of it.
 *
 * @param newestCompatible the newest release that was not yanked and runs on this platform's SDK; {@code null} when
 *                         none does
 */
public record MarketplaceEntry(PluginListing listing, @Nullable String newestCompatible) {

    /** Whether the newest release runs here. */
    public boolean newestIsCompatible() {
        return listing.latestVersion().equals(newestCompatible);
    }
}

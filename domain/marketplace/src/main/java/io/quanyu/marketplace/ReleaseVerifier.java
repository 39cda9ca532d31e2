package io.quanyu.marketplace;

import io.quanyu.plugin.pkg.PluginPackage;

/**
 * A last check of a release before it is stored, beyond what can be read from the zip: the platform loads it once
 * (classes load, extensions are created and match the manifest) so an ISV learns at publish time, not when a
 * tenant installs. Throws the platform's {@code QuanyuException} to refuse.
 */
@FunctionalInterface
public interface ReleaseVerifier {

    /** Accepts every package that passed the package checks. */
    ReleaseVerifier NONE = pkg -> {
    };

    void verify(PluginPackage pkg);
}

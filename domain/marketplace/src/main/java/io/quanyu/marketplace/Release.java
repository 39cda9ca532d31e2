package io.quanyu.marketplace;

import io.quanyu.plugin.sdk.Sdk;

import java.time.Instant;
import java.util.Comparator;

/**
 * One published version of a plugin.
 *
 * @param pluginId    the plugin's id
 * @param version     its semantic version
 * @param requires    the SDK range it runs on
 * @param sha512      the zip's SHA-512, lower-case hex
 * @param size        the zip's size in bytes
 * @param publisher   the ISV that published it
 * @param keyId       the publisher key whose signature verified
 * @param publishedAt when it was published
 * @param yanked      whether it was withdrawn (kept for those who installed it, hidden from everyone else)
 * @param manifest    the manifest's JSON, for listing without reading the zip
 */
public record Release(String pluginId, String version, String requires, String sha512, long size, String publisher,
                      String keyId, Instant publishedAt, boolean yanked, String manifest) {

    /** Semantic-version order, newest first ({@code 1.10.0} before {@code 1.9.0}). */
    public static final Comparator<Release> NEWEST_FIRST = (a, b) -> Sdk.compareVersions(b.version(), a.version());
}

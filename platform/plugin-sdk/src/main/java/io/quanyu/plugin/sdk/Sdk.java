package io.quanyu.plugin.sdk;

import org.pf4j.DefaultVersionManager;
import org.pf4j.VersionManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The SDK's own semantic version and the compatibility rule between it and a plugin's {@code requires} range.
 * <p>
 * Compatibility table: a plugin built against SDK {@code 1.x} runs on every platform whose SDK is {@code 1.y} with
 * {@code y >= x}; a new major version may remove what the previous one deprecated. Ranges use PF4J's (jsemver)
 * expression syntax, as the marketplace's {@code plugins.json} does: {@code ">=1.0.0 & <2.0.0"}, {@code "^1.0"},
 * {@code "1.x"}.
 */
@PublicApi
public final class Sdk {
    /** The version of this SDK, for example {@code 1.0.0}. */
    public static final String VERSION = load();
    private static final VersionManager VERSIONS = new DefaultVersionManager();

    private Sdk() {
    }

    /**
     * Whether a plugin that requires {@code range} runs on this SDK. A blank range or {@code *} means any version.
     *
     * @throws IllegalArgumentException when {@code range} is not a valid version expression
     */
    public static boolean satisfies(String range) {
        if (range == null || range.isBlank() || range.trim().equals("*")) {
            return true;
        }
        try {
            return VERSIONS.checkVersionConstraint(VERSION, range.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a version range: " + range, e);
        }
    }

    /** Compares two semantic versions as the marketplace orders releases (negative when {@code a} is older). */
    public static int compareVersions(String a, String b) {
        return VERSIONS.compareVersions(a, b);
    }

    private static String load() {
        try (InputStream in = Sdk.class.getResourceAsStream("/META-INF/quanyu/sdk.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("the SDK jar lacks META-INF/quanyu/sdk.properties", e));
        }
    }
}

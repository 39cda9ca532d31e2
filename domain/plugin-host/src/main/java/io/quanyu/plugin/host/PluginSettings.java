package io.quanyu.plugin.host;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.schema.JsonSchemas;
import io.quanyu.plugin.pkg.PluginManifest;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's settings of a plugin: validated against the manifest's settings schema, secret fields sealed with
 * {@link SecretBox} and shown only as {@link #MASK}. A form that sends the mask (or leaves a secret out) keeps the
 * stored secret; sending {@code null} clears it.
 */
public final class PluginSettings {
    /** What a stored secret looks like to readers. */
    public static final String MASK = "********";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final SecretBox box;

    public PluginSettings(SecretBox box) {
        this.box = box;
    }

    /** Settings to store: plain values and sealed secrets. */
    public record Stored(Map<String, Object> plain, Map<String, String> secrets) {
    }

    /**
     * Merges {@code incoming} into what {@code current} holds, checks the result against the schema and seals the
     * secrets. {@code PLUGIN_SETTINGS_INVALID} lists every failing field as {@code /settings/<name>}.
     */
    public Stored prepare(PluginManifest manifest, Installation current, Map<String, Object> incoming) {
        Map<String, Object> merged = merge(manifest, current, incoming);
        check(manifest, merged);
        Map<String, Object> plain = new LinkedHashMap<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        merged.forEach((name, value) -> {
            if (manifest.secretSettings().contains(name)) {
                secrets.put(name, box.seal(String.valueOf(value), binding(current, name)));
            } else {
                plain.put(name, value);
            }
        });
        return new Stored(plain, secrets);
    }

    /** The full settings after applying {@code incoming} (secrets in clear), for validation and activation. */
    public Map<String, Object> merge(PluginManifest manifest, Installation current, Map<String, Object> incoming) {
        Map<String, Object> merged = new LinkedHashMap<>(reveal(current));
        incoming.forEach((name, value) -> {
            boolean keepSecret = manifest.secretSettings().contains(name) && MASK.equals(value);
            if (value == null) {
                merged.remove(name);
            } else if (!keepSecret) {
                merged.put(name, value);
            }
        });
        return merged;
    }

    /** Checks complete settings against the schema. */
    public void check(PluginManifest manifest, Map<String, Object> settings) {
        List<FieldViolation> violations = JsonSchemas.violations(JsonSchemas.compile(manifest.settings()),
                JSON.valueToTree(settings), "/settings");
        if (!violations.isEmpty()) {
            throw new QuanyuException(ErrorCode.PLUGIN_SETTINGS_INVALID, Map.of("plugin", manifest.id()), violations, null);
        }
    }

    /** Every setting with secrets in clear: only for the plugin itself, inside its calls. */
    public Map<String, Object> reveal(Installation installation) {
        Map<String, Object> out = new LinkedHashMap<>(installation.settings());
        installation.secrets().forEach((name, sealed) -> out.put(name, box.open(sealed, binding(installation, name))));
        return out;
    }

    /** Every setting with secrets masked: what the builder and the API show. */
    public static Map<String, Object> masked(Installation installation) {
        Map<String, Object> out = new LinkedHashMap<>(installation.settings());
        installation.secrets().keySet().forEach(name -> out.put(name, MASK));
        return out;
    }

    private static String binding(Installation installation, String name) {
        return installation.tenant().value() + "/" + installation.pluginId() + "/" + name;
    }
}

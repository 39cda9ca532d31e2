package io.quanyu.plugin.sdk;

import java.util.Map;
import java.util.Optional;

/**
 * The tenant's settings of this plugin, as the tenant entered them in the form rendered from the manifest's settings
 * JSON Schema. They were validated against that schema when saved. Secret fields (marked {@code "x-secret": true}
 * in the schema) are stored encrypted and returned decrypted here only.
 */
@PublicApi
public interface Settings {

    /** Every setting, by name. */
    Map<String, Object> all();

    /** One setting; empty when the tenant left it unset. */
    default Optional<Object> get(String name) {
        return Optional.ofNullable(all().get(name));
    }

    /** A setting as text; empty when unset. */
    default Optional<String> text(String name) {
        return get(name).map(String::valueOf);
    }
}

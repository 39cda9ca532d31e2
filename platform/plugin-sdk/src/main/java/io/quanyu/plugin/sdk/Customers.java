package io.quanyu.plugin.sdk;

import java.util.Map;
import java.util.Optional;

/** Looks up the tenant's customer profiles. */
@PublicApi
public interface Customers {

    /**
     * The {@code customer} record of whoever is known by this identity; empty when nobody is (or the identity is
     * not one the platform accepts). The value is normalised first (E.164 phones, lower-case e-mail), so
     * {@code Identity.of("phone", "138 0013 8000")} finds {@code +8613800138000}; a scoped type needs its scope.
     *
     * @since 1.1
     */
    Optional<Map<String, Object>> findByIdentity(Identity identity);

    /** {@link #findByIdentity(Identity)} for an unscoped type, for example {@code ("phone", "+8613800138000")}. */
    default Optional<Map<String, Object>> findByIdentity(String identityType, String value) {
        return findByIdentity(Identity.of(identityType, value));
    }
}

package io.quanyu.plugin.sdk;

import java.util.Map;
import java.util.Optional;

/** Looks up the tenant's customer profiles. */
@PublicApi
public interface Customers {

    /**
     * The customer known by this identity, for example {@code ("phone", "+8613800138000")} or
     * {@code ("email", "li@example.com")}; empty when no customer has it. Values are normalised by the platform
     * (E.164 phones, lower-case e-mail) before the lookup.
     */
    Optional<Map<String, Object>> findByIdentity(String identityType, String value);
}

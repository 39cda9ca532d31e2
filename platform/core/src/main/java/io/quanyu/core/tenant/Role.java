package io.quanyu.core.tenant;

import java.util.Arrays;
import java.util.Optional;

/** Realm roles the platform understands; the claim value is the role's name in the identity provider. */
public enum Role {
    PLATFORM_ADMIN("platform-admin"),
    TENANT_ADMIN("tenant-admin"),
    BUILDER("builder"),
    VIEWER("viewer"),
    INTEGRATOR("integrator"),
    ISV("isv");

    private final String claimValue;

    Role(String claimValue) {
        this.claimValue = claimValue;
    }

    public String claimValue() {
        return claimValue;
    }

    public static Optional<Role> fromClaim(String value) {
        return Arrays.stream(values()).filter(r -> r.claimValue.equals(value)).findFirst();
    }
}

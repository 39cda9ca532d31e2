package io.quanyu.core.identity;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.tenant.Role;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** An API client a tenant admin adds; its client id is made from the tenant and the name. */
public record NewApiClient(String name, String description, Set<Role> roles) {
    static final int MAX_NAME = 60;
    static final int MAX_DESCRIPTION = 255;

    public NewApiClient {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    /** Checks every field and reports each one that is wrong ({@code /name}, {@code /description}, {@code /roles}). */
    public NewApiClient validated() {
        List<FieldViolation> violations = new ArrayList<>();
        Inputs.check(violations, "/name", name != null && !name.isBlank() && name.length() <= MAX_NAME, "length",
                "1 to " + MAX_NAME + " characters");
        Inputs.check(violations, "/description", description == null || description.length() <= MAX_DESCRIPTION,
                "length", "at most " + MAX_DESCRIPTION + " characters");
        Inputs.checkRoles(violations, "/roles", roles, ApiClients.ASSIGNABLE);
        Inputs.throwIfAny(violations);
        return this;
    }
}

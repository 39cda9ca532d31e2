package io.quanyu.core.identity;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.tenant.Role;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A user a tenant admin adds: they sign in with the temporary password and must choose their own at once.
 *
 * @param roles tenant roles only ({@link TenantUsers#ASSIGNABLE})
 */
public record NewTenantUser(String username, String email, String firstName, String lastName, Set<Role> roles,
                            String temporaryPassword) {
    public NewTenantUser {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    /** Checks every field and reports each one that is wrong, with its JSON pointer ({@code /username}, ...). */
    public NewTenantUser validated() {
        List<FieldViolation> violations = new ArrayList<>();
        Inputs.check(violations, "/username", username != null && Inputs.USERNAME.matcher(username).matches(),
                "pattern", "3 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        Inputs.check(violations, "/email", email != null && Inputs.EMAIL.matcher(email).matches(),
                "format", "must be an e-mail address");
        Inputs.checkName(violations, "/firstName", firstName);
        Inputs.checkName(violations, "/lastName", lastName);
        Inputs.checkRoles(violations, "/roles", roles, TenantUsers.ASSIGNABLE);
        Inputs.checkPassword(violations, "/temporaryPassword", temporaryPassword);
        Inputs.throwIfAny(violations);
        return this;
    }

    /** Refuses a temporary password that is too short or too long ({@code /temporaryPassword}). */
    public static void checkPassword(String temporaryPassword) {
        List<FieldViolation> violations = new ArrayList<>();
        Inputs.checkPassword(violations, "/temporaryPassword", temporaryPassword);
        Inputs.throwIfAny(violations);
    }

    /** Refuses an empty role set or one with a role a tenant admin may not give ({@code /roles}). */
    public static void checkRoles(Set<Role> roles) {
        List<FieldViolation> violations = new ArrayList<>();
        Inputs.checkRoles(violations, "/roles", roles, TenantUsers.ASSIGNABLE);
        Inputs.throwIfAny(violations);
    }
}

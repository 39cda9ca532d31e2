package io.quanyu.core.tenant;

/**
 * The first tenant-admin user created with a tenant.
 *
 * @param passwordTemporary true: the user must choose a new password at the first browser login
 */
public record TenantAdmin(String username, String email, String password, boolean passwordTemporary) {
    @Override
    public String toString() {
        return "TenantAdmin[username=" + username + ", email=" + email + "]";
    }
}

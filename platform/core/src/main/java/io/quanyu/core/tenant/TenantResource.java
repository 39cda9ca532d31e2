package io.quanyu.core.tenant;

/**
 * One system a tenant lives in (its database, its search indices, its users). Both operations are idempotent, so
 * a failed creation or deletion can be rolled back or retried.
 */
public interface TenantResource {

    /** Short name used in errors and logs ("mongodb", "elasticsearch", "keycloak"). */
    String name();

    void provision(NewTenant tenant);

    /** Removes everything the tenant has in this system; nothing of it is left afterwards. */
    void deprovision(TenantId tenant);
}

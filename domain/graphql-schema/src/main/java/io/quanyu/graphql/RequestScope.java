package io.quanyu.graphql;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.records.Records;

import java.util.Set;

/**
 * What one GraphQL request may use, put in the GraphQL context: the call (tenant, caller, roles, quotas), the
 * capability its roles give, and the guarded records service every fetcher reads and writes through (it checks the
 * call's rights and field visibility again, below the schema that already leaves out what the roles may not read).
 * Built by the server from the verified token, never from the request.
 */
public record RequestScope(CallContext call, Capability capability, Records records) {

    /** A request with the capability the call's roles give. */
    public static RequestScope of(CallContext call, Records records) {
        return new RequestScope(call, Capability.of(call), records);
    }

    /** The same request, read only (a GET never changes anything). */
    public RequestScope readOnly() {
        return new RequestScope(call, Capability.READ, records);
    }

    public Quotas quotas() {
        return call.quotas();
    }

    public String actor() {
        return call.actor();
    }

    /** The caller's role names (claim values), for fields readable only by some roles. */
    public Set<String> roles() {
        return call.roleNames();
    }

    /** What the caller's roles allow; each capability gets its own schema. */
    public enum Capability {
        /** read data and metadata */
        READ,
        /** read and write data */
        WRITE_DATA,
        /** read and write data, and change the model */
        CHANGE_MODEL;

        /** The widest capability {@link TenantAccess} gives the call. */
        public static Capability of(CallContext call) {
            if (call.may(TenantAccess.CHANGE_MODEL)) {
                return CHANGE_MODEL;
            }
            return call.may(TenantAccess.WRITE_DATA) ? WRITE_DATA : READ;
        }

        public boolean writesData() {
            return this != READ;
        }

        public boolean changesModel() {
            return this == CHANGE_MODEL;
        }
    }
}

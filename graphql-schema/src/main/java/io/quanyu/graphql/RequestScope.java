package io.quanyu.graphql;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordSearch;
import io.quanyu.records.RecordService;

import java.util.Set;

/**
 * What one GraphQL request may use, put in the GraphQL context: the call (tenant, caller, roles, quotas), the
 * capability its roles give, the tenant database handle and the services. Built by the server from the verified
 * token, never from the request.
 */
public record RequestScope(CallContext call, TenantDatabase db, Capability capability, MetadataService metadata,
                           RecordService records, RecordSearch search) {

    /** A request with the capability the call's roles give. */
    public static RequestScope of(CallContext call, TenantDatabase db, MetadataService metadata, RecordService records,
                                  RecordSearch search) {
        return new RequestScope(call, db, Capability.of(call), metadata, records, search);
    }

    /** The same request, read only (a GET never changes anything). */
    public RequestScope readOnly() {
        return new RequestScope(call, db, Capability.READ, metadata, records, search);
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

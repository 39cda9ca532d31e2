package io.quanyu.graphql;

import io.quanyu.core.tenant.Quotas;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordSearch;
import io.quanyu.records.RecordService;

/**
 * What one GraphQL request may use, put in the GraphQL context: the caller's tenant database handle, quotas, name
 * and role names (claim values, for fields readable only by some roles), and the services. Built by the server from the verified token, never from the request.
 */
public record RequestScope(TenantDatabase db, Quotas quotas, String actor, Capability capability,
                           java.util.Set<String> roles, MetadataService metadata, RecordService records,
                           RecordSearch search) {

    public RequestScope {
        roles = java.util.Set.copyOf(roles);
    }

    /** What the caller's roles allow; each capability gets its own schema. */
    public enum Capability {
        /** read data and metadata */
        READ,
        /** read and write data */
        WRITE_DATA,
        /** read and write data, and change the model */
        CHANGE_MODEL;

        boolean writesData() {
            return this != READ;
        }

        boolean changesModel() {
            return this == CHANGE_MODEL;
        }
    }
}

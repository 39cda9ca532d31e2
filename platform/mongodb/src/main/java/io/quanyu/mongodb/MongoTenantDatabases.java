package io.quanyu.mongodb;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.ReplaceOptions;
import io.quanyu.core.tenant.NewTenant;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.core.tenant.TenantResource;
import org.bson.Document;

import java.util.Date;

/**
 * Each tenant's own database, {@code quanyu_t_<tenant>}. Provisioning creates it with a marker document; code that
 * serves a request gets a {@link TenantDatabase} for the caller's tenant and nothing wider.
 */
public final class MongoTenantDatabases implements TenantResource {
    static final String MARKER_COLLECTION = "_tenant";
    private final MongoClient client;

    public MongoTenantDatabases(MongoClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return "mongodb";
    }

    @Override
    public void provision(NewTenant tenant) {
        var marker = new Document("_id", "tenant").append("tenant", tenant.id().value())
                .append("createdAt", new Date());
        client.getDatabase(tenant.id().databaseName()).getCollection(MARKER_COLLECTION)
                .replaceOne(new Document("_id", "tenant"), marker, new ReplaceOptions().upsert(true));
    }

    @Override
    public void deprovision(TenantId tenant) {
        client.getDatabase(tenant.databaseName()).drop();
    }

    /** The database of the tenant the caller acts for. */
    public TenantDatabase forTenant(TenantContext context) {
        return new TenantDatabase(context.tenant(), client.getDatabase(context.tenant().databaseName()));
    }

    /** The database of a tenant being provisioned, for the other resources' set-up (indexes, collections). */
    public TenantDatabase forProvisioning(NewTenant tenant) {
        return new TenantDatabase(tenant.id(), client.getDatabase(tenant.id().databaseName()));
    }

    /** The database of the tenant a call is for. */
    public TenantDatabase forCall(io.quanyu.core.call.CallContext call) {
        return new TenantDatabase(call.tenant(), client.getDatabase(call.tenant().databaseName()));
    }

    /** Whether the tenant's database exists (it has at least one collection). */
    public boolean exists(TenantId tenant) {
        return client.listDatabaseNames().into(new java.util.ArrayList<>()).contains(tenant.databaseName());
    }
}

package io.quanyu.segments;

import io.quanyu.core.tenant.NewTenant;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.core.tenant.TenantResource;
import io.quanyu.mongodb.MongoTenantDatabases;

/** Makes a new tenant's segment indexes (members by segment, a customer's segments). */
public final class SegmentsSetup implements TenantResource {
    private final SegmentEngine engine;
    private final MongoTenantDatabases databases;

    public SegmentsSetup(SegmentEngine engine, MongoTenantDatabases databases) {
        this.engine = engine;
        this.databases = databases;
    }

    @Override
    public String name() {
        return "segments";
    }

    @Override
    public void provision(NewTenant tenant) {
        engine.ensureIndexes(databases.forProvisioning(tenant));
    }

    @Override
    public void deprovision(TenantId tenant) {
        // the tenant's database goes, with every index in it
    }
}

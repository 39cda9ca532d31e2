package io.quanyu.journeys;

import io.quanyu.core.tenant.NewTenant;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.core.tenant.TenantResource;
import io.quanyu.mongodb.MongoTenantDatabases;

/** Makes a new tenant's journey indexes (enrollments by customer and by node, steps by customer). */
public final class JourneysSetup implements TenantResource {
    private final JourneyEngine engine;
    private final MongoTenantDatabases databases;

    public JourneysSetup(JourneyEngine engine, MongoTenantDatabases databases) {
        this.engine = engine;
        this.databases = databases;
    }

    @Override
    public String name() {
        return "journeys";
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

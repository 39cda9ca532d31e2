package io.quanyu.messaging;

import io.quanyu.core.tenant.NewTenant;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.core.tenant.TenantResource;
import io.quanyu.mongodb.MongoTenantDatabases;

/** Makes a new tenant's messaging indexes (the delivery log by time and by customer). */
public final class MessagingSetup implements TenantResource {
    private final DeliveryService service;
    private final MongoTenantDatabases databases;

    public MessagingSetup(DeliveryService service, MongoTenantDatabases databases) {
        this.service = service;
        this.databases = databases;
    }

    @Override
    public String name() {
        return "messaging";
    }

    @Override
    public void provision(NewTenant tenant) {
        service.ensureIndexes(databases.forProvisioning(tenant));
    }

    @Override
    public void deprovision(TenantId tenant) {
        // the tenant's database goes, with every index in it
    }
}

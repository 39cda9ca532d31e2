package io.quanyu.customer360;

import io.quanyu.core.tenant.NewTenant;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.core.tenant.TenantResource;
import io.quanyu.mongodb.MongoTenantDatabases;

/**
 * The customer 360's part of a new tenant, provisioned by the tenant lifecycle right after its database: the
 * indexes identity claims, event ids and merge suggestions rely on. Removing a tenant drops its database, and these
 * with it. Tenants made before this step existed get the same indexes the first time a node serves them
 * ({@link Customer360#ready}).
 */
public final class Customer360Setup implements TenantResource {
    private final Customer360 customers;
    private final MongoTenantDatabases databases;

    public Customer360Setup(Customer360 customers, MongoTenantDatabases databases) {
        this.customers = customers;
        this.databases = databases;
    }

    @Override
    public String name() {
        return "customer360";
    }

    @Override
    public void provision(NewTenant tenant) {
        customers.ensureIndexes(databases.forProvisioning(tenant));
    }

    @Override
    public void deprovision(TenantId tenant) {
        // the tenant's database goes, with every index in it
    }
}

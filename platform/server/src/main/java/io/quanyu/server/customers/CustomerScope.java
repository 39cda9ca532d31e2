package io.quanyu.server.customers;

import io.quanyu.customer360.Customer360;
import io.quanyu.mongodb.TenantDatabase;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Makes sure a tenant's customer 360 indexes exist before this node first serves it. */
@Component
public class CustomerScope {
    private final Customer360 customers;
    private final Set<String> ready = ConcurrentHashMap.newKeySet();

    CustomerScope(Customer360 customers) {
        this.customers = customers;
    }

    public TenantDatabase ready(TenantDatabase db) {
        if (!ready.contains(db.tenant().value())) {
            customers.ensureIndexes(db);
            ready.add(db.tenant().value());
        }
        return db;
    }
}

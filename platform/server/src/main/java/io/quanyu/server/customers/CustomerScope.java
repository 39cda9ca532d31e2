package io.quanyu.server.customers;

import io.quanyu.customer360.Customer360;
import io.quanyu.mongodb.TenantDatabase;
import org.springframework.stereotype.Component;


/** Makes sure a tenant's customer 360 indexes exist before this node first serves it. */
@Component
public class CustomerScope {
    private final Customer360 customers;

    CustomerScope(Customer360 customers) {
        this.customers = customers;
    }

    public TenantDatabase ready(TenantDatabase db) {
        return customers.ready(db);
    }
}

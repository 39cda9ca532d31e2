package io.quanyu.customer360;

import io.quanyu.core.tenant.NewTenant;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.TenantAdmin;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.MongoTenantDatabases;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The tenant lifecycle provisions the customer 360's indexes with the tenant, before any request arrives. */
class Customer360SetupTest {

    @Test
    void provisioningANewTenantCreatesTheCustomer360IndexesInItsDatabase() {
        var fixture = new C360Fixture();
        var databases = new MongoTenantDatabases(C360Fixture.client);
        TenantId id = TenantId.of("n" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        var tenant = new NewTenant(id, "New", Quotas.DEFAULT, new TenantAdmin("admin", "a@example.com", "secret-pass-1", true));
        var setup = new Customer360Setup(fixture.c360, databases);

        databases.provision(tenant);
        setup.provision(tenant);

        List<String> names = new ArrayList<>();
        databases.forProvisioning(tenant).collection("c360_merge_suggestions").listIndexes()
                .forEach(i -> names.add(i.get("key", Document.class).keySet().toString()));
        assertThat(names).as("the unique open-pair index merge suggestions rely on").contains("[pair]");
        assertThat(setup.name()).isEqualTo("customer360");
    }
}

package io.quanyu.customer360;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.testfixtures.InJvmMongo;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;

/** A tenant database on the in-JVM MongoDB with the customer 360 wired as the server wires it. */
final class C360Fixture {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static InJvmMongo server;
    static MongoClient client;
    final MetadataService metadata = new MetadataService(Clock.systemUTC(), Executors.newVirtualThreadPerTaskExecutor());
    final RecordService records = new RecordService(metadata, Clock.systemUTC());
    final Customer360 c360 = new Customer360(metadata, records, Clock.systemUTC());
    final TenantDatabase db;

    C360Fixture() {
        if (server == null) {
            server = InJvmMongo.start();
            client = MongoClients.create(server.connectionString());
        }
        String tenant = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        db = new MongoTenantDatabases(client).forTenant(new TenantContext(TenantId.of(tenant), "u", "tester",
                Set.of(Role.TENANT_ADMIN), false));
        c360.ensureIndexes(db);
    }

    List<EventResult> track(String json) {
        return c360.track(db, Quotas.DEFAULT, "tester", JSON.readTree(json));
    }

    static String event(String id, String type, String time, String identities) {
        return "{\"eventId\": \"" + id + "\", \"type\": \"" + type + "\", \"time\": \"" + time
                + "\", \"identities\": " + identities + "}";
    }

    JsonNode profile(String customer) {
        return c360.profile(db, customer);
    }
}

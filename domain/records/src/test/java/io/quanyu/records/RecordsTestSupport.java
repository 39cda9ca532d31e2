package io.quanyu.records;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.testfixtures.InJvmMongo;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A fresh tenant database per test on a MongoDB wire server, and the metadata and record services over it. */
abstract class RecordsTestSupport {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static InJvmMongo server;
    static MongoClient client;
    final MetadataService metadata = new MetadataService(Clock.systemUTC(), Executors.newVirtualThreadPerTaskExecutor());
    final RecordService records = new RecordService(metadata, Clock.systemUTC());
    Quotas quotas = Quotas.DEFAULT;
    TenantDatabase db;

    @BeforeAll
    static void startServer() {
        server = InJvmMongo.start();
        client = MongoClients.create(server.connectionString());
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.close();
    }

    @BeforeEach
    void freshTenant() {
        var tenant = TenantId.of("t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        db = new MongoTenantDatabases(client).forTenant(new TenantContext(tenant, "u1", "tester", Set.of(Role.BUILDER), false));
    }

    static JsonNode json(String text) {
        return JSON.readTree(text.replace('\'', '"'));
    }

    static void assertCode(ErrorCode code, ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    ObjectInfo define(String definition) {
        return metadata.create(db, json(definition), "tester", quotas);
    }
}

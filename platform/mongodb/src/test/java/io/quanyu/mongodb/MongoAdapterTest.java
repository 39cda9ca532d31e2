package io.quanyu.mongodb;

import io.quanyu.testfixtures.MutableClock;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.NewTenant;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.Tenant;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.core.tenant.TenantStatus;
import io.quanyu.testfixtures.InJvmMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The MongoDB adapters against a MongoDB wire server, through the official driver. */
class MongoAdapterTest {
    private static InJvmMongo server;
    private static MongoClient client;

    @BeforeAll
    static void start() {
        server = InJvmMongo.start();
        client = MongoClients.create(server.connectionString());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static TenantId freshTenant() {
        return TenantId.of("t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
    }

    private static Tenant tenant(TenantId id, TenantStatus status) {
        var now = Instant.parse("2026-11-24T00:00:00Z");
        return new Tenant(id, "名字 " + id, status, new Quotas(10, 20, 3, 4, 5), now, "ops", now, null);
    }

    @Test
    void registryStoresAndFindsTenantsWithEveryField() {
        var registry = new MongoTenantRegistry(client.getDatabase("registry1"));
        var id = freshTenant();
        registry.insert(tenant(id, TenantStatus.ACTIVE));
        assertThat(registry.find(id)).contains(tenant(id, TenantStatus.ACTIVE));
        assertThat(registry.list()).extracting(Tenant::id).contains(id);
    }

    @Test
    void registryRefusesDuplicateButReplacesTombstone() {
        var registry = new MongoTenantRegistry(client.getDatabase("registry2"));
        var id = freshTenant();
        registry.insert(tenant(id, TenantStatus.ACTIVE));
        assertThatThrownBy(() -> registry.insert(tenant(id, TenantStatus.PROVISIONING)))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TENANT_EXISTS));
        assertThat(registry.replaceIfStatus(tenant(id, TenantStatus.DELETED), TenantStatus.ACTIVE)).isTrue();
        registry.insert(tenant(id, TenantStatus.PROVISIONING));
        assertThat(registry.find(id).orElseThrow().status()).isEqualTo(TenantStatus.PROVISIONING);
    }

    @Test
    void conditionalReplaceFailsOnUnexpectedStatus() {
        var registry = new MongoTenantRegistry(client.getDatabase("registry3"));
        var id = freshTenant();
        registry.insert(tenant(id, TenantStatus.SUSPENDED));
        assertThat(registry.replaceIfStatus(tenant(id, TenantStatus.DELETING), TenantStatus.ACTIVE)).isFalse();
        assertThat(registry.find(id).orElseThrow().status()).isEqualTo(TenantStatus.SUSPENDED);
    }

    @Test
    void rateLimiterCountsPerTenantAndRefusesOverTheLimitUntilTheNextMinute() {
        var clock = new MutableClock(Instant.parse("2026-11-24T10:00:15Z"));
        var limiter = new MongoApiRateLimiter(client.getDatabase("limits"), clock);
        var acme = freshTenant();
        var other = freshTenant();
        assertThat(limiter.acquire(acme, 2).allowed()).isTrue();
        assertThat(limiter.acquire(acme, 2).allowed()).isTrue();
        var refused = limiter.acquire(acme, 2);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(45);
        assertThat(limiter.acquire(other, 2).allowed()).isTrue();
        clock.set(Instant.parse("2026-11-24T10:01:00Z"));
        assertThat(limiter.acquire(acme, 2).allowed()).isTrue();
        assertThat(limiter.used(acme)).isEqualTo(1);
        assertThat(client.getDatabase("limits").getCollection("api_usage")
                .countDocuments(new Document("tenant", acme.value()))).isEqualTo(1);
    }

    @Test
    void tenantDatabaseProvisionsDropsAndRefusesOddCollectionNames() {
        var databases = new MongoTenantDatabases(client);
        var id = freshTenant();
        databases.provision(new NewTenant(id, "x", Quotas.DEFAULT, null));
        assertThat(databases.exists(id)).isTrue();
        var handle = databases.forTenant(new TenantContext(id, "s", "u", Set.of(Role.VIEWER), false));
        handle.collection("customers").insertOne(new Document("name", "张三"));
        assertThat(handle.collectionNames()).containsExactly("customers");
        for (String bad : new String[]{"$cmd", "system.users", "a.b", "", "Customers", "x$y"}) {
            assertThatThrownBy(() -> handle.collection(bad)).isInstanceOf(QuanyuException.class);
        }
        databases.deprovision(id);
        assertThat(databases.exists(id)).isFalse();
    }

    @Test
    void exporterWritesEveryCollectionAndAManifest(@TempDir Path dir) throws Exception {
        var id = freshTenant();
        var db = client.getDatabase(id.databaseName());
        db.getCollection("customers").insertMany(java.util.List.of(new Document("_id", 1).append("name", "李四"),
                new Document("_id", 2).append("name", "Ann")));
        db.getCollection("orders").insertOne(new Document("_id", "o1").append("amount", 12.5));
        var exporter = new MongoTenantExporter(client, dir, Clock.fixed(Instant.parse("2026-11-24T01:02:03Z"), ZoneOffset.UTC));

        var export = exporter.export(id);

        assertThat(export.documents()).isEqualTo(3);
        assertThat(export.collections()).isEqualTo(2);
        assertThat(Path.of(export.file())).hasFileName(id + "-20261124-010203.zip");
        try (var zip = new ZipFile(export.file())) {
            Map<String, String> entries = new HashMap<>();
            zip.stream().forEach(e -> entries.put(e.getName(), read(zip, e)));
            assertThat(entries).containsKeys("customers.jsonl", "orders.jsonl", "manifest.json");
            assertThat(entries.get("customers.jsonl").lines()).hasSize(2).anyMatch(l -> l.contains("李四"));
            assertThat(Document.parse(entries.get("manifest.json")).get("documents", Number.class).longValue()).isEqualTo(3L);
        }
        assertThat(Files.list(dir)).noneMatch(p -> p.toString().endsWith(".part"));
    }

    private static String read(ZipFile zip, java.util.zip.ZipEntry entry) {
        try (var in = zip.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

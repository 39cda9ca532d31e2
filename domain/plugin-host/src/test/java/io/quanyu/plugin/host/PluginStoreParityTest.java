package io.quanyu.plugin.host;

import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.plugin.runtime.CallScope;
import io.quanyu.plugin.runtime.PluginKey;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.PluginStore;
import io.quanyu.plugin.testkit.InMemoryServices;
import io.quanyu.testfixtures.InJvmMongoExtension;
import io.quanyu.testfixtures.MutableClock;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin store on MongoDB and the test kit's in-memory one answer one script of operations alike (versions,
 * expiry, compare-and-set, counters, sealed entries, refusals with their codes), and the MongoDB one keeps tenants,
 * plugins and sealed values apart.
 */
class PluginStoreParityTest {
    @RegisterExtension
    static final InJvmMongoExtension MONGO = new InJvmMongoExtension();
    private static final Instant START = Instant.parse("2026-12-01T08:00:00Z");

    @Test
    void theTestKitsStoreAnswersTheScriptAsThePlatformsDoes() {
        MutableClock clock = new MutableClock(START);
        TenantDatabase db = database();
        List<String> platform = script(new MongoPluginStore(db, "wechat", clock, box()), clock::advance);

        InMemoryServices services = new InMemoryServices();
        services.clock().set(START);
        PluginStore kit = services.open(new PluginKey("wechat", "1.0.0"), new CallScope(new TenantId("acme"),
                "someone", Set.of(), "c")).store();
        List<String> testKit = script(kit, services.clock()::advance);

        assertThat(testKit).isEqualTo(platform);
        assertThat(platform).containsSubsequence(
                "put a -> v1 {n=1, s=x}", "putIfAbsent a -> false", "putIfAbsent b -> true", "get b after 11s -> none",
                "putIfAbsent b again -> true", "replace a at 7 -> none", "replace a at 1 -> v2 later",
                "increment c -> 5", "increment c -> 7", "increment c after 61s -> 1",
                "increment a -> STORE_NOT_A_COUNTER", "key 'bad key' -> STORE_KEY_INVALID",
                "large -> STORE_VALUE_TOO_LARGE", "ttl 0 -> STORE_TTL_INVALID", "object -> STORE_VALUE_INVALID",
                "null -> STORE_VALUE_INVALID", "sealed token -> v1 s3cr3t until 2026-12-01T10:01:12Z", "plain token -> none",
                "sealed increment -> STORE_NOT_A_COUNTER", "delete a -> true", "delete a -> false");
    }

    @Test
    void tenantsAndPluginsDoNotSeeEachOthersEntriesAndSealedValuesAreNotStoredInClear() {
        MutableClock clock = new MutableClock(START);
        TenantDatabase acme = database();
        TenantDatabase globex = database();
        new MongoPluginStore(acme, "wechat", clock, box()).put("token", "plain-value", null);
        new MongoPluginStore(acme, "wechat", clock, box()).sealed().put("token", "s3cr3t-access-token", null);

        assertThat(new MongoPluginStore(globex, "wechat", clock, box()).get("token")).isEmpty();
        assertThat(new MongoPluginStore(acme, "coupons", clock, box()).get("token")).isEmpty();
        List<String> stored = new ArrayList<>();
        acme.collection(MongoPluginStore.COLLECTION).find().forEach(d -> stored.add(d.toJson()));
        assertThat(stored).hasSize(2).noneMatch(json -> json.contains("s3cr3t-access-token"));
        assertThat(new MongoPluginStore(acme, "wechat", clock, box()).sealed().get("token").orElseThrow().value())
                .isEqualTo("s3cr3t-access-token");
    }

    @Test
    void concurrentCallsCountEveryIncrementAndGrantALeaseOnce() throws Exception {
        MutableClock clock = new MutableClock(START);
        var store = new MongoPluginStore(database(), "wechat", clock, box());
        store.put("expired-counter", 40, Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));
        java.util.concurrent.atomic.AtomicInteger leases = new java.util.concurrent.atomic.AtomicInteger();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().uncaughtExceptionHandler((th, e) -> failures.add(e)).start(() -> {
                for (int i = 0; i < 100; i++) {
                    store.increment("hits", 1, null);
                    store.increment("expired-counter", 1, Duration.ofMinutes(1));
                }
                if (store.putIfAbsent("lease", Thread.currentThread().getName(), Duration.ofSeconds(30))) {
                    leases.incrementAndGet();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(failures).isEmpty();
        assertThat(store.get("hits").orElseThrow().value()).isEqualTo(800L);
        assertThat(store.get("expired-counter").orElseThrow().value())
                .as("the expired count of 40 is gone; every increment after it counts").isEqualTo(800L);
        assertThat(leases.get()).isEqualTo(1);
    }

    @Test
    void theSweepDeletesOnlyExpiredEntries() {
        MutableClock clock = new MutableClock(START);
        TenantDatabase db = database();
        var store = new MongoPluginStore(db, "wechat", clock, box());
        store.put("short", 1, Duration.ofSeconds(5));
        store.put("long", 1, Duration.ofHours(1));
        store.put("forever", 1, null);
        clock.advance(Duration.ofSeconds(6));

        assertThat(MongoPluginStore.deleteExpired(db, clock.instant())).isEqualTo(1);
        assertThat(db.collection(MongoPluginStore.COLLECTION).find().map(d -> d.getString("_id")).into(new ArrayList<>()))
                .containsExactlyInAnyOrder("wechat|p|long", "wechat|p|forever");
    }

    /** The same operations on any store; each answer (or refusal code) as text. */
    private static List<String> script(PluginStore store, Consumer<Duration> advance) {
        List<String> out = new ArrayList<>();
        Function<Object, String> entry = e -> e instanceof java.util.Optional<?> o
                ? o.map(x -> describe((io.quanyu.plugin.sdk.StoreEntry) x)).orElse("none")
                : describe((io.quanyu.plugin.sdk.StoreEntry) e);
        step(out, "put a", () -> entry.apply(store.put("a", new java.util.TreeMap<>(Map.of("n", 1, "s", "x")), null)));
        step(out, "get a", () -> entry.apply(store.get("a")));
        step(out, "putIfAbsent a", () -> store.putIfAbsent("a", "other", null));
        step(out, "putIfAbsent b", () -> store.putIfAbsent("b", List.of(1, 2.5, true), Duration.ofSeconds(10)));
        advance.accept(Duration.ofSeconds(11));
        step(out, "get b after 11s", () -> entry.apply(store.get("b")));
        step(out, "putIfAbsent b again", () -> store.putIfAbsent("b", "again", Duration.ofSeconds(10)));
        step(out, "get b", () -> entry.apply(store.get("b")));
        step(out, "replace a at 7", () -> entry.apply(store.replace("a", 7, "x", null)));
        step(out, "replace a at 1", () -> entry.apply(store.replace("a", 1, "later", null)));
        step(out, "increment c", () -> store.increment("c", 5, Duration.ofSeconds(60)));
        step(out, "increment c", () -> store.increment("c", 2, Duration.ofSeconds(60)));
        advance.accept(Duration.ofSeconds(61));
        step(out, "increment c after 61s", () -> store.increment("c", 1, Duration.ofSeconds(60)));
        step(out, "increment a", () -> store.increment("a", 1, null));
        step(out, "key 'bad key'", () -> store.put("bad key", 1, null));
        step(out, "large", () -> store.put("big", "x".repeat(PluginStore.MAX_VALUE_BYTES), null));
        step(out, "ttl 0", () -> store.put("t", 1, Duration.ZERO));
        step(out, "object", () -> store.put("o", new Object(), null));
        step(out, "null", () -> store.put("n", null, null));
        step(out, "sealed put token", () -> entry.apply(store.sealed().put("token", "s3cr3t", Duration.ofHours(2))));
        step(out, "sealed token", () -> entry.apply(store.sealed().get("token")));
        step(out, "plain token", () -> entry.apply(store.get("token")));
        step(out, "sealed increment", () -> store.sealed().increment("n", 1, null));
        step(out, "delete a", () -> store.delete("a"));
        step(out, "delete a", () -> store.delete("a"));
        return out;
    }

    private static void step(List<String> out, String what, Callable<Object> call) {
        try {
            out.add(what + " -> " + call.call());
        } catch (PluginException e) {
            out.add(what + " -> " + e.code());
        } catch (Exception e) {
            out.add(what + " -> unexpected " + e);
        }
    }

    private static String describe(io.quanyu.plugin.sdk.StoreEntry e) {
        return "v" + e.version() + " " + e.value() + (e.expiresAt() == null ? "" : " until " + e.expiresAt());
    }

    private static SecretBox box() {
        return new SecretBox(Node.KEY);
    }

    private static TenantDatabase database() {
        TenantId tenant = new TenantId("st" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
        return new MongoTenantDatabases(MONGO.client()).forTenant(new TenantContext(tenant, "s", "admin",
                Set.of(Role.TENANT_ADMIN), false));
    }
}

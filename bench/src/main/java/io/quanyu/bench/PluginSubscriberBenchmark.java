package io.quanyu.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.outbox.DomainEvent;
import io.quanyu.outbox.Subscriber;
import io.quanyu.plugin.host.PluginStores;
import io.quanyu.plugin.host.PluginSubscriptions;
import io.quanyu.plugin.host.SecretBox;
import io.quanyu.plugin.sdk.PluginStore;
import io.quanyu.plugin.testkit.PluginZipBuilder;
import io.quanyu.testfixtures.InJvmMongo;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Customer event → plugin subscriber called: an event tracked through the customer 360 (as the events API does), its
 * {@code EventsApplied} relayed into the tenant's log, read back from the customer 360 and handed to a plugin's
 * {@code EventSubscriber} in its class loader, under its bulkhead, timed from the moment {@code track} returned to
 * the moment the plugin's code runs. Idle (one event every 20 ms) and under load (200 events a second, the rate the
 * in-JVM store takes on two cores). Baseline in the same run, on the same seam and the same events: a platform
 * subscriber of {@code EventsApplied} (what the search indexer is), called with the event ids only.
 */
public final class PluginSubscriberBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PLUGIN = "bench-subscriber";
    private static final String MANIFEST = """
            {"id": "%s", "version": "1.0.0", "requires": ">=1.1.0 & <2.0.0", "provider": "benchsoft",
             "name": {"en": "Timed subscriber"},
             "subscriptions": [{"name": "timed", "eventTypes": ["bench.visit"]}]}
            """.formatted(PLUGIN);

    private PluginSubscriberBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int idle = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int loadSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        TenantId tenant = TenantId.of("benchsubscriber");
        try (InJvmMongo server = InJvmMongo.start(); MongoClient client = MongoClients.create(server.connectionString());
             PluginNode node = new PluginNode(client, "benchplatform", "one", Duration.ofSeconds(1))) {
            node.marketplace.registerKey("benchsoft", PluginBenchmark.pem(key.getPublic()));
            var release = PluginZipBuilder.create().manifest(MANIFEST).extension(TimedSubscriber.class).buildSigned(key.getPrivate());
            node.marketplace.publish("benchsoft", release.zip(), release.signature(), false);
            node.plugins.install(node.database(tenant), Quotas.DEFAULT, "admin", PLUGIN, "1.0.0");
            node.plugins.enable(node.database(tenant), Quotas.DEFAULT, "admin", PLUGIN, Map.of());
            node.served.add(tenant);
            Map<String, Long> platform = new ConcurrentHashMap<>();
            node.seam.subscribe(platformSubscriber(platform));
            node.subscriptions.refresh();
            node.seam.start();
            PluginStore store = new PluginStores(new SecretBox(java.util.Base64.getEncoder().encodeToString(new byte[32])),
                    Clock.systemUTC()).open(node.database(tenant), PLUGIN);
            Bench bench = new Bench(node, tenant, store, platform);

            bench.run("warmup", 300, 100);
            System.out.println("plugin subscriber: customer event tracked -> plugin's EventSubscriber called (in-JVM MongoDB wire server)");
            List<Long>[] quiet = bench.run("idle", idle, 50);
            List<Long>[] busy = bench.run("load", loadSeconds * 200, 200);
            EventSeamBenchmark.report("  idle, 1 event / 20 ms      plugin  ", quiet[0]);
            EventSeamBenchmark.report("                             platform", quiet[1]);
            EventSeamBenchmark.report("  200 events/s for " + loadSeconds + " s    plugin  ", busy[0]);
            EventSeamBenchmark.report("                             platform", busy[1]);
        }
    }

    /** The baseline: a platform subscriber noting when each event id reached it. */
    private static Subscriber platformSubscriber(Map<String, Long> received) {
        return new Subscriber() {
            public String name() {
                return "bench-platform";
            }

            public Set<String> types() {
                return Set.of(DomainEvent.EVENTS_APPLIED);
            }

            public void handle(DomainEvent event) {
                long now = System.nanoTime();
                if (event.data().get("events") instanceof List<?> ids) {
                    ids.forEach(id -> received.putIfAbsent(String.valueOf(id), now));
                }
            }
        };
    }

    /** Tracks events at a rate and collects both subscribers' latencies. */
    private record Bench(PluginNode node, TenantId tenant, PluginStore store, Map<String, Long> platform) {

        /** Returns {plugin latencies, platform latencies} in nanoseconds, received − track returned (at least 0). */
        @SuppressWarnings("unchecked")
        List<Long>[] run(String name, int count, int perSecond) throws InterruptedException {
            Map<String, Long> written = new ConcurrentHashMap<>();
            CallContext call = CallContext.of(new TenantContext(tenant, "bench", "bench", Set.of(Role.INTEGRATOR), false),
                    Quotas.DEFAULT, "bench");
            ScheduledExecutorService pacer = Executors.newScheduledThreadPool(4);
            AtomicInteger sent = new AtomicInteger();
            var task = pacer.scheduleAtFixedRate(() -> {
                int n = sent.getAndIncrement();
                if (n < count) {
                    String id = name + "-" + n;
                    ArrayNode batch = JSON.createArrayNode();
                    var event = batch.addObject().put("eventId", id).put("type", "bench.visit")
                            .put("time", Instant.now().toString());
                    event.putArray("identities").addObject().put("type", "device_id").put("value", "d" + (n % 50));
                    event.putObject("properties").put("n", n);
                    node.customers.track(call, batch);
                    written.put(id, System.nanoTime());
                }
            }, 0, 1_000_000_000L / perSecond, TimeUnit.NANOSECONDS);
            String subscriber = PluginSubscriptions.subscriberName(PLUGIN, "timed");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(count / perSecond + 60);
            while ((written.size() < count || node.seam.lag(node.database(tenant), subscriber) > 0
                    || !platform.keySet().containsAll(written.keySet())) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            task.cancel(false);
            pacer.shutdownNow();
            List<Long> plugin = new ArrayList<>();
            List<Long> baseline = new ArrayList<>();
            written.forEach((id, at) -> {
                store.get("got:" + id).ifPresent(e -> plugin.add(Math.max(0, ((Number) e.value()).longValue() - at)));
                Long got = platform.get(id);
                if (got != null) {
                    baseline.add(Math.max(0, got - at));
                }
            });
            if (plugin.size() < count) {
                System.out.println("  " + name + ": the plugin received " + plugin.size() + " of " + count + " events");
            }
            return new List[]{plugin, baseline};
        }
    }
}

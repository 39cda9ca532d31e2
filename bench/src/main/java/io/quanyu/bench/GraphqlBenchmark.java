package io.quanyu.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import graphql.GraphQL;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.graphql.GraphqlEngine;
import io.quanyu.graphql.RequestScope;
import io.quanyu.graphql.SchemaGenerator;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.objects.schema.ObjectTypeParser;
import io.quanyu.records.MetadataService;
import io.quanyu.records.ObjectInfo;
import io.quanyu.records.RecordQuery;
import io.quanyu.records.RecordService;
import io.quanyu.testfixtures.InJvmMongo;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GraphQL in-process (engine, schema cache, records layer, MongoDB wire server; no HTTP or token check): a filtered
 * 50-record page at a fixed request rate, p50/p99 measured from each request's scheduled start, next to the same
 * page through the records service; schema rebuild time after a field change; heap of 1,000 cached tenant schemas
 * (10 objects x 20 fields each).
 */
public final class GraphqlBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SECONDS = 10;

    private GraphqlBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (InJvmMongo server = InJvmMongo.start(); MongoClient client = MongoClients.create(server.connectionString())) {
            var metadata = new MetadataService(Clock.systemUTC(), Executors.newVirtualThreadPerTaskExecutor());
            var records = new RecordService(metadata, Clock.systemUTC());
            TenantDatabase db = new MongoTenantDatabases(client).forTenant(new TenantContext(TenantId.of("benchgraphql"),
                    "bench", "bench", Set.of(Role.INTEGRATOR), true));
            metadata.create(db, definition("visit", 20), "bench", Quotas.DEFAULT);
            seed(records, db, 5_000);
            var call = new io.quanyu.core.call.CallContext(db.tenant(), "bench", Set.of(Role.INTEGRATOR), Quotas.DEFAULT,
                    null, null);
            var scope = new RequestScope(call, RequestScope.Capability.WRITE_DATA,
                    new io.quanyu.records.Records(new MongoTenantDatabases(client), metadata, records, null));
            var engine = new GraphqlEngine(new GraphqlEngine.Limits(10, 20_000, Duration.ofSeconds(10), 2_000));
            String query = "{ visits(filter: {f1: {gte: 100}}, first: 50) { totalCount nodes { _id f0 f1 f2 f3 } } }";
            var filter = JSON.readTree("{\"field\": \"f1\", \"op\": \"gte\", \"value\": 100}");
            Runnable viaGraphql = () -> {
                Map<String, Object> result = engine.execute(scope, query, Map.of(), null);
                if (result.containsKey("errors")) {
                    throw new IllegalStateException(result.toString());
                }
            };
            Runnable viaRecords = () -> records.query(db, "visit", new RecordQuery(filter, List.of(), 50, null, false));
            for (int i = 0; i < 300; i++) {
                viaGraphql.run();
                viaRecords.run();
            }
            for (int rate : new int[]{20, 200}) {
                System.out.printf("GraphQL, in-process, filtered 50-record page of 5,000 at %d req/s for %d s%n", rate, SECONDS);
                print("records service", fixedRate(viaRecords, rate));
                print("GraphQL engine", fixedRate(viaGraphql, rate));
            }
            rebuild(metadata, db, scope);
            heap();
        }
    }

    private static ObjectNode definition(String apiName, int fields) {
        ObjectNode d = JSON.createObjectNode().put("apiName", apiName);
        d.putObject("label").put("en", apiName).put("zh-CN", "对象" + apiName);
        ArrayNode list = d.putArray("fields");
        for (int i = 0; i < fields; i++) {
            ObjectNode f = list.addObject().put("apiName", "f" + i).put("type", i % 3 == 1 ? "integer" : i % 3 == 2 ? "decimal" : "text");
            f.putObject("label").put("en", "Field " + i).put("zh-CN", "字段" + i);
        }
        return d;
    }

    private static void seed(RecordService records, TenantDatabase db, int count) {
        for (int start = 0; start < count; start += 1000) {
            ArrayNode batch = JSON.createArrayNode();
            for (int i = start; i < start + 1000; i++) {
                batch.addObject().put("f0", "门店 " + i).put("f1", i % 1000).put("f2", i * 0.5).put("f3", "note " + i);
            }
            records.bulkUpsert(db, "visit", batch, "_id", "bench", Quotas.DEFAULT);
        }
    }

    /** Latencies in nanoseconds (a failed request counts until it failed) and how many requests failed. */
    private record Latencies(long[] nanos, int failed) {
    }

    /**
     * Issues requests at fixed start times; latency counts from the scheduled start (no coordinated omission). A
     * request that fails (an overloaded machine hits the query timeout) is counted, not left to stall the run.
     */
    private static Latencies fixedRate(Runnable request, int rate) throws InterruptedException {
        int total = rate * SECONDS;
        long[] latencies = new long[total];
        AtomicInteger failed = new AtomicInteger();
        long intervalNanos = 1_000_000_000L / rate;
        CountDownLatch done = new CountDownLatch(total);
        try (var workers = Executors.newVirtualThreadPerTaskExecutor()) {
            long start = System.nanoTime() + 50_000_000L;
            for (int i = 0; i < total; i++) {
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int index = i;
                workers.execute(() -> {
                    try {
                        request.run();
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                    } finally {
                        latencies[index] = System.nanoTime() - due;
                        done.countDown();
                    }
                });
            }
            done.await();
        }
        return new Latencies(latencies, failed.get());
    }

    private static void print(String what, Latencies latencies) {
        long[] sorted = latencies.nanos().clone();
        Arrays.sort(sorted);
        System.out.printf("  %-16s p50 %6.2f ms   p99 %6.2f ms   max %6.2f ms%s%n", what, sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6,
                latencies.failed() == 0 ? "" : "   failed " + latencies.failed() + " of " + sorted.length);
    }

    private static void rebuild(MetadataService metadata, TenantDatabase db, RequestScope scope) {
        List<Long> builds = new ArrayList<>();
        ObjectNode def = definition("visit", 20);
        for (int i = 0; i < 10; i++) {
            ((ArrayNode) def.get("fields")).addObject().put("apiName", "extra" + i).put("type", "text")
                    .putObject("label").put("en", "Extra " + i);
            metadata.change(db, "visit", def, "bench", Quotas.DEFAULT);
            List<ObjectInfo> objects = metadata.list(db);
            long start = System.nanoTime();
            GraphQL.newGraphQL(SchemaGenerator.generate(objects, scope.capability(), scope.roles())).build();
            builds.add(System.nanoTime() - start);
        }
        builds.sort(Long::compare);
        System.out.printf("Schema rebuild after a field change (6 objects incl. standard ones): median %.1f ms, max %.1f ms%n",
                builds.get(builds.size() / 2) / 1e6, builds.getLast() / 1e6);
    }

    private static void heap() {
        List<ObjectInfo> objects = new ArrayList<>();
        for (int o = 0; o < 10; o++) {
            var type = ObjectTypeParser.parse(definition("object" + o, 20), name -> java.util.Optional.empty());
            objects.add(new ObjectInfo(type, 1, null, null, null));
        }
        long before = usedHeap();
        List<GraphQL> cached = new ArrayList<>();
        for (int tenant = 0; tenant < 1_000; tenant++) {
            cached.add(GraphQL.newGraphQL(SchemaGenerator.generate(copies(objects), RequestScope.Capability.WRITE_DATA,
                    Set.of("integrator"))).build());
        }
        long after = usedHeap();
        System.out.printf("Heap of %d cached tenant schemas (10 objects x 20 fields): %.0f MB (%.0f KB each)%n",
                cached.size(), (after - before) / 1e6, (after - before) / 1e3 / cached.size());
    }

    /** Each tenant has its own metadata objects, as after reading them from its database. */
    private static List<ObjectInfo> copies(List<ObjectInfo> objects) {
        return objects.stream().map(o -> new ObjectInfo(ObjectTypeParser.shape(ObjectTypeParser.toJson(o.type())), 1,
                null, null, null)).toList();
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }

}

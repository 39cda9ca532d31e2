package io.quanyu.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.search.elasticsearch.ElasticsearchSegmentIndex;
import io.quanyu.segments.SegmentIndex;
import org.apache.http.HttpHost;
import org.bson.Document;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * A segment's size at a million members (issue 16: "large counts come from Elasticsearch"), on the Elasticsearch
 * server {@code QUANYU_ELASTICSEARCH_URL} (default {@code http://127.0.0.1:19200}; {@code bench/run} starts one):
 * <ol>
 *   <li>the segment index of a fresh tenant is filled with the transitions of {@code n} customers (default
 *   1,000,000; 30% left in the segment) through {@link ElasticsearchSegmentIndex#apply}, bulks of 5,000 as the
 *   indexer writes runs, timed;</li>
 *   <li>the segment's size through {@link SegmentIndex#count}, median and p95 of 30. Baselines in the same run:
 *   Elasticsearch's own {@code _count} request with the same filter sent by its low-level client, and a raw driver
 *   count of the same memberships in MongoDB ({@code countDocuments} on the MongoDB wire server, as the membership
 *   collection answered before the index), on at most {@value #MONGO_BASELINE} of them;</li>
 *   <li>the counts of every segment of the tenant at once (one of them large) and 30 days of entry/exit history,
 *   median of 30.</li>
 * </ol>
 */
public final class SegmentCountBenchmark {
    private static final int BULK = 5_000;
    private static final int REPEATS = 30;
    /**
     * The most memberships the raw driver baseline writes: the MongoDB wire server here took over 15 minutes of CPU
     * without finishing a million inserts, and its count reads the whole collection anyway, so it is measured on at
     * most this many and reported with the number.
     */
    private static final int MONGO_BASELINE = 200_000;

    private SegmentCountBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String url = System.getenv().getOrDefault("QUANYU_ELASTICSEARCH_URL", "http://127.0.0.1:19200");
        TenantId tenant = TenantId.of("benchcount" + UUID.randomUUID().toString().replace("-", "").substring(0, 8));
        try (RestClient rest = RestClient.builder(HttpHost.create(url))
                .setRequestConfigCallback(r -> r.setConnectTimeout(3_000).setSocketTimeout(120_000)).build()) {
            ElasticsearchClient client = new ElasticsearchClient(new RestClientTransport(rest, new Jackson3JsonpMapper()));
            ElasticsearchSegmentIndex index = new ElasticsearchSegmentIndex(client, 0);
            try {
                run(n, tenant, rest, index);
            } finally {
                // by name: the server refuses wildcard deletes
                rest.performRequest(new Request("DELETE", "/" + tenant.indexPrefix() + "seg-members," + tenant.indexPrefix()
                        + "seg-transitions"));
            }
        }
    }

    private static void run(int n, TenantId tenant, RestClient rest, ElasticsearchSegmentIndex index) throws Exception {
        long generation = 1_700_000_000_000L;
        index.prepare(tenant, sink -> { });
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        long began = System.nanoTime();
        List<SegmentIndex.Transition> batch = new ArrayList<>(BULK);
        long members = 0;
        for (int i = 0; i < n; i++) {
            // everyone entered; 70% left again later (version 2), so 30% are members
            boolean stays = i % 10 < 3;
            Instant at = start.plusSeconds(i % (30 * 86_400));
            batch.add(new SegmentIndex.Transition("three", generation, customer(i), stays ? 1 : 2, stays, at));
            members += stays ? 1 : 0;
            if (batch.size() == BULK) {
                index.apply(tenant, batch);
                batch.clear();
            }
        }
        index.apply(tenant, batch);
        for (int s = 0; s < 999; s++) {
            index.apply(tenant, List.of(new SegmentIndex.Transition("small" + s, generation, customer(s), 1, true, start)));
        }
        rest.performRequest(new Request("POST", "/" + tenant.indexPrefix() + "seg-*/_refresh"));
        double fillSeconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("segments at scale: %,d customers' transitions written to the segment index in %.1f s (%,.0f/s, bulks of %,d)%n",
                n, fillSeconds, n / fillSeconds, BULK);

        long[] counted = {0};
        List<Long> ours = time(() -> counted[0] = index.count(tenant, "three", generation));
        check(counted[0] == members, "count " + counted[0] + " != " + members);
        String body = "{\"query\": {\"bool\": {\"filter\": [{\"term\": {\"member\": true}}, {\"term\": {\"sg\": \"three|" + generation + "\"}}]}}}";
        List<Long> raw = time(() -> {
            Request request = new Request("POST", "/" + tenant.indexPrefix() + "seg-members/_count");
            request.setJsonEntity(body);
            try {
                return rest.performRequest(request).getStatusLine().getStatusCode();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        System.out.printf("  count of a segment with %,d members among %,d customers: SegmentIndex.count p50 %.1f ms, p95 %.1f ms%n",
                members, n, p(ours, 50), p(ours, 95));
        System.out.printf("  baseline: Elasticsearch's own _count request, same filter:        p50 %.1f ms, p95 %.1f ms (ratio %.2f)%n",
                p(raw, 50), p(raw, 95), p(ours, 50) / p(raw, 50));
        List<Long> all = time(() -> index.counts(tenant, generations(generation)).size());
        List<Long> history = time(() -> index.history(tenant, "three", generation, ZoneId.of("Asia/Shanghai"),
                LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30)).size());
        System.out.printf("  counts of all 1,000 segments at once p50 %.1f ms; 30 days of history (%,d transitions) p50 %.1f ms%n",
                p(all, 50), (long) n, p(history, 50));
        mongoBaseline(Math.min(n, MONGO_BASELINE));
    }

    /**
     * The same memberships counted by the raw driver on the MongoDB wire server of {@code QUANYU_MONGODB_URI} (default
     * the dev one, {@code mongodb://127.0.0.1:27117}: a million documents do not fit an in-JVM server in this heap), in
     * a database of its own, dropped after.
     */
    private static void mongoBaseline(int n) {
        String uri = System.getenv().getOrDefault("QUANYU_MONGODB_URI", "mongodb://127.0.0.1:27117");
        String name = "benchcount_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (MongoClient client = MongoClients.create(uri)) {
            try {
                mongoCount(client.getDatabase(name), n);
            } finally {
                client.getDatabase(name).drop();
            }
        }
    }

    private static void mongoCount(com.mongodb.client.MongoDatabase db, int n) {
        MongoCollection<Document> members = db.getCollection("seg_members");
        List<Document> batch = new ArrayList<>(BULK);
        for (int i = 0; i < n; i++) {
            batch.add(new Document("_id", "three|" + customer(i)).append("segment", "three").append("customer", customer(i))
                    .append("member", i % 10 < 3).append("version", i % 10 < 3 ? 1L : 2L));
            if (batch.size() == BULK) {
                members.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            members.insertMany(batch);
        }
        long[] counted = {0};
        List<Long> scan = time(3, () -> counted[0] = members.countDocuments(
                Filters.and(Filters.eq("segment", "three"), Filters.eq("member", true))));
        System.out.printf("  baseline: raw driver countDocuments of the same %,d memberships (the MongoDB wire server): p50 %.1f ms (%,d)%n",
                n, p(scan, 50), counted[0]);
    }

    private static java.util.Map<String, Long> generations(long generation) {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        out.put("three", generation);
        for (int s = 0; s < 999; s++) {
            out.put("small" + s, generation);
        }
        return out;
    }

    private static String customer(int i) {
        return String.format("c%031d", i);
    }

    private static List<Long> time(LongSupplier call) {
        return time(REPEATS, call);
    }

    private static List<Long> time(int repeats, LongSupplier call) {
        call.getAsLong();
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            call.getAsLong();
            out.add(System.nanoTime() - t);
        }
        out.sort(null);
        return out;
    }

    private static double p(List<Long> sorted, int percentile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1)) / 1e6;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}

package io.quanyu.bench;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import org.bson.Document;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The segment half of {@code bench/crash-ingest}: before the run, a segment of tenant acme, "3 to 6 page views"
 * (a behaviour condition, so a visitor enters at the third and leaves at the seventh); after it, read from MongoDB,
 * every membership's {@code SegmentEntered} / {@code SegmentExited} events in the tenant's log must be one per
 * version, versions 1, 2, … without a gap, entries and exits alternating from an entry, the last one agreeing with the
 * membership, and the membership agreeing with the stored events (a live profile of the run, or of the segment's
 * backfill, with 3 to 6 page views in all is in, every other one out), although the server was killed twice while
 * they were made.
 */
final class CrashSegmentCheck {
    private final String key;
    private final String run;

    CrashSegmentCheck(String run) {
        this.run = run;
        this.key = "crash_" + run;
    }

    /** Creates the segment as acme's administrator and waits until its backfill is done. */
    void define(String serverUrl, String keycloakUrl) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        BenchToken admin = BenchToken.admin(http, keycloakUrl);
        String body = "{\"names\": {\"en\": \"Crash test " + run + "\"}, \"rule\": {\"behavior\": {\"event\": \"page_view\","
                + " \"op\": \"between\", \"value\": [3, 6]}}}";
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(serverUrl + "/api/v1/segments/" + key))
                .header("Authorization", "Bearer " + admin.get()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (put.statusCode() != 200) {
            throw new IllegalStateException("the segment was refused: " + put.statusCode() + " " + put.body());
        }
        for (int i = 0; i < 1_200; i++) {
            HttpResponse<String> got = http.send(HttpRequest.newBuilder(URI.create(serverUrl + "/api/v1/segments/" + key))
                    .header("Authorization", "Bearer " + admin.get()).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (BenchEvents.JSON.readTree(got.body()).path("backfill").path("done").asBoolean()) {
                System.out.println("crash-ingest: segment " + key + " defined (3 to 6 page views)");
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the segment's backfill did not finish in 10 minutes");
    }

    /**
     * Checks the memberships and their events, again every 2 s for up to {@code waitSeconds} while the engine catches
     * up with the events the sweep applied late; answers the number of problems (0: passed).
     */
    int verify(MongoDatabase acme, int waitSeconds) throws InterruptedException {
        List<String> problems = List.of();
        for (int waited = 0; waited <= waitSeconds; waited += 2) {
            problems = problems(acme);
            if (problems.isEmpty()) {
                break;
            }
            Thread.sleep(2_000);
        }
        problems.stream().limit(20).forEach(p -> System.out.println("  " + p));
        return problems.size();
    }

    /** Deletes the segment (so runs do not pile segments up in acme). */
    void drop(String serverUrl, String keycloakUrl) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        http.send(HttpRequest.newBuilder(URI.create(serverUrl + "/api/v1/segments/" + key))
                .header("Authorization", "Bearer " + BenchToken.admin(http, keycloakUrl).get()).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<String> problems(MongoDatabase acme) {
        if (unrelayed(acme) > 0) {
            return List.of(unrelayed(acme) + " memberships with events not yet in the log");
        }
        Set<String> customers = new HashSet<>();
        for (Document d : acme.getCollection("c360_events").find(Filters.regex("_id", "^" + run + "-"))
                .projection(new Document("customerId", 1))) {
            customers.add(d.getString("customerId"));
        }
        for (Document m : acme.getCollection("seg_members").find(Filters.eq("segment", key)).projection(new Document("customer", 1))) {
            customers.add(m.getString("customer"));
        }
        Map<String, Long> views = new HashMap<>();
        for (Document d : acme.getCollection("c360_events").aggregate(List.of(
                Aggregates.match(Filters.and(Filters.in("customerId", customers), Filters.eq("type", "page_view"))),
                Aggregates.group("$customerId", Accumulators.sum("n", 1))))) {
            views.put(d.getString("_id"), ((Number) d.get("n")).longValue());
        }
        Set<String> live = new HashSet<>();
        for (Document p : acme.getCollection("c360_profiles").find(Filters.and(Filters.in("_id", customers),
                Filters.eq("mergedInto", null))).projection(new Document("_id", 1))) {
            live.add(p.getString("_id"));
        }
        Map<String, TreeMap<Long, List<String>>> logged = new HashMap<>();
        for (Document entry : acme.getCollection("outbox_log").find(Filters.and(
                Filters.in("event.type", "SegmentEntered", "SegmentExited"), Filters.eq("event.data.segment", key)))) {
            Document event = entry.get("event", Document.class);
            Document data = event.get("data", Document.class);
            logged.computeIfAbsent(data.getString("customerId"), c -> new TreeMap<>())
                    .computeIfAbsent(((Number) data.get("version")).longValue(), v -> new ArrayList<>())
                    .add(event.getString("_id") + ":" + event.getString("type"));
        }
        List<String> problems = new ArrayList<>();
        int members = 0;
        int transitions = 0;
        for (Document m : acme.getCollection("seg_members").find(Filters.eq("segment", key))) {
            String customer = m.getString("customer");
            boolean member = m.getBoolean("member", false);
            long version = ((Number) m.get("version")).longValue();
            members += member ? 1 : 0;
            TreeMap<Long, List<String>> events = logged.getOrDefault(customer, new TreeMap<>());
            transitions += events.size();
            long expected = 1;
            for (var e : events.entrySet()) {
                long distinct = e.getValue().stream().map(s -> s.substring(0, s.indexOf(':'))).distinct().count();
                String type = e.getValue().getFirst().substring(e.getValue().getFirst().indexOf(':') + 1);
                if (e.getKey() != expected || distinct != 1
                        || !type.equals(expected % 2 == 1 ? "SegmentEntered" : "SegmentExited")) {
                    problems.add(customer + ": version " + e.getKey() + " " + e.getValue());
                }
                expected++;
            }
            if (events.isEmpty() ? version != 0 : events.lastKey() != version) {
                problems.add(customer + ": membership at version " + version + ", log up to " + (events.isEmpty() ? 0 : events.lastKey()));
            }
            long count = views.getOrDefault(customer, 0L);
            boolean truth = live.contains(customer) && count >= 3 && count <= 6;
            if (truth != member) {
                problems.add(customer + ": " + count + " page views, " + (live.contains(customer) ? "live" : "merged")
                        + ", member " + member);
            }
        }
        for (String customer : live) {
            long count = views.getOrDefault(customer, 0L);
            if (count >= 3 && count <= 6 && acme.getCollection("seg_members").countDocuments(Filters.and(
                    Filters.eq("segment", key), Filters.eq("customer", customer), Filters.eq("member", true))) == 0) {
                problems.add(customer + ": " + count + " page views and no membership");
            }
        }
        System.out.printf("crash-ingest: segment %s: %d members, %d transitions logged, %d problems%n", key, members,
                transitions, problems.size());
        return problems;
    }

    private long unrelayed(MongoDatabase acme) {
        return acme.getCollection("seg_members").countDocuments(Filters.and(Filters.eq("segment", key),
                Filters.exists("_outbox.0")));
    }
}

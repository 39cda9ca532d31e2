package io.quanyu.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Callback-to-event latency of the WeChat channel on a running server: a follower of the WeChat fake's demo account
 * sends text messages; the fake signs and encrypts each callback (safe mode) and posts it to tenant acme's WeChat
 * webhook, the plugin acknowledges and processes it on a task, and the event is stored in {@code c360_events}. Timed
 * from just before the fake is told to send to the moment a poller sees the event (a find by id every
 * {@value #POLL_MILLIS} ms: a change stream would hold one of the wire server's few threads). Baseline, in the
 * same run and interleaved with it: the same kind of event for the same follower posted by an integrator to
 * {@code POST /api/v1/events}, timed the same way. Enables the WeChat channel for acme with the demo account's
 * settings first. Arguments: [messages] [messages per second].
 */
public final class WeChatCallbackBenchmark {
    private static final String DIRECT = "bench-cb-";
    private static final long POLL_MILLIS = 5;

    private WeChatCallbackBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String server = System.getProperty("quanyu.bench.server", "http://127.0.0.1:8080");
        String keycloak = System.getProperty("quanyu.bench.keycloak", "http://127.0.0.1:18080");
        String fake = System.getProperty("quanyu.bench.wechat", "http://127.0.0.1:18085");
        String appId = System.getProperty("quanyu.bench.wechat-app", "wx0a1b2c3d4e5f6a7b");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Json api = new Json(http);
        String admin = BenchToken.admin(http, keycloak).get();
        enableWeChat(api, server, admin, fake, appId);
        String openId = follower(api, fake, appId);
        BenchToken integrator = BenchToken.integrator(http, keycloak);

        Map<String, Long> seen = new ConcurrentHashMap<>();
        Map<String, Long> weChatStarted = new ConcurrentHashMap<>();
        Map<String, Long> directStarted = new ConcurrentHashMap<>();
        try (MongoClient client = MongoClients.create(System.getProperty("quanyu.bench.mongo", "mongodb://127.0.0.1:27017"))) {
            Thread watcher = Thread.ofPlatform().daemon().start(() -> poll(client, seen, weChatStarted, directStarted));
            String run = Long.toString(System.currentTimeMillis(), 36);
            List<Long> acknowledged = new ArrayList<>();
            long pause = 1000L / Math.max(1, rate);
            int warmUp = Math.min(20, messages);
            for (int i = 0; i < warmUp + messages; i++) {
                boolean counted = i >= warmUp;
                long start = System.nanoTime();
                JsonNode delivery = api.post(fake + "/fake/accounts/" + appId + "/followers/" + openId + "/text", null,
                        "{\"content\": \"压测 " + run + " " + i + "\"}");
                long ack = System.nanoTime() - start;
                if (!"NO_REPLY".equals(delivery.path("outcome").asString())) {
                    throw new IllegalStateException("the platform did not acknowledge a callback: " + delivery);
                }
                if (counted) {
                    acknowledged.add(ack);
                    weChatStarted.put("wechat:" + appId + ":msg:" + delivery.path("msgId").asString(), start);
                }
                Thread.sleep(pause / 2);
                String eventId = DIRECT + run + "-" + i;
                start = System.nanoTime();
                api.post(server + "/api/v1/events", integrator.get(), "{\"events\": [{\"eventId\": \"" + eventId
                        + "\", \"type\": \"wechat.message\", \"channel\": \"wechat\", \"time\": \"" + Instant.now()
                        + "\", \"identities\": {\"wechat_openid\": {\"scope\": \"" + appId + "\", \"value\": \"" + openId
                        + "\"}}, \"properties\": {\"content\": \"direct " + i + "\"}}]}");
                if (counted) {
                    directStarted.put(eventId, start);
                }
                Thread.sleep(pause - pause / 2);
            }
            long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < giveUp && !(seen.keySet().containsAll(weChatStarted.keySet())
                    && seen.keySet().containsAll(directStarted.keySet()))) {
                Thread.sleep(100);
            }
            watcher.interrupt();
            List<Long> weChat = latencies(weChatStarted, seen);
            List<Long> direct = latencies(directStarted, seen);
            System.out.printf("WeChat callbacks into the server on %s, tenant acme, account %s, %d messages at %d/s "
                    + "(after %d not counted), safe mode%n", server, appId, messages, rate, warmUp);
            print("callback acknowledged (fake -> plugin webhook -> answer)", acknowledged, messages);
            print("callback -> event stored", weChat, messages);
            print("baseline: POST /api/v1/events -> event stored", direct, messages);
            if (!direct.isEmpty() && !weChat.isEmpty()) {
                System.out.printf("  p95 ratio, callback path / events API: %.2f%n",
                        (double) percentile(weChat, 95) / percentile(direct, 95));
            }
            if (weChat.size() < messages || direct.size() < messages) {
                System.out.println("  some events were not seen within 60 s");
                System.exit(2);
            }
        }
    }

    /** Finds the events started and not seen yet, by id, every {@value #POLL_MILLIS} ms; notes when each appeared. */
    private static void poll(MongoClient client, Map<String, Long> seen, Map<String, Long> weChat, Map<String, Long> direct) {
        var events = client.getDatabase("quanyu_t_acme").getCollection("c360_events");
        while (!Thread.currentThread().isInterrupted()) {
            List<String> pending = new ArrayList<>();
            weChat.keySet().stream().filter(id -> !seen.containsKey(id)).forEach(pending::add);
            direct.keySet().stream().filter(id -> !seen.containsKey(id)).forEach(pending::add);
            if (!pending.isEmpty()) {
                for (Document found : events.find(Filters.in("_id", pending)).projection(new Document("_id", 1))) {
                    seen.putIfAbsent(found.getString("_id"), System.nanoTime());
                }
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static List<Long> latencies(Map<String, Long> started, Map<String, Long> seen) {
        List<Long> out = new ArrayList<>();
        started.forEach((key, start) -> {
            Long at = seen.get(key);
            if (at != null) {
                out.add(at - start);
            }
        });
        out.sort(null);
        return out;
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void print(String what, List<Long> values, int expected) {
        values.sort(null);
        if (values.isEmpty()) {
            System.out.printf("  %-58s: none seen%n", what);
            return;
        }
        System.out.printf("  %-58s: p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (%d of %d)%n", what,
                percentile(values, 50) / 1e6, percentile(values, 95) / 1e6, percentile(values, 99) / 1e6,
                values.getLast() / 1e6, values.size(), expected);
    }

    /** Installs (when it is not) and enables acme's WeChat channel with the fake's demo account, as dev/run prints it. */
    private static void enableWeChat(Json api, String server, String admin, String fake, String appId)
            throws IOException, InterruptedException {
        api.send("POST", server + "/api/v1/plugins", admin, "{\"pluginId\": \"channel-wechat\"}", 201, 409);
        Map<String, Object> settings = Map.of("appId", appId,
                "appSecret", System.getProperty("quanyu.bench.wechat-secret", "demo-app-secret"),
                "token", System.getProperty("quanyu.bench.wechat-token", "quanyuDemo"),
                "encodingAesKey", System.getProperty("quanyu.bench.wechat-aes-key", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"),
                "mode", "safe", "apiBaseUrl", fake);
        api.send("POST", server + "/api/v1/plugins/channel-wechat/enable", admin,
                BenchEvents.JSON.writeValueAsString(Map.of("settings", settings)), 200);
    }

    /** A new person of the fake who follows the account: their openid. */
    private static String follower(Json api, String fake, String appId) throws IOException, InterruptedException {
        JsonNode person = api.post(fake + "/fake/people", null, "{\"nickname\": \"压测粉丝\"}");
        String openId = person.path("openIds").path(appId).asString();
        if (openId.isEmpty()) {
            throw new IllegalStateException("the fake has no account " + appId + ": " + person);
        }
        api.post(fake + "/fake/accounts/" + appId + "/followers/" + openId + "/follow", null, "{}");
        return openId;
    }

    /** JSON over HTTP, a status outside the accepted ones being an error. */
    private record Json(HttpClient http) {
        JsonNode post(String url, String token, String body) throws IOException, InterruptedException {
            return send("POST", url, token, body, 200, 201);
        }

        JsonNode send(String method, String url, String token, String body, int... accepted)
                throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (int status : accepted) {
                if (response.statusCode() == status) {
                    return response.body().isBlank() ? BenchEvents.JSON.createObjectNode()
                            : BenchEvents.JSON.readTree(response.body());
                }
            }
            throw new IOException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}

package io.quanyu.bench;

import io.quanyu.bench.CrashIngestDriver.DeadlinePassed;
import io.quanyu.core.messaging.SendIds;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The driver of {@code bench/crash-send}: as tenant acme's admin ({@code acme-admin}, password grant of the dev realm's
 * {@code quanyu-cli}) it installs and enables {@code channel-email} pointed at GreenMail's SMTP port (no encryption, no
 * login, no bounce address), puts the template {@code crash-send}, creates customers with e-mail identities of this run
 * through {@code POST /api/v1/events}, then sends one e-mail per idempotency key through
 * {@code POST /api/v1/messaging/sends} from a few threads, each send again and again until the server answers
 * (connection errors, timeouts, 429 and 5xx are retried after a short backoff, with no limit but one deadline for the
 * whole run), while the script kills the server with {@code kill -9} and restarts it. A send answered 200 or 201 is
 * acknowledged. Then it waits until every acknowledged send has a final delivery record
 * ({@code GET /api/v1/messaging/deliveries/{sendId}}; a send a crash left in flight is finished by the delivery
 * service's recovery timer two minutes after its claim), and reads every customer's mailbox over GreenMail's API: a
 * message is a send's by its Message-ID ({@code <sendId@acme.com>}, set by the plugin) and by the key in its subject.
 * <p>
 * Each send must have arrived at most once; a send recorded {@code sent} exactly once (with the recorded message id);
 * every acknowledged send must have a final record, and the only other final outcome allowed is {@code failed} with
 * {@code EMAIL_SEND_IN_DOUBT} (a crash cut the SMTP transaction off: not sent again, arrived or not). Writes the number
 * of acknowledged sends to {@code -Dcrash.progress} as it goes; reads the number of kills from {@code -Dcrash.kills}.
 * Arguments: [sends] [senders] [customers] [deadline s] [final wait s]. Exits 1 when a send arrived twice, was lost
 * (no final record, or recorded sent and not in the mailbox) or ended otherwise, 2 when the deadline passed.
 */
public final class CrashSendDriver {
    static final String TEMPLATE = "crash-send";
    static final String DOMAIN = "acme.com";
    static final String IN_DOUBT = "EMAIL_SEND_IN_DOUBT";
    /** Statuses of a send not finished yet: claimed, in flight or waiting for a retry, deferred. */
    private static final Set<String> UNFINISHED = Set.of("accepted", "sending", "deferred");
    private static final Pattern SUBJECT_KEY = Pattern.compile("(crash-send:[a-z0-9]+:\\d+)");

    private final Api api;
    private final String run;
    private final Path progress = Path.of(System.getProperty("crash.progress", "crash-progress"));
    /** Acknowledged sends: key → send id answered. */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger sendsDone = new AtomicInteger();
    /** The first answer to each send: its status, and whether it repeated an earlier claim of the key. */
    private final Map<String, LongAdder> answered = new ConcurrentHashMap<>();
    /** Customers entering the run's journey ({@code -Dcrash.journey.customers}, 0: none). */
    private final int joiners = Integer.getInteger("crash.journey.customers", 0);
    /** The journey's sends the server owes: the send key of its send step for each customer acknowledged entering it. */
    private final Map<String, String> owed = new ConcurrentHashMap<>();

    private CrashSendDriver(Api api, String run) {
        this.api = api;
        this.run = run;
    }

    public static void main(String[] args) throws Exception {
        int sends = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int senders = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int customers = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        Instant deadline = Instant.now().plusSeconds(args.length > 3 ? Long.parseLong(args[3]) : 150);
        int finalWait = args.length > 4 ? Integer.parseInt(args[4]) : 180;
        String run = "c" + Long.toString(System.currentTimeMillis(), 36);
        var driver = new CrashSendDriver(new Api(System.getProperty("quanyu.bench.server", "http://127.0.0.1:8080"),
                System.getProperty("quanyu.bench.keycloak", "http://127.0.0.1:18080")), run);
        System.out.printf("crash-send: run %s, %d sends to %d customers, %d senders, deadline %s%n", run, sends, customers,
                senders, deadline);
        List<String> to;
        Map<String, JsonNode> records;
        try {
            long start = System.nanoTime();
            driver.connectEmail(deadline);
            to = driver.customers(customers, deadline);
            System.out.printf("set up in %.1f s: channel-email enabled, template %s, %d customers%n",
                    (System.nanoTime() - start) / 1e9, TEMPLATE, to.size());
            driver.putJourney(deadline);
            start = System.nanoTime();
            Instant joinDeadline = deadline;
            Thread joins = Thread.ofPlatform().start(() -> driver.join(joinDeadline));
            driver.send(sends, to, senders, deadline);
            joins.join();
            System.out.printf("sent in %.1f s: %d sends acknowledged, %d retries (%s), answers %s%n",
                    (System.nanoTime() - start) / 1e9, driver.acknowledged.size(), driver.api.retries.sum(),
                    new TreeMap<>(driver.api.failures), new TreeMap<>(driver.answered));
            records = driver.awaitFinal(finalWait);
            records.putAll(driver.awaitJourney(finalWait));
            driver.acknowledged.putAll(driver.owed);
        } catch (DeadlinePassed e) {
            System.out.println("crash-send: FAILED, " + e.getMessage());
            System.exit(2);
            return;
        }
        Thread.sleep(1_000);
        List<String> addresses = new ArrayList<>();
        for (int n = 0; n < to.size(); n++) {
            addresses.add(address(run, n));
        }
        for (int n = 0; n < driver.joiners; n++) {
            addresses.add(joinerAddress(run, n));
        }
        Mailboxes mail = Mailboxes.read(System.getProperty("quanyu.bench.mail", "http://127.0.0.1:18083"), addresses);
        // the journey's sends are checked as the direct ones are: each at most once, and exactly once when recorded sent
        System.exit(new Verification(driver.acknowledged, records, mail, sends + driver.joiners).run());
    }

    // ---- setup

    /** Installs and enables channel-email for acme, pointed at GreenMail, and puts the template. */
    private void connectEmail(Instant deadline) throws Exception {
        HttpResponse<String> installed = api.untilAnswered("POST", "/api/v1/plugins", "{\"pluginId\":\"channel-email\"}", deadline);
        if (installed.statusCode() != 201 && !installed.body().contains("PLUGIN_ALREADY_INSTALLED")) {
            throw new IllegalStateException("installing channel-email: " + installed.statusCode() + " " + installed.body());
        }
        String[] smtp = System.getProperty("quanyu.bench.smtp", "127.0.0.1:3025").split(":");
        ObjectNode settings = BenchEvents.JSON.createObjectNode();
        settings.putObject("settings").put("host", smtp[0]).put("port", Integer.parseInt(smtp[1])).put("security", "none")
                .put("fromAddress", "crash@" + DOMAIN).put("fromName", "Acme crash test")
                .putNull("username").putNull("password").putNull("bounceAddress").putNull("replyTo");
        JsonNode enabled = api.expect(200, "POST", "/api/v1/plugins/channel-email/enable", settings.toString(), deadline);
        String wanted = releaseVersion();
        if (wanted != null && !wanted.equals(enabled.path("version").asString(""))) {
            System.out.println("channel-email " + enabled.path("version").asString("?") + " was installed; moving to this build's " + wanted);
            api.expect(200, "POST", "/api/v1/plugins/channel-email/upgrade",
                    "{\"version\": \"" + wanted + "\", \"force\": true}", deadline);
            enabled = api.expect(200, "POST", "/api/v1/plugins/channel-email/enable", settings.toString(), deadline);
        }
        System.out.println("channel-email " + enabled.path("version").asString("?") + " enabled for acme"
                + (installed.statusCode() == 201 ? " (installed now)" : " (installed before)"));
        checkRelease(enabled.path("version").asString(""), deadline);
        JsonNode channels = api.expect(200, "GET", "/api/v1/messaging/channels", null, deadline);
        boolean email = false;
        for (JsonNode c : channels.path("channels")) {
            email |= "email".equals(c.path("name").asString()) && "channel-email".equals(c.path("plugin").asString());
        }
        if (!email) {
            throw new IllegalStateException("acme's email channel is not channel-email's: " + channels);
        }
        ObjectNode template = BenchEvents.JSON.createObjectNode().put("description", "bench/crash-send: one e-mail per send");
        ObjectNode content = BenchEvents.JSON.createObjectNode().put("subject", "Crash test {{vars.key}}")
                .put("html", "<p>Send <b>{{vars.key}}</b> of crash run {{vars.run}}.</p>")
                .put("text", "Send {{vars.key}} of crash run {{vars.run}}.");
        ObjectNode byLocale = template.putObject("channels").putObject("email");
        byLocale.set("en", content);
        byLocale.set("zh-CN", content.deepCopy());
        api.expect(200, "PUT", "/api/v1/messaging/templates/" + TEMPLATE, template.toString(), deadline);
    }

    /**
     * Says so when the marketplace's release of the installed version is not the zip of this build (the marketplace
     * keeps the first release published under a version, so a rebuilt 1.0.0 is not published again).
     */
    private void checkRelease(String version, Instant deadline) throws Exception {
        String zip = System.getProperty("crash.release");
        if (zip == null || version.isEmpty()) {
            return;
        }
        String local = sha512(Files.readAllBytes(Path.of(zip)));
        JsonNode plugin = api.expect(200, "GET", "/api/v1/marketplace/plugins/channel-email", null, deadline);
        for (JsonNode release : plugin.findParents("sha512")) {
            if (version.equals(release.path("version").asString()) && !local.equalsIgnoreCase(release.path("sha512").asString())) {
                System.out.println("note: the marketplace's channel-email " + version + " (published "
                        + release.path("publishedAt").asString("?") + ") is another build than " + Path.of(zip).getFileName()
                        + " (the marketplace keeps the first release of a version): the test runs the marketplace's");
            }
        }
    }

    /** The version of the release this run was given ({@code channel-email-<version>.zip}), or null. */
    private static String releaseVersion() {
        String zip = System.getProperty("crash.release");
        if (zip == null) {
            return null;
        }
        Matcher m = Pattern.compile("channel-email-(.+)\\.zip").matcher(Path.of(zip).getFileName().toString());
        return m.matches() ? m.group(1) : null;
    }

    private static String sha512(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
    }

    /** Creates the run's customers, one e-mail identity each; answers their ids, in the order of their addresses. */
    private List<String> customers(int count, Instant deadline) throws Exception {
        ArrayNode events = BenchEvents.JSON.createArrayNode();
        for (int n = 0; n < count; n++) {
            ObjectNode e = events.addObject().put("eventId", run + "-signup-" + n).put("type", "signup")
                    .put("time", Instant.now().toString()).put("channel", "web");
            e.putObject("identities").put("email", address(run, n));
            e.putObject("properties").put("plan", "newsletter");
        }
        ObjectNode body = BenchEvents.JSON.createObjectNode();
        body.set("events", events);
        JsonNode answer = api.expect(200, "POST", "/api/v1/events", body.toString(), deadline);
        List<String> ids = new ArrayList<>();
        for (JsonNode r : answer.path("results")) {
            String status = r.path("status").asString();
            if (!status.equals("stored") && !status.equals("duplicate")) {
                throw new IllegalStateException("a customer's event was refused: " + r);
            }
            ids.add(r.path("customerId").asString());
        }
        return ids;
    }

    static String address(String run, int n) {
        return "crash-" + run + "-" + n + "@" + DOMAIN;
    }

    static String key(String run, int i) {
        return "crash-send:" + run + ":" + i;
    }

    // ---- the journey

    static String joinerAddress(String run, int n) {
        return "crash-" + run + "-j" + n + "@" + DOMAIN;
    }

    private String journeyKey() {
        return "crash_" + run;
    }

    /**
     * Publishes the run's journey: a customer's {@code crash_joined} event of this run enters them, and its one step
     * sends them the template (the send's key is the step's: {@code <journey>|<customer>|1|hello}).
     */
    private void putJourney(Instant deadline) throws Exception {
        if (joiners == 0) {
            return;
        }
        api.expect(200, "PUT", "/api/v1/journeys/" + journeyKey(), """
                {"names": {"en": "Crash test %1$s"}, "entry": {"event": "crash_joined",
                  "where": {"field": "properties.run", "op": "eq", "value": "%1$s"}},
                 "start": "hello", "nodes": {"hello": {"type": "send", "template": "%2$s", "channels": ["email"],
                                                      "purpose": "transactional", "next": "end"}, "end": {"type": "end"}}}"""
                .formatted(run, TEMPLATE), deadline);
        JsonNode published = api.expect(200, "POST", "/api/v1/journeys/" + journeyKey() + "/publish", "", deadline);
        System.out.printf("journey %s published (version %d): %d customers will enter it during the sends%n", journeyKey(),
                published.path("version").asLong(published.path("published").asLong()), joiners);
    }

    /** Each joiner's {@code crash_joined} event, one at a time, each again until the server answers. */
    private void join(Instant deadline) {
        try {
            for (int n = 0; n < joiners; n++) {
                ObjectNode e = BenchEvents.JSON.createObjectNode().put("eventId", run + "-join-" + n).put("type", "crash_joined")
                        .put("time", Instant.now().toString());
                e.putObject("identities").put("email", joinerAddress(run, n));
                e.putObject("properties").put("run", run);
                ObjectNode body = BenchEvents.JSON.createObjectNode();
                body.putArray("events").add(e);
                JsonNode answer = api.expect(200, "POST", "/api/v1/events", body.toString(), deadline);
                JsonNode result = answer.path("results").get(0);
                if (!Set.of("stored", "duplicate").contains(result.path("status").asString())) {
                    throw new IllegalStateException("a joiner's event was refused: " + result);
                }
                String key = journeyKey() + "|" + result.path("customerId").asString() + "|1|hello";
                owed.put(key, SendIds.of(key));
                Thread.sleep(600);
            }
        } catch (Exception e) {
            throw new IllegalStateException("joining the journey: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the delivery record of each send the journey owes until every one exists and is final, or {@code seconds}
     * passed (a run a crash cut off is taken up by the journey's recovery timer, 30 s after it began); a record still
     * missing then is answered as {@code {"status": "missing"}}.
     */
    private Map<String, JsonNode> awaitJourney(int seconds) throws Exception {
        Map<String, JsonNode> records = new TreeMap<>();
        if (owed.isEmpty()) {
            return records;
        }
        Instant until = Instant.now().plusSeconds(seconds);
        List<String> pending = new ArrayList<>(owed.keySet());
        while (true) {
            List<String> still = new ArrayList<>();
            for (String key : pending) {
                HttpResponse<String> r = api.untilAnswered("GET", "/api/v1/messaging/deliveries/" + owed.get(key), null, until.plusSeconds(30));
                JsonNode record = r.statusCode() == 200 ? BenchEvents.JSON.readTree(r.body())
                        : BenchEvents.JSON.createObjectNode().put("status", "missing");
                records.put(key, record);
                if (r.statusCode() != 200 || unfinished(record)) {
                    still.add(key);
                }
            }
            pending = still;
            if (pending.isEmpty() || Instant.now().isAfter(until)) {
                System.out.printf("journey %s: %d of %d owed sends without a final record%n", journeyKey(), pending.size(), owed.size());
                for (String key : pending) {
                    explain(key, until.plusSeconds(30));
                }
                return records;
            }
            Thread.sleep(2_000);
        }
    }

    /** What the server says of an owed send's customer: their enrollments, their path in the run's journey, their events. */
    private void explain(String key, Instant deadline) throws Exception {
        String customer = key.split("\\|")[1];
        for (String path : List.of("/api/v1/customers/" + customer + "/journeys",
                "/api/v1/journeys/" + journeyKey() + "/customers/" + customer + "/path",
                "/api/v1/customers/" + customer + "/timeline?first=10")) {
            HttpResponse<String> r = api.untilAnswered("GET", path, null, deadline);
            System.out.printf("  %s -> %d %s%n", path, r.statusCode(), r.body());
        }
    }

    // ---- sends

    private void send(int count, List<String> customers, int senders, Instant deadline) throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(senders)) {
            List<Future<Object>> running = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        sendOne(key(run, i), customers.get(i % customers.size()), deadline);
                    }
                    return null;
                }));
            }
            for (Future<Object> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
        }
    }

    private void sendOne(String key, String customer, Instant deadline) throws Exception {
        ObjectNode body = BenchEvents.JSON.createObjectNode().put("customerId", customer).put("template", TEMPLATE)
                .put("purpose", "transactional").put("key", key);
        body.putArray("channels").add("email");
        body.putObject("variables").put("key", key).put("run", run);
        HttpResponse<String> response = api.untilAnswered("POST", "/api/v1/messaging/sends", body.toString(), deadline);
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IllegalStateException("the server refused send " + key + ": " + response.statusCode() + " " + response.body());
        }
        JsonNode delivery = BenchEvents.JSON.readTree(response.body());
        String sendId = delivery.path("sendId").asString();
        if (!sendId.equals(SendIds.of(key))) {
            throw new IllegalStateException("send " + key + " was answered with send id " + sendId + ", not " + SendIds.of(key));
        }
        acknowledged.put(key, sendId);
        answered.computeIfAbsent(delivery.path("status").asString() + (delivery.path("duplicate").asBoolean() ? " (repeat)" : ""),
                s -> new LongAdder()).increment();
        synchronized (progress) {
            Path tmp = progress.resolveSibling(progress.getFileName() + ".tmp");
            Files.writeString(tmp, sendsDone.incrementAndGet() + "\n");
            Files.move(tmp, progress, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * Reads every acknowledged send's delivery record until none is unfinished or {@code seconds} passed; answers the
     * last record read of each key.
     */
    private Map<String, JsonNode> awaitFinal(int seconds) throws Exception {
        Instant until = Instant.now().plusSeconds(seconds);
        Map<String, JsonNode> records = new TreeMap<>();
        List<String> pending = new ArrayList<>(acknowledged.keySet());
        long started = System.nanoTime();
        long reported = 0;
        while (true) {
            List<String> still = new ArrayList<>();
            Map<String, Integer> statuses = new TreeMap<>();
            for (String key : pending) {
                JsonNode record = api.expect(200, "GET", "/api/v1/messaging/deliveries/" + acknowledged.get(key), null, until.plusSeconds(30));
                records.put(key, record);
                if (unfinished(record)) {
                    still.add(key);
                    statuses.merge(record.path("status").asString(), 1, Integer::sum);
                }
            }
            pending = still;
            long waited = (System.nanoTime() - started) / 1_000_000_000L;
            if (pending.isEmpty() || Instant.now().isAfter(until)) {
                System.out.printf("final records after %d s: %d of %d sends still unfinished%n", waited, pending.size(), acknowledged.size());
                return records;
            }
            if (waited == 0 || waited - reported >= 15) {
                reported = waited;
                System.out.printf("waiting for %d sends left unfinished (%s) to be finished by the recovery or retry timer ... %d s%n",
                        pending.size(), statuses, waited);
            }
            Thread.sleep(2_000);
        }
    }

    static boolean unfinished(JsonNode record) {
        return UNFINISHED.contains(record.path("status").asString()) && !record.has("sentAt");
    }

    // ---- the mailboxes

    /** The run's messages in GreenMail: by Message-ID, and by the send key in their subject. */
    record Mailboxes(Map<String, Integer> byMessageId, Map<String, Integer> byKey, List<String> strays, int messages) {

        static Mailboxes read(String api, List<String> addresses) throws IOException, InterruptedException {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            Map<String, Integer> byMessageId = new HashMap<>();
            Map<String, Integer> byKey = new HashMap<>();
            List<String> strays = new ArrayList<>();
            int messages = 0;
            for (String address : addresses) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/api/user/"
                        + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/messages/INBOX")).timeout(Duration.ofSeconds(30))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 400 && r.body().contains("not found")) {
                    continue; // no message has reached the address: GreenMail has no such user yet
                }
                if (r.statusCode() != 200) {
                    throw new IOException("GreenMail answered " + r.statusCode() + " for " + address + ": " + r.body());
                }
                for (JsonNode m : BenchEvents.JSON.readTree(r.body())) {
                    messages++;
                    String id = m.path("Message-ID").asString("");
                    byMessageId.merge(id, 1, Integer::sum);
                    Matcher k = SUBJECT_KEY.matcher(m.path("subject").asString(""));
                    if (k.find()) {
                        byKey.merge(k.group(1), 1, Integer::sum);
                    } else {
                        strays.add(address + " " + id + " " + m.path("subject").asString(""));
                    }
                }
            }
            return new Mailboxes(byMessageId, byKey, strays, messages);
        }

        int copies(String key, String sendId) {
            return Math.max(byMessageId.getOrDefault(messageId(sendId), 0), byKey.getOrDefault(key, 0));
        }

        static String messageId(String sendId) {
            return "<" + sendId + "@" + DOMAIN + ">";
        }
    }

    // ---- the verdict

    /** The acknowledged sends' final records against the mailboxes. */
    record Verification(Map<String, String> acknowledged, Map<String, JsonNode> records, Mailboxes mail, int sends) {

        int run() {
            int sent = 0;
            int inDoubtArrived = 0;
            int inDoubtNot = 0;
            int duplicates = 0;
            int lost = 0;
            int unfinished = 0;
            int other = 0;
            Map<String, Integer> outcomes = new TreeMap<>();
            for (Map.Entry<String, String> e : new TreeMap<>(acknowledged).entrySet()) {
                String key = e.getKey();
                String sendId = e.getValue();
                JsonNode record = records.get(key);
                String status = record.path("status").asString();
                String reason = record.path("reason").asString(null);
                int copies = mail.copies(key, sendId);
                outcomes.merge(status + (reason == null ? "" : " " + reason) + ", arrived " + copies, 1, Integer::sum);
                String problem = null;
                if (copies > 1) {
                    duplicates++;
                    problem = "DUPLICATE: arrived " + copies + " times";
                }
                if (unfinished(record)) {
                    unfinished++;
                    lost++;
                    problem = "LOST: no final record";
                } else if (record.has("sentAt")) {
                    sent++;
                    if (copies == 0) {
                        lost++;
                        problem = "LOST: recorded sent, not in the mailbox";
                    } else if (!Mailboxes.messageId(sendId).equals(record.path("messageId").asString())) {
                        other++;
                        problem = "recorded message id " + record.path("messageId") + " is not " + Mailboxes.messageId(sendId);
                    }
                } else if ("failed".equals(status) && IN_DOUBT.equals(reason)) {
                    if (copies == 0) {
                        inDoubtNot++;
                    } else {
                        inDoubtArrived++;
                    }
                } else {
                    other++;
                    problem = problem != null ? problem : "ended " + status + " " + reason;
                }
                if (problem != null) {
                    System.out.printf("  %s (%s): %s; record %s%n", key, sendId, problem, brief(record));
                } else if (record.path("attempt").asInt(0) > 1) {
                    System.out.printf("  %s (%s) attempted %d times, arrived %d; record %s%n", key,
                            sendId, record.path("attempt").asInt(), copies, brief(record));
                }
            }
            Set<String> ids = new HashSet<>();
            acknowledged.values().forEach(id -> ids.add(Mailboxes.messageId(id)));
            long foreign = mail.byMessageId().keySet().stream().filter(id -> !ids.contains(id)).count();
            System.out.printf("outcomes (final status, reason, copies in the mailbox): %s%n", outcomes);
            List<Long> took = new ArrayList<>();
            records.values().stream().filter(r -> r.path("attempt").asInt() == 1 && r.has("sentAt")).forEach(r -> took.add(
                    Duration.between(Instant.parse(r.path("createdAt").asString()), Instant.parse(r.path("sentAt").asString())).toMillis()));
            took.sort(null);
            if (!took.isEmpty()) {
                System.out.printf("claim to sent record, sends sent at the first attempt: p50 %d ms, p90 %d ms, max %d ms%n",
                        took.get(took.size() / 2), took.get(took.size() * 9 / 10), took.getLast());
            }
            // a journey's sends carry no key in their subject: their Message-ID names them
            List<String> strays = mail.strays().stream().filter(s -> ids.stream().noneMatch(s::contains)).toList();
            System.out.printf("mailboxes: %d messages of this run, %d with a Message-ID of no acknowledged send, %d of no send%n",
                    mail.messages(), foreign, strays.size());
            strays.forEach(s -> System.out.println("  stray: " + s));
            int kills = CrashIngestDriver.kills();
            System.out.printf("crash-send: sends %d, acknowledged %d, kills %d, sent %d, in doubt %d (arrived %d, not arrived %d), "
                            + "other %d, duplicates %d, lost %d (unfinished %d)%n", sends, acknowledged.size(), kills, sent,
                    inDoubtArrived + inDoubtNot, inDoubtArrived, inDoubtNot, other, duplicates, lost, unfinished);
            boolean failed = duplicates > 0 || lost > 0 || other > 0 || foreign > 0 || acknowledged.size() < sends;
            if (failed) {
                System.out.println("crash-send: FAILED");
            }
            return failed ? 1 : 0;
        }

        private static String brief(JsonNode record) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String f : List.of("status", "reason", "attempt", "messageId", "sentAt", "createdAt", "updatedAt", "passed")) {
                if (record.has(f)) {
                    out.put(f, record.get(f));
                }
            }
            return out.toString();
        }
    }

    // ---- HTTP

    /** Tenant acme's API as {@code acme-admin}; a refused token is fetched again once. */
    static final class Api {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        private final String server;
        private final BenchToken token;
        private final LongAdder retries = new LongAdder();
        private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

        Api(String server, String keycloak) {
            this.server = server;
            this.token = BenchToken.admin(http, keycloak);
        }

        /** The answer, which must have {@code status}; retried as {@link #untilAnswered}. */
        JsonNode expect(int status, String method, String path, String body, Instant deadline) throws Exception {
            HttpResponse<String> r = untilAnswered(method, path, body, deadline);
            if (r.statusCode() != status) {
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return BenchEvents.JSON.readTree(r.body());
        }

        /** Calls until the server answers other than 429 or 5xx; connection errors are retried with a short backoff. */
        HttpResponse<String> untilAnswered(String method, String path, String body, Instant deadline) throws Exception {
            long backoff = 100;
            while (Instant.now().isBefore(deadline)) {
                String failure;
                try {
                    HttpResponse<String> response = call(method, path, body);
                    if (response.statusCode() < 500 && response.statusCode() != 429) {
                        return response;
                    }
                    failure = "http " + response.statusCode();
                } catch (IOException e) {
                    failure = e.getClass().getSimpleName();
                }
                failed(failure);
                Thread.sleep(backoff);
                backoff = Math.min(1_000, backoff * 2);
            }
            throw new DeadlinePassed("the deadline passed during " + method + " " + path);
        }

        private HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
            HttpResponse<String> response = once(method, path, body);
            if (response.statusCode() == 401) {
                token.refused();
                response = once(method, path, body);
            }
            return response;
        }

        private HttpResponse<String> once(String method, String path, String body) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token.get()).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }

        private void failed(String failure) {
            failures.computeIfAbsent(failure, f -> new LongAdder()).increment();
            retries.increment();
        }
    }
}

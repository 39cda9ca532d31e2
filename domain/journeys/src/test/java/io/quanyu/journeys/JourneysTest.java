package io.quanyu.journeys;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.customer360.Customer360;
import io.quanyu.customer360.Customers;
import io.quanyu.messaging.ChannelDirectory;
import io.quanyu.messaging.DeliveryService;
import io.quanyu.messaging.Messaging;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.outbox.EventSeam;
import io.quanyu.outbox.SeamOptions;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.records.Records;
import io.quanyu.scheduling.DefaultScheduler;
import io.quanyu.scheduling.SchedulerOptions;
import io.quanyu.segments.SegmentEngine;
import io.quanyu.segments.Segments;
import io.quanyu.testfixtures.InJvmMongoExtension;
import io.quanyu.testfixtures.SkippingClock;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import io.quanyu.customer360.EventResult;
import io.quanyu.outbox.DomainEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Journeys on the customer 360, segments, the delivery service, the event seam and the scheduler as the server wires
 * them (in-JVM MongoDB, a clock the test moves ahead): a wait for an event takes the event path before its timeout and
 * the timeout path after it, and ignores the event that comes later; an exit rule takes a customer out of a
 * seven-day wait at once; a send is made once even when its run is taken up again; re-entry follows its policy.
 */
class JourneysTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @RegisterExtension
    static final InJvmMongoExtension MONGO = new InJvmMongoExtension();
    private final SkippingClock clock = new SkippingClock();
    private final Map<String, ChannelDirectory.Outgoing> received = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final FakePlugins plugins = new FakePlugins();
    private TenantId tenant;
    private TenantDatabase db;
    private EventSeam seam;
    private DefaultScheduler scheduler;
    private Customer360 c360;
    private JourneyEngine engine;
    private Journeys journeys;
    private Messaging messaging;
    private Segments segments;
    private CallContext admin;
    private Records records;

    @BeforeEach
    void wire() {
        tenant = TenantId.of("j" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        MongoTenantDatabases databases = new MongoTenantDatabases(MONGO.client());
        db = databases.forTenant(new TenantContext(tenant, "u", "tester", Set.of(Role.TENANT_ADMIN), false));
        TenantDatabase tenantDb = db;
        seam = new EventSeam(() -> List.of(tenantDb), SeamOptions.defaults("n1").withTimings(50, 200, 1_000, 2_000)
                .withRetries(3, 10), Clock.systemUTC());
        MetadataService metadata = new MetadataService(clock, Executors.newVirtualThreadPerTaskExecutor(), seam);
        RecordService records = new RecordService(metadata, clock, seam);
        c360 = new Customer360(metadata, records, clock, seam);
        c360.ensureIndexes(db);
        scheduler = new DefaultScheduler(MONGO.client().getDatabase("platform_" + tenant.value()), clock,
                SchedulerOptions.defaults().withNodeId("n1").withBucket(Duration.ofSeconds(1))
                        .withPollInterval(Duration.ofMillis(20)).withLease(Duration.ofSeconds(5)));
        SegmentEngine segmentEngine = new SegmentEngine(c360, t -> tenantDb, scheduler, seam, clock);
        segments = new Segments(databases, segmentEngine, c360, clock);
        ChannelDirectory channels = new ChannelDirectory() {
            @Override
            public List<Channel> channels(TenantId t) {
                return List.of(new Channel("email", "channel-email", List.of("email"), null));
            }

            @Override
            public Answer send(CallContext call, Channel channel, Outgoing message) {
                calls.add(message.sendId());
                received.putIfAbsent(message.sendId(), message);
                return Answer.sent("m-" + message.sendId());
            }
        };
        Records recordsService = new Records(databases, metadata, records, null);
        this.records = recordsService;
        Customers customers = new Customers(databases, c360, recordsService);
        DeliveryService delivery = new DeliveryService(databases, customers, channels, scheduler, clock, t -> Quotas.DEFAULT,
                seam);
        delivery.ensureIndexes(db);
        messaging = new Messaging(databases, delivery, channels, clock);
        engine = new JourneyEngine(c360, recordsService, segments, delivery, plugins,
                new JourneyWebhooks(io.quanyu.core.net.EgressPolicy.allowingPrivate("127.0.0.1")), scheduler, t -> tenantDb,
                t -> Quotas.DEFAULT, clock);
        engine.ensureIndexes(db);
        journeys = new Journeys(databases, engine, messaging, clock);
        seam.subscribe(engine).start();
        scheduler.start();
        admin = new CallContext(tenant, "tester", Set.of(Role.TENANT_ADMIN), Quotas.DEFAULT, null, null);
        messaging.putTemplate(admin, "welcome", JSON.readTree("""
                {"channels": {"email": {"zh-CN": {"subject": "欢迎", "text": "欢迎 {{customer.name}}", "html": "<p>欢迎</p>"}}}}"""));
    }

    @AfterEach
    void stop() {
        seam.close();
        scheduler.close();
    }

    @Test
    void aDefinitionIsCheckedWholeWithAPointerAndACodePerProblem() {
        assertThatThrownBy(() -> journeys.put(admin, "bad", JSON.readTree("""
                {"names": {"en": "Bad"}, "entry": {"event": "signup"}, "start": "a", "colour": 1,
                 "nodes": {"a": {"type": "wait", "duration": "two days", "next": "b"},
                           "b": {"type": "split", "arms": [{"name": "x", "percent": 60, "next": "c"},
                                                           {"name": "y", "percent": 30, "next": "a"}]},
                           "c": {"type": "teleport"},
                           "d": {"type": "tag", "add": ["x"], "next": "nowhere"}}}""")))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.pointer() + " " + v.code())
                        .contains("/colour unknown", "/nodes/a/duration duration", "/nodes/b/arms percent",
                                "/nodes/c/type nodeType", "/nodes/d target", "/nodes/d unreachable", "/nodes/a loop"));
        assertThat(journeys.list(admin)).isEmpty();
        assertThatThrownBy(() -> journeys.publish(admin, "bad")).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.code().name()).isEqualTo("JOURNEY_NOT_FOUND"));
        CallContext viewer = new CallContext(tenant, "v", Set.of(Role.VIEWER), Quotas.DEFAULT, null, null);
        assertThatThrownBy(() -> journeys.put(viewer, "w", welcome("never"))).isInstanceOf(QuanyuException.class);

        journeys.put(admin, "dangling", JSON.readTree("""
                {"names": {"en": "Dangling"}, "entry": {"segment": "nobody"}, "start": "hello",
                 "nodes": {"hello": {"type": "send", "template": "gone", "channels": ["email"], "next": "end"},
                           "end": {"type": "end"}}}"""));
        assertThatThrownBy(() -> journeys.publish(admin, "dangling")).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.violations()).extracting(v -> v.pointer() + " " + v.code())
                        .containsExactlyInAnyOrder("/entry/segment reference", "/nodes/hello/template reference"));
        assertThat(journeys.get(admin, "dangling").published()).isZero();
    }

    @Test
    void aWaitForAnEventTakesTheEventBeforeItsTimeoutAndTheTimeoutAfterAndIgnoresTheLateEvent() {
        journeys.put(admin, "buy", JSON.readTree("""
                {"names": {"en": "Buy within two days"}, "entry": {"event": "signup"}, "start": "wait",
                 "nodes": {"wait": {"type": "waitForEvent", "event": "order", "where": {"field": "properties.amount",
                                    "op": "gte", "value": 10}, "timeout": "P2D", "onEvent": "bought", "onTimeout": "nudge"},
                           "bought": {"type": "tag", "add": ["bought"], "next": "end"},
                           "nudge": {"type": "tag", "add": ["nudged"], "next": "end"},
                           "end": {"type": "end"}}}"""));
        journeys.publish(admin, "buy");
        String quick = track("signup", "quick@example.com", Map.of());
        String slow = track("signup", "slow@example.com", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> state("buy", quick).equals("waiting") && state("buy", slow).equals("waiting"));

        track("order", "quick@example.com", Map.of("amount", 5)); // does not pass the wait's filter
        track("order", "quick@example.com", Map.of("amount", 30));
        await().atMost(Duration.ofSeconds(20)).until(() -> tags(quick).contains("bought"));
        assertThat(enrollment("buy", quick).outcome()).isEqualTo("completed");

        clock.skip(Duration.ofDays(2).plusMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> tags(slow).contains("nudged"));
        track("order", "slow@example.com", Map.of("amount", 30));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !tags(slow).contains("bought"));

        assertThat(tags(quick)).doesNotContain("nudged");
        assertThat(journeys.path(admin, "buy", quick)).extracting(d -> d.getString("node"))
                .containsExactly("wait", "bought", "end");
        assertThat(journeys.path(admin, "buy", quick).getFirst().get("result", Document.class).getString("took")).isEqualTo("event");
        assertThat(journeys.path(admin, "buy", slow).getFirst().get("result", Document.class).getString("took")).isEqualTo("timeout");
        assertThat(journeys.counts(admin, "buy")).containsEntry("end", Map.of("completed", 2L));
    }

    @Test
    void aSeamRunsEntriesRunTogetherAndACustomersNextEventWaitsForTheirEntrysRun() {
        journeys.put(admin, "pair", JSON.readTree("""
                {"names": {"en": "Pair"}, "entry": {"event": "signup"}, "exits": [{"event": "unsubscribe"}], "start": "ab",
                 "nodes": {"ab": {"type": "split", "arms": [{"name": "a", "percent": 50, "next": "ta"},
                                                            {"name": "b", "percent": 50, "next": "tb"}]},
                           "ta": {"type": "tag", "add": ["arm-a"], "next": "day"},
                           "tb": {"type": "tag", "add": ["arm-b"], "next": "day"},
                           "day": {"type": "wait", "duration": "P1D", "next": "end"}, "end": {"type": "end"}}}"""));
        List<DomainEvent> run = new java.util.ArrayList<>();
        List<String> customers = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            EventResult signup = tracked("signup", "pair" + i + "@example.com", clock.instant());
            customers.add(signup.customerId());
            run.add(applied(signup));
        }
        // the first customer leaves in the same run, after their entry: their entry's run comes first, then the exit
        run.add(applied(tracked("unsubscribe", "pair0@example.com", clock.instant().plusSeconds(30))));
        // the seam has handed the events on before the journey is published; the run is handed to the engine here
        await().atMost(Duration.ofSeconds(20)).until(() -> seam.lag(db, JourneyEngine.NAME) == 0);
        journeys.publish(admin, "pair");

        engine.handleAll(run);

        String leaver = customers.getFirst();
        assertThat(enrollment("pair", leaver).outcome()).isEqualTo("exited");
        assertThat(enrollment("pair", leaver).reason()).isEqualTo("exit:unsubscribe");
        assertThat(journeys.path(admin, "pair", leaver)).extracting(d -> d.getString("node")).containsExactly("ab",
                JourneyEngine.arm(tenant, "pair", split("pair"), leaver).then(), "day");
        for (String c : customers.subList(1, 6)) {
            Enrollment e = enrollment("pair", c);
            assertThat(e.state()).isEqualTo("waiting");
            assertThat(e.node()).isEqualTo("day");
            String arm = JourneyEngine.arm(tenant, "pair", split("pair"), c).name();
            assertThat(tags(c)).containsExactly("arm-" + arm);
            assertThat(journeys.path(admin, "pair", c)).extracting(d -> d.getString("node") + " " + d.get("order"))
                    .containsExactly("ab 1000", "t" + arm + " 1001", "day 1002");
            assertThat(scheduler.find(tenant, JourneyEngine.WAKE, "pair|" + c + "|2").orElseThrow().due()).isEqualTo(e.dueAt());
        }

        // the run handed again (the seam repeats a run a node died in): nobody enters twice or moves
        engine.handleAll(run);
        assertThat(customers.subList(1, 6)).allSatisfy(c -> assertThat(enrollment("pair", c).seq()).isEqualTo(2));
        assertThat(db.collection(Enrollments.STEPS).countDocuments(new Document("journey", "pair"))).isEqualTo(18);
    }

    @Test
    void stepsLoggedTogetherKeepWhatTheFirstLogDecidedAndMovesTogetherSayWhenAnotherWriterCameFirst() {
        Instant now = clock.instant();
        Enrollment one = new Enrollment("j", "c1", 1, 1, "s", Enrollment.ACTIVE, 1, null, now, null, null, null, false);
        Enrollment two = new Enrollment("j", "c2", 1, 1, "s", Enrollment.ACTIVE, 1, null, now, null, null, null, false);
        engine.enrollments.stepAll(db, List.of(new Enrollments.StepLog(one, "s", 0, now.minusSeconds(5), "a")));

        List<Enrollments.Step> steps = engine.enrollments.stepAll(db, List.of(new Enrollments.StepLog(one, "s", 0, now, "b"),
                new Enrollments.StepLog(two, "s", 0, now, "x")));

        assertThat(steps).extracting(s -> s.choice() + " " + s.first()).containsExactly("a false", "x true");
        assertThat(steps.getFirst().at()).isEqualTo(now.minusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

        engine.enrollments.enterAll(db, List.of(one, two), now);
        assertThat(engine.enrollments.moveAll(db, List.of(new Enrollments.Move(one, Enrollments.resting("s", now.plusSeconds(60))),
                new Enrollments.Move(two, Enrollments.finishing("s", "completed", null, now))), now)).containsExactly(true, true);
        // the first has moved on meanwhile: a move from its old seq is not taken, the other's is
        Enrollment twoMoved = engine.enrollments.find(db, "j", "c2").orElseThrow();
        assertThat(twoMoved.outcome()).isEqualTo("completed");
        assertThat(engine.enrollments.moveAll(db, List.of(new Enrollments.Move(one, Enrollments.finishing("s", "exited", null, now)),
                new Enrollments.Move(twoMoved, Enrollments.resting("s", now))), now)).containsExactly(false, true);
        assertThat(engine.enrollments.find(db, "j", "c1").orElseThrow().state()).isEqualTo("waiting");
        assertThat(engine.enrollments.find(db, "j", "c2").orElseThrow().state()).isEqualTo("waiting");
    }

    @Test
    void anExitRuleTakesACustomerOutOfASevenDayWaitAtOnceAndNothingIsSentAfterIt() {
        journeys.put(admin, "later", JSON.readTree("""
                {"names": {"en": "Later"}, "entry": {"event": "signup"}, "exits": [{"event": "unsubscribe"}],
                 "start": "week", "nodes": {"week": {"type": "wait", "duration": "P7D", "next": "hello"},
                   "hello": {"type": "send", "template": "welcome", "channels": ["email"], "next": "end"},
                   "end": {"type": "end"}}}"""));
        journeys.publish(admin, "later");
        String c = track("signup", "leaver@example.com", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> state("later", c).equals("waiting"));

        Instant asked = Instant.now();
        track("unsubscribe", "leaver@example.com", Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> state("later", c).equals("done"));
        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(enrollment("later", c).outcome()).isEqualTo("exited");
        assertThat(enrollment("later", c).reason()).isEqualTo("exit:unsubscribe");

        clock.skip(Duration.ofDays(7).plusMinutes(1));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(calls::isEmpty);
    }

    @Test
    void aSendIsMadeOnceEvenWhenItsRunIsTakenUpAgainAfterACrash() {
        journeys.put(admin, "welcome", welcome("never"));
        journeys.publish(admin, "welcome");
        String c = track("signup", "once@example.com", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> state("welcome", c).equals("done"));
        assertThat(received).hasSize(1);
        Enrollment done = enrollment("welcome", c);

        // as if the node had died in the run: the enrollment is back at its entry, its recovery timer due now
        runAgainFrom(done, "hello");

        assertThat(enrollment("welcome", c).outcome()).isEqualTo("completed");
        assertThat(received).hasSize(1);
        assertThat(calls).hasSize(1);
        assertThat(journeys.path(admin, "welcome", c).getFirst().get("result", Document.class).getString("status")).isEqualTo("sent");
    }

    @Test
    void aPluginActionRunsOnceUnderItsStepKeyItsOutputReachesLaterSendsAndAFailureTakesItsPath() {
        messaging.putTemplate(admin, "points", JSON.readTree("""
                {"channels": {"email": {"zh-CN": {"subject": "积分", "text": "你获得 {{vars.steps.award.points}} 积分", "html": "<p>积分</p>"}}}}"""));
        journeys.put(admin, "award", JSON.readTree("""
                {"names": {"en": "Award"}, "entry": {"event": "signup"}, "start": "award",
                 "nodes": {"award": {"type": "action", "plugin": "loyalty", "action": "award", "parameters": {"points": 50}, "next": "hello"},
                           "hello": {"type": "send", "template": "points", "channels": ["email"], "next": "broken"},
                           "broken": {"type": "action", "plugin": "loyalty", "action": "award",
                                      "parameters": {"points": 1, "mode": "fail"}, "next": "end", "onFailure": "sorry"},
                           "sorry": {"type": "tag", "add": ["award-failed"], "next": "end"},
                           "end": {"type": "end"}}}"""));
        journeys.publish(admin, "award");
        String c = track("signup", "award@example.com", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> state("award", c).equals("done"));

        Enrollment done = enrollment("award", c);
        String awardKey = done.step("award");
        assertThat(plugins.actions).containsExactly(awardKey + "|done", done.step("broken") + "|fail");
        assertThat(plugins.requests.getFirst()).satisfies(r -> {
            assertThat(r.customerId()).isEqualTo(c);
            assertThat(r.journey()).isEqualTo("award");
            assertThat(r.step()).isEqualTo("award");
            assertThat(r.parameters()).containsEntry("points", 50);
        });
        assertThat(received.values()).singleElement().satisfies(m -> assertThat(m.text()).isEqualTo("你获得 50 积分"));
        List<Document> path = journeys.path(admin, "award", c);
        assertThat(path).extracting(d -> d.getString("node")).containsExactly("award", "hello", "broken", "sorry", "end");
        assertThat(path.get(0).get("result", Document.class).get("output", Document.class).getInteger("points")).isEqualTo(50);
        assertThat(path.get(2).get("result", Document.class).getString("error")).isEqualTo("NO_STOCK");
        assertThat(path.get(2).get("result", Document.class).getInteger("attempts")).isEqualTo(1);
        assertThat(tags(c)).contains("award-failed");

        // as if the node had died after the action: the run is taken up again from it, and neither the action (its
        // result is recorded) nor the send (the delivery service keeps its key) is made again
        runAgainFrom(done, "award");
        assertThat(plugins.actions).hasSize(2);
        assertThat(calls).hasSize(1);
    }

    @Test
    void anActionThatAsksToBeTriedAgainRestsTheCustomerAtItsStepUntilItIsDoneOrItsAttemptsRunOut() {
        journeys.put(admin, "retry", JSON.readTree("""
                {"names": {"en": "Retry"}, "entry": {"event": "signup"}, "start": "slow",
                 "nodes": {"slow": {"type": "action", "plugin": "loyalty", "action": "award", "parameters": {"points": 5, "mode": "slow"}, "next": "busy"},
                           "busy": {"type": "action", "plugin": "loyalty", "action": "award",
                                    "parameters": {"points": 5, "mode": "busy"}, "next": "end", "onFailure": "gaveUp"},
                           "gaveUp": {"type": "tag", "add": ["gave-up"], "next": "end"},
                           "end": {"type": "end"}}}"""));
        journeys.publish(admin, "retry");
        String c = track("signup", "retry@example.com", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> state("retry", c).equals("waiting"));
        assertThat(enrollment("retry", c).node()).isEqualTo("slow");
        for (int i = 0; i < 6 && !state("retry", c).equals("done"); i++) {
            long seq = enrollment("retry", c).seq();
            clock.skip(Duration.ofSeconds(11));
            await().atMost(Duration.ofSeconds(20)).until(() -> enrollment("retry", c).seq() > seq);
            await().atMost(Duration.ofSeconds(20)).until(() -> !state("retry", c).equals("active"));
        }

        Enrollment e = enrollment("retry", c);
        assertThat(e.outcome()).isEqualTo("completed");
        assertThat(plugins.actions).filteredOn(a -> a.startsWith(e.step("slow") + "|")).hasSize(3);
        assertThat(plugins.actions).filteredOn(a -> a.startsWith(e.step("busy") + "|")).hasSize(Node.Action.MAX_ATTEMPTS);
        List<Document> path = journeys.path(admin, "retry", c);
        assertThat(path.get(0).get("result", Document.class).getInteger("attempts")).isEqualTo(3);
        assertThat(path.get(1).get("result", Document.class).getString("error")).isEqualTo("PLUGIN_BUSY");
        assertThat(tags(c)).contains("gave-up");
    }

    @Test
    void aPluginTriggerEntersTheCustomersItFiresForWithItsValuesAndPublishingChecksWhatPluginsOffer() {
        messaging.putTemplate(admin, "scanned", JSON.readTree("""
                {"channels": {"email": {"zh-CN": {"subject": "扫码", "text": "{{vars.entry.product}} {{vars.entry.code}}", "html": "<p>扫码</p>"}}}}"""));
        journeys.put(admin, "scan", JSON.readTree("""
                {"names": {"en": "Scan"}, "entry": {"trigger": {"plugin": "loyalty", "name": "scanned", "parameters": {"product": "P1"}}},
                 "start": "hello", "nodes": {"hello": {"type": "send", "template": "scanned", "channels": ["email"], "next": "end"},
                                             "end": {"type": "end"}}}"""));
        journeys.publish(admin, "scan");
        String other = track("qr.scan", "p2@example.com", Map.of("product", "P2"));
        String c = track("qr.scan", "p1@example.com", Map.of("product", "P1"));
        track("signup", "p3@example.com", Map.of("product", "P1"));
        await().atMost(Duration.ofSeconds(20)).until(() -> state("scan", c).equals("done"));

        assertThat(received.values()).singleElement().satisfies(m -> assertThat(m.text()).isEqualTo("P1 C-P1"));
        assertThat(state("scan", other)).isEqualTo("none");
        assertThat(plugins.evaluated).hasSize(2); // the signup is not a type the trigger looks at
        assertThat(journeys.pluginSteps(admin).get("triggers")).extracting(JourneyPlugins.Offered::name).containsExactly("scanned");

        journeys.put(admin, "wrong", JSON.readTree("""
                {"names": {"en": "Wrong"}, "entry": {"trigger": {"plugin": "loyalty", "name": "shared", "parameters": {}}},
                 "start": "a", "nodes": {"a": {"type": "action", "plugin": "loyalty", "action": "award", "parameters": {"points": "lots"}, "next": "b"},
                                         "b": {"type": "action", "plugin": "coupons", "action": "issue", "next": "end"},
                                         "end": {"type": "end"}}}"""));
        assertThatThrownBy(() -> journeys.publish(admin, "wrong")).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.violations()).extracting(v -> v.pointer() + " " + v.code()).containsExactlyInAnyOrder(
                        "/entry/trigger reference", "/nodes/a/parameters/points type", "/nodes/b reference"));
        assertThatThrownBy(() -> journeys.put(admin, "bad", JSON.readTree("""
                {"names": {"en": "Bad"}, "entry": {"trigger": {"name": "scanned", "extra": 1}}, "start": "a",
                 "nodes": {"a": {"type": "action", "action": "award", "parameters": [1], "next": "end"}, "end": {"type": "end"}}}""")))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.violations()).extracting(v -> v.pointer() + " " + v.code())
                        .containsExactlyInAnyOrder("/entry/trigger/extra unknown", "/entry/trigger/plugin required",
                                "/nodes/a/plugin required", "/nodes/a/parameters type"));
    }

    @Test
    void aWebhookStepPostsASignedBodyUnderItsStepKeyTriesAgainWhatMaySucceedLaterAndTakesItsFailurePath() throws Exception {
        List<com.sun.net.httpserver.Headers> headers = new CopyOnWriteArrayList<>();
        List<byte[]> raw = new CopyOnWriteArrayList<>();
        List<JsonNode> bodies = new CopyOnWriteArrayList<>();
        java.util.Deque<Integer> answers = new java.util.concurrent.ConcurrentLinkedDeque<>(List.of(503, 200, 404));
        com.sun.net.httpserver.HttpServer partner = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        partner.createContext("/hook", exchange -> {
            headers.add(exchange.getRequestHeaders());
            byte[] received = exchange.getRequestBody().readAllBytes();
            raw.add(received);
            bodies.add(JSON.readTree(received));
            int status = answers.isEmpty() ? 200 : answers.poll();
            if (status == 503) {
                exchange.getResponseHeaders().add("Retry-After", "5");
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        partner.start();
        try {
            String url = "http://127.0.0.1:" + partner.getAddress().getPort() + "/hook";
            messaging.putTemplate(admin, "hooked", JSON.readTree("""
                    {"channels": {"email": {"zh-CN": {"subject": "回调", "text": "partner said {{vars.steps.hook.status}}", "html": "<p>回调</p>"}}}}"""));
            journeys.put(admin, "hooked", JSON.readTree("""
                    {"names": {"en": "Hooked"}, "entry": {"event": "signup"}, "start": "hook",
                     "nodes": {"hook": {"type": "webhook", "url": "%s", "data": {"campaign": "spring"}, "next": "told", "onFailure": "refused"},
                               "told": {"type": "send", "template": "hooked", "channels": ["email"], "next": "end"},
                               "refused": {"type": "tag", "add": ["hook-refused"], "next": "end"},
                               "end": {"type": "end"}}}""".formatted(url)));
            journeys.publish(admin, "hooked");
            String c = track("signup", "hook@example.com", Map.of());
            await().atMost(Duration.ofSeconds(20)).until(() -> state("hooked", c).equals("waiting"));
            assertThat(bodies).hasSize(1);
            clock.skip(Duration.ofSeconds(6));
            await().atMost(Duration.ofSeconds(20)).until(() -> state("hooked", c).equals("done"));

            Enrollment done = enrollment("hooked", c);
            assertThat(done.outcome()).isEqualTo("completed");
            assertThat(headers).hasSize(2).allSatisfy(h -> assertThat(h.getFirst("webhook-id")).isEqualTo(done.step("hook")));
            String secret = journeys.webhookSecret(admin);
            for (int i = 0; i < 2; i++) {
                byte[] body = raw.get(i);
                String signed = headers.get(i).getFirst("webhook-id") + "." + headers.get(i).getFirst("webhook-timestamp") + ".";
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(java.util.Base64.getDecoder().decode(secret.substring("whsec_".length())),
                        "HmacSHA256"));
                mac.update(signed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertThat(headers.get(i).getFirst("webhook-signature"))
                        .isEqualTo("v1," + java.util.Base64.getEncoder().encodeToString(mac.doFinal(body)));
            }
            assertThat(bodies.getFirst().path("type").asString()).isEqualTo("journey.step");
            assertThat(bodies.getFirst().path("data").path("customerId").asString()).isEqualTo(c);
            assertThat(bodies.getFirst().path("data").path("step").asString()).isEqualTo("hook");
            assertThat(bodies.getFirst().path("data").path("data").path("campaign").asString()).isEqualTo("spring");
            assertThat(received.values()).singleElement().satisfies(m -> assertThat(m.text()).isEqualTo("partner said 200"));
            Document result = journeys.path(admin, "hooked", c).getFirst().get("result", Document.class);
            assertThat(result.getInteger("attempts")).isEqualTo(2);
            assertThat(result.get("output", Document.class).getInteger("status")).isEqualTo(200);

            String refused = track("signup", "hook-refused@example.com", Map.of());
            await().atMost(Duration.ofSeconds(20)).until(() -> state("hooked", refused).equals("done"));
            assertThat(journeys.path(admin, "hooked", refused).getFirst().get("result", Document.class).getString("error"))
                    .isEqualTo("WEBHOOK_REFUSED");
            assertThat(tags(refused)).contains("hook-refused");

            String rotated = journeys.rotateWebhookSecret(admin);
            assertThat(rotated).startsWith("whsec_").isNotEqualTo(secret);
            assertThat(journeys.webhookSecret(admin)).isEqualTo(rotated);
            CallContext builder = new CallContext(tenant, "b", Set.of(Role.BUILDER), Quotas.DEFAULT, null, null);
            assertThatThrownBy(() -> journeys.webhookSecret(builder)).isInstanceOf(QuanyuException.class);

            journeys.put(admin, "unsafe", JSON.readTree("""
                    {"names": {"en": "Unsafe"}, "entry": {"event": "signup"}, "start": "a",
                     "nodes": {"a": {"type": "webhook", "url": "http://partner.example.com/hook", "next": "b"},
                               "b": {"type": "webhook", "url": "https://169.254.169.254/latest/meta-data", "next": "end"},
                               "end": {"type": "end"}}}"""));
            assertThatThrownBy(() -> journeys.publish(admin, "unsafe")).isInstanceOfSatisfying(QuanyuException.class,
                    e -> assertThat(e.violations()).extracting(v -> v.pointer() + " " + v.code())
                            .containsExactlyInAnyOrder("/nodes/a/url https", "/nodes/b/url blocked"));
            assertThatThrownBy(() -> journeys.put(admin, "bad", JSON.readTree("""
                    {"names": {"en": "Bad"}, "entry": {"event": "signup"}, "start": "a",
                     "nodes": {"a": {"type": "webhook", "url": "ftp://x", "data": [1], "next": "end"}, "end": {"type": "end"}}}""")))
                    .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.violations()).extracting(v -> v.pointer() + " " + v.code())
                            .containsExactlyInAnyOrder("/nodes/a/url required", "/nodes/a/data type"));
        } finally {
            partner.stop(0);
        }
    }

    @Test
    void anApiCallEntersTheCustomerItNamesUnderTheReentryPolicyAndNothingElseDoes() {
        journeys.put(admin, "vip", JSON.readTree("""
                {"names": {"en": "VIP"}, "entry": {"api": true}, "start": "tag",
                 "nodes": {"tag": {"type": "tag", "add": ["vip"], "next": "end"}, "end": {"type": "end"}}}"""));
        journeys.put(admin, "welcome", welcome("never"));
        String c = track("visit", "api@example.com", Map.of());
        assertThatThrownBy(() -> journeys.enter(admin, "vip", c)).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.code().name()).isEqualTo("JOURNEY_NOT_PUBLISHED"));
        journeys.publish(admin, "vip");
        journeys.publish(admin, "welcome");

        Enrollment entered = journeys.enter(admin, "vip", c);
        assertThat(entered.outcome()).isEqualTo("completed");
        assertThat(tags(c)).contains("vip");
        assertThat(refusal(() -> journeys.enter(admin, "vip", c))).isEqualTo("JOURNEY_ENTRY_REFUSED its re-entry policy keeps them out for now");
        assertThat(refusal(() -> journeys.enter(admin, "welcome", c)))
                .isEqualTo("JOURNEY_ENTRY_REFUSED its customers enter on an event or a segment, not by an API call");
        assertThat(refusal(() -> journeys.enter(admin, "vip", "0123456789abcdef0123456789abcdef"))).startsWith("CUSTOMER_NOT_FOUND");
        CallContext viewer = new CallContext(tenant, "v", Set.of(Role.VIEWER), Quotas.DEFAULT, null, null);
        assertThatThrownBy(() -> journeys.enter(viewer, "vip", c)).isInstanceOf(QuanyuException.class);
        journeys.stop(admin, "vip");
        assertThat(refusal(() -> journeys.enter(admin, "vip", c))).isEqualTo("JOURNEY_ENTRY_REFUSED the journey is stopped");

        assertThatThrownBy(() -> journeys.put(admin, "odd", JSON.readTree("""
                {"names": {"en": "Odd"}, "entry": {"api": "yes", "event": "signup"}, "start": "end", "nodes": {"end": {"type": "end"}}}""")))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.violations()).extracting(v -> v.pointer() + " " + v.code())
                        .containsExactly("/entry entry"));
        assertThatThrownBy(() -> journeys.put(admin, "odd", JSON.readTree("""
                {"names": {"en": "Odd"}, "entry": {"api": false}, "start": "end", "nodes": {"end": {"type": "end"}}}""")))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.violations()).extracting(v -> v.pointer() + " " + v.code())
                        .containsExactly("/entry/api type"));
    }

    @Test
    void anUpdateSetsFieldsOfTheCustomersRecordAndARefusedOneIsRecordedOnItsStep() {
        journeys.put(admin, "profile", JSON.readTree("""
                {"names": {"en": "Profile"}, "entry": {"event": "signup"}, "start": "city",
                 "nodes": {"city": {"type": "update", "fields": {"city": "杭州", "gender": "unknown"}, "next": "bad"},
                           "bad": {"type": "update", "fields": {"gender": "robot"}, "next": "end"},
                           "end": {"type": "end"}}}"""));
        journeys.publish(admin, "profile");
        String c = track("signup", "city@example.com", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> state("profile", c).equals("done"));

        JsonNode record = c360.profile(db, c).path("record");
        assertThat(record.path("city").asString()).isEqualTo("杭州");
        assertThat(record.path("gender").asString()).isEqualTo("unknown");
        assertThat(enrollment("profile", c).outcome()).isEqualTo("completed");
        List<Document> path = journeys.path(admin, "profile", c);
        assertThat(path.get(0).get("result")).isNull();
        assertThat(path.get(1).get("result", Document.class).getString("error")).isEqualTo("RECORD_VALIDATION_FAILED");
        assertThat(path.get(1).get("result", Document.class).getList("fields", String.class)).containsExactly("/gender");

        journeys.put(admin, "unknown", JSON.readTree("""
                {"names": {"en": "Unknown"}, "entry": {"event": "signup"}, "start": "u",
                 "nodes": {"u": {"type": "update", "fields": {"shoeSize": 42}, "next": "end"}, "end": {"type": "end"}}}"""));
        assertThatThrownBy(() -> journeys.publish(admin, "unknown")).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.violations()).extracting(v -> v.pointer() + " " + v.code()).containsExactly("/nodes/u/fields/shoeSize reference"));
        assertThatThrownBy(() -> journeys.put(admin, "bad", JSON.readTree("""
                {"names": {"en": "Bad"}, "entry": {"event": "signup"}, "start": "u",
                 "nodes": {"u": {"type": "update", "fields": {"not a field": 1}, "next": "v"},
                           "v": {"type": "update", "fields": {}, "next": "end"}, "end": {"type": "end"}}}""")))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.violations()).extracting(v -> v.pointer() + " " + v.code())
                        .containsExactlyInAnyOrder("/nodes/u/fields/not a field name", "/nodes/v/fields required"));
    }

    @Test
    void aDraftSavedOverTheRevisionItsEditorReadIsRefusedWhenAnotherSaveCameFirst() {
        assertThat(refusal(() -> journeys.put(admin, "edited", welcome("never"), 3L))).isEqualTo("VERSION_CONFLICT");
        Journey created = journeys.put(admin, "edited", welcome("never"), 0L);
        assertThat(created.revision()).isEqualTo(1);
        assertThat(refusal(() -> journeys.put(admin, "edited", welcome("always"), 0L))).isEqualTo("VERSION_CONFLICT");
        Journey first = journeys.put(admin, "edited", welcome("always"), 1L);
        assertThat(first.revision()).isEqualTo(2);
        // a second editor who read revision 1 too
        assertThatThrownBy(() -> journeys.put(admin, "edited", welcome("never"), 1L)).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.details()).containsEntry("current", 2L));
        assertThat(journeys.get(admin, "edited").draft().path("reentry").asString()).isEqualTo("always");
        assertThat(journeys.put(admin, "edited", welcome("never")).revision()).isEqualTo(3); // without a revision: last save wins
    }

    @Test
    void aScheduledEntryEntersTheSegmentsMembersAtEachOccurrenceAndEachOnlyOnce() {
        segments.put(admin, "vips", JSON.readTree("""
                {"names": {"en": "VIPs"}, "rule": {"field": "tags", "op": "contains", "value": "vip"}}"""));
        String a = track("visit", "s1@example.com", Map.of());
        String b = track("visit", "s2@example.com", Map.of());
        String outsider = track("visit", "s3@example.com", Map.of());
        c360.tag(db, a, "vip", true, "tester", "tester");
        c360.tag(db, b, "vip", true, "tester", "tester");
        await().atMost(Duration.ofSeconds(20)).until(() -> segments.members(admin, "vips", null, 10).size() == 2);
        java.time.ZoneId zone = java.time.ZoneId.of("Asia/Shanghai");
        java.time.LocalDateTime at = java.time.LocalDateTime.ofInstant(clock.instant().plusSeconds(60), zone)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        journeys.put(admin, "daily", JSON.readTree("""
                {"names": {"en": "Daily"}, "entry": {"schedule": {"at": "%s", "zone": "Asia/Shanghai", "every": "P1D",
                  "segment": "vips"}}, "reentry": "always", "start": "tag",
                 "nodes": {"tag": {"type": "tag", "add": ["daily"], "next": "end"}, "end": {"type": "end"}}}""".formatted(at)));
        journeys.publish(admin, "daily");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> state("daily", a).equals("none"));

        clock.skip(Duration.ofSeconds(61));
        await().atMost(Duration.ofSeconds(20)).until(() -> state("daily", a).equals("done") && state("daily", b).equals("done"));
        assertThat(state("daily", outsider)).isEqualTo("none");
        assertThat(tags(a)).contains("daily");
        // the occurrence fired again (as after a crash): nobody enters twice
        Instant first = at.atZone(zone).toInstant();
        String again = "daily|v1|" + first.toEpochMilli() + "|again";
        scheduler.schedule(new io.quanyu.scheduling.TimerRequest(tenant, JourneyEngine.OCCURRENCE, again, clock.instant(),
                Map.of("journey", "daily", "version", 1L, "at", first.toEpochMilli(), "after", "")));
        await().atMost(Duration.ofSeconds(20)).until(() -> scheduler.find(tenant, JourneyEngine.OCCURRENCE, again).orElseThrow().state()
                == io.quanyu.scheduling.Timer.State.FIRED);
        assertThat(enrollment("daily", a).run()).isEqualTo(1);

        // the next day's occurrence enters them again (re-entry "always")
        clock.skip(Duration.between(clock.instant(), first.plus(Duration.ofDays(1))).plusSeconds(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> enrollment("daily", a).run() == 2 && enrollment("daily", b).run() == 2);

        assertThatThrownBy(() -> journeys.put(admin, "bad", JSON.readTree("""
                {"names": {"en": "Bad"}, "entry": {"schedule": {"at": "tomorrow", "zone": "Mars/Olympus", "every": "PT5M"}},
                 "start": "end", "nodes": {"end": {"type": "end"}}}"""))).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.violations()).extracting(v -> v.pointer() + " " + v.code()).containsExactlyInAnyOrder(
                        "/entry/schedule/at time", "/entry/schedule/zone zone", "/entry/schedule/every duration",
                        "/entry/schedule/segment required"));
        journeys.put(admin, "past", JSON.readTree("""
                {"names": {"en": "Past"}, "entry": {"schedule": {"at": "2020-01-01T09:00", "segment": "nobody"}},
                 "start": "end", "nodes": {"end": {"type": "end"}}}"""));
        assertThatThrownBy(() -> journeys.publish(admin, "past")).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.violations()).extracting(v -> v.pointer() + " " + v.code()).containsExactlyInAnyOrder(
                        "/entry/schedule/at past", "/entry/schedule/segment reference"));
    }

    @Test
    void aDateEntryTakesTheCustomersWhoseDateIsTodayInAnyYearEachOnce() {
        // the standard customer object's birthday
        assertThat(records.object(admin, "customer").type().field("birthday").orElseThrow().type())
                .isEqualTo(io.quanyu.objects.model.FieldType.DATE);
        java.time.ZoneId zone = java.time.ZoneId.of("Asia/Shanghai");
        // the first occurrence: a minute from now, on the local day it falls on
        java.time.ZonedDateTime first = clock.instant().plusSeconds(60).atZone(zone).truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                .plusMinutes(1);
        java.time.LocalDate today = first.toLocalDate();
        String born1990 = birthday("b1@example.com", today.withYear(1990));
        String born2001 = birthday("b2@example.com", today.withYear(2001));
        String tomorrow = birthday("b3@example.com", today.plusDays(1).withYear(1985));
        String none = track("visit", "b4@example.com", Map.of());
        journeys.put(admin, "birthday", JSON.readTree("""
                {"names": {"en": "Birthday"}, "entry": {"date": {"field": "birthday", "at": "%s", "zone": "Asia/Shanghai"}},
                 "reentry": {"afterDays": 300}, "start": "tag",
                 "nodes": {"tag": {"type": "tag", "add": ["birthday"], "next": "end"}, "end": {"type": "end"}}}"""
                .formatted(first.toLocalTime())));
        journeys.publish(admin, "birthday");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> state("birthday", born1990).equals("none"));

        clock.skip(Duration.between(clock.instant(), first.toInstant()).plusSeconds(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> state("birthday", born1990).equals("done")
                && state("birthday", born2001).equals("done"));
        assertThat(state("birthday", tomorrow)).isEqualTo("none");
        assertThat(state("birthday", none)).isEqualTo("none");
        assertThat(tags(born1990)).contains("birthday");

        // the next day's occurrence takes the one born tomorrow, and nobody twice
        clock.skip(Duration.between(clock.instant(), first.toInstant().plus(Duration.ofDays(1))).plusSeconds(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> state("birthday", tomorrow).equals("done"));
        assertThat(enrollment("birthday", born1990).run()).isEqualTo(1);

        assertThatThrownBy(() -> journeys.put(admin, "bad", JSON.readTree("""
                {"names": {"en": "Bad"}, "entry": {"date": {"field": "", "daysBefore": 400, "at": "25:00", "annual": "yes",
                  "zone": "Mars/Olympus", "colour": 1}}, "start": "end", "nodes": {"end": {"type": "end"}}}""")))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.pointer() + " " + v.code()).containsExactlyInAnyOrder(
                                "/entry/date/field required", "/entry/date/daysBefore range", "/entry/date/at time",
                                "/entry/date/annual type", "/entry/date/zone zone", "/entry/date/colour unknown"));
        journeys.put(admin, "nodate", JSON.readTree("""
                {"names": {"en": "No date"}, "entry": {"date": {"field": "email"}}, "start": "end", "nodes": {"end": {"type": "end"}}}"""));
        assertThatThrownBy(() -> journeys.publish(admin, "nodate")).isInstanceOfSatisfying(QuanyuException.class, e ->
                assertThat(e.violations()).extracting(v -> v.pointer() + " " + v.code()).containsExactly("/entry/date/field reference"));
    }

    @Test
    void theHistoryListsEachPublishedVersionNewestFirstWithItsDefinition() {
        journeys.put(admin, "hist", welcome("never"));
        assertThat(journeys.versions(admin, "hist")).isEmpty();
        journeys.publish(admin, "hist");
        journeys.put(admin, "hist", welcome("always"));
        journeys.publish(admin, "hist");
        CallContext viewer = new CallContext(tenant, "v", Set.of(Role.VIEWER), Quotas.DEFAULT, null, null);
        List<JourneyVersion> history = journeys.versions(viewer, "hist");
        assertThat(history).extracting(JourneyVersion::version).containsExactly(2L, 1L);
        assertThat(history).extracting(JourneyVersion::publishedBy).containsOnly("tester");
        assertThat(history.get(0).definition().path("reentry").asString()).isEqualTo("always");
        assertThat(history.get(1).definition().path("reentry").asString()).isEqualTo("never");
        journeys.put(admin, "hist2", welcome("never"));
        journeys.publish(admin, "hist2");
        assertThat(journeys.versions(admin, "hist")).hasSize(2); // another journey's versions are not this one's
        assertThatThrownBy(() -> journeys.versions(admin, "nosuch")).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.code()).isEqualTo(io.quanyu.core.error.ErrorCode.JOURNEY_NOT_FOUND));
    }

    @Test
    void aDateMatchFindsLeapDayBirthdaysOnTheLastDayOfFebruaryAndDatesBeforeTheirDay() {
        var birthday = new Definition.DateMatch("birthday", true, 0);
        String feb28 = birthday.filter(java.time.LocalDate.of(2027, 2, 28)).toString();
        assertThat(feb28).contains("\"1990-02-28\"", "\"2000-02-29\"", "\"2027-02-28\"").doesNotContain("1990-02-29");
        assertThat(birthday.filter(java.time.LocalDate.of(2028, 2, 28)).toString()).doesNotContain("02-29");
        assertThat(birthday.filter(java.time.LocalDate.of(2028, 2, 29)).toString()).contains("\"2000-02-29\"")
                .doesNotContain("1999-02");
        var expiry = new Definition.DateMatch("expiresOn", false, 7);
        assertThat(expiry.filter(java.time.LocalDate.of(2026, 12, 28)).toString())
                .isEqualTo("{\"field\":\"expiresOn\",\"op\":\"eq\",\"value\":\"2027-01-04\"}");
    }

    private String birthday(String email, java.time.LocalDate day) {
        String customer = track("visit", email, Map.of());
        records.updateWhere(admin, "customer", customer, JSON.readTree("{\"field\": \"_id\", \"op\": \"eq\", \"value\": \"" + customer + "\"}"),
                JSON.readTree("{\"birthday\": \"" + day + "\"}")).orElseThrow();
        return customer;
    }

    @Test
    void aCustomerInTheGlobalHoldoutWalksEveryJourneyAndTakesNoAction() {
        assertThatThrownBy(() -> journeys.putSettings(admin, JSON.readTree("""
                {"globalHoldoutPercent": 80, "colour": 1}"""))).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.violations()).extracting(v -> v.pointer() + " " + v.code())
                        .containsExactlyInAnyOrder("/globalHoldoutPercent range", "/colour unknown"));
        assertThat(journeys.settings(admin).globalHoldoutPercent()).isZero();
        assertThat(journeys.putSettings(admin, JSON.readTree("{\"globalHoldoutPercent\": 30}")).globalHoldoutPercent()).isEqualTo(30);
        journeys.put(admin, "welcome", welcome("never"));
        journeys.put(admin, "tagger", JSON.readTree("""
                {"names": {"en": "Tagger"}, "entry": {"event": "signup"}, "start": "tag",
                 "nodes": {"tag": {"type": "tag", "add": ["tagged"], "next": "end"}, "end": {"type": "end"}}}"""));
        journeys.publish(admin, "welcome");
        journeys.publish(admin, "tagger");
        List<String> customers = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            customers.add(track("signup", "h" + i + "@example.com", Map.of()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> customers.stream()
                .allMatch(c -> state("welcome", c).equals("done") && state("tagger", c).equals("done")));

        List<String> held = customers.stream().filter(c -> enrollment("welcome", c).holdout()).toList();
        assertThat(held).hasSizeBetween(4, 24); // 30 % of 40, by hash
        assertThat(customers).allSatisfy(c -> assertThat(enrollment("tagger", c).holdout()).isEqualTo(held.contains(c)));
        assertThat(received).hasSize(customers.size() - held.size());
        for (String c : customers) {
            Document send = journeys.path(admin, "welcome", c).getFirst().get("result", Document.class);
            if (held.contains(c)) {
                assertThat(send.getString("skipped")).isEqualTo("globalHoldout");
                assertThat(tags(c)).doesNotContain("tagged");
                assertThat(enrollment("welcome", c).outcome()).isEqualTo("completed");
            } else {
                assertThat(send.getString("status")).isEqualTo("sent");
                assertThat(tags(c)).contains("tagged");
            }
        }
    }

    @Test
    void aCappedArmTakesAtMostItsCapAndTheOverflowArmTheRestEachCustomerKeepingTheirs() {
        journeys.put(admin, "coupon", JSON.readTree("""
                {"names": {"en": "Coupon"}, "entry": {"event": "signup"}, "reentry": "always", "start": "s",
                 "nodes": {"s": {"type": "split", "overflow": "none",
                                 "arms": [{"name": "coupon", "percent": 100, "cap": 3, "next": "yes"},
                                          {"name": "none", "percent": 0, "next": "no"}]},
                           "yes": {"type": "tag", "add": ["coupon"], "next": "end"},
                           "no": {"type": "tag", "add": ["no-coupon"], "next": "end"}, "end": {"type": "end"}}}"""));
        journeys.publish(admin, "coupon");
        List<String> customers = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            customers.add(track("signup", "cap" + i + "@example.com", Map.of()));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> customers.stream().allMatch(c -> state("coupon", c).equals("done")));
        List<String> lucky = customers.stream().filter(c -> tags(c).contains("coupon")).toList();
        assertThat(lucky).hasSize(3);
        assertThat(customers.stream().filter(c -> tags(c).contains("no-coupon"))).hasSize(3);
        // entering again, each keeps their arm and nobody is counted twice
        track("signup", "cap0@example.com", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> enrollment("coupon", customers.get(0)).run() == 2
                && state("coupon", customers.get(0)).equals("done"));
        assertThat(journeys.path(admin, "coupon", customers.get(0))).filteredOn(d -> "s".equals(d.getString("node")))
                .extracting(d -> d.getString("choice")).containsOnly(lucky.contains(customers.get(0)) ? "coupon" : "none");
        assertThat(engine.caps.taken(db, "coupon", 1, "s", "coupon")).isEqualTo(3);

        assertThatThrownBy(() -> journeys.put(admin, "bad", JSON.readTree("""
                {"names": {"en": "Bad"}, "entry": {"event": "signup"}, "goal": {"event": "order"}, "start": "s",
                 "nodes": {"s": {"type": "split", "arms": [{"name": "a", "percent": 50, "cap": 0, "next": "end"},
                                                           {"name": "h", "percent": 50, "cap": 5, "holdout": true, "next": "end"}]},
                           "t": {"type": "split", "overflow": "a", "arms": [{"name": "a", "percent": 50, "cap": 2, "next": "end"},
                                                                            {"name": "b", "percent": 50, "next": "end"}]},
                           "end": {"type": "end"}}}"""))).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.violations()).extracting(v -> v.pointer() + " " + v.code()).contains(
                        "/nodes/s/arms/0/cap range", "/nodes/s/arms/1/cap holdout", "/nodes/s/overflow required",
                        "/nodes/t/overflow target"));
    }

    @Test
    void testModeRunsTheDraftForOneCustomerWithItsWaitsCompressed() {
        journeys.put(admin, "trial", JSON.readTree("""
                {"names": {"en": "Trial"}, "entry": {"event": "signup"}, "start": "day",
                 "nodes": {"day": {"type": "wait", "duration": "P1D", "next": "tag"},
                           "tag": {"type": "tag", "add": ["tested"], "next": "end"}, "end": {"type": "end"}}}"""));
        String tester = track("visit", "tester@example.com", Map.of());
        assertThat(refusal(() -> journeys.test(admin, "trial", tester, 0))).startsWith("REQUEST_VALIDATION_FAILED");
        assertThat(refusal(() -> journeys.test(admin, "trial", "0123456789abcdef0123456789abcdef", 60))).startsWith("CUSTOMER_NOT_FOUND");

        Enrollment started = journeys.test(admin, "trial", tester, 86_400); // a day in a second
        assertThat(started.journey()).isEqualTo(Journeys.testKey("trial"));
        assertThat(started.dueAt()).isBefore(clock.instant().plusSeconds(5));
        await().atMost(Duration.ofSeconds(20)).until(() -> tags(tester).contains("tested"));
        assertThat(journeys.path(admin, Journeys.testKey("trial"), tester)).extracting(d -> d.getString("node"))
                .containsExactly("day", "tag", "end");
        assertThat(journeys.get(admin, "trial").published()).as("the draft itself is not published").isZero();
        assertThat(journeys.list(admin)).extracting(Journey::key).containsExactly("trial");
        assertThat(journeys.ofCustomer(admin, tester)).as("a test run is not one of the customer's journeys").isEmpty();
        assertThat(refusal(() -> journeys.enter(admin, Journeys.testKey("trial"), tester))).startsWith("JOURNEY_NOT_FOUND");
        assertThat(refusal(() -> journeys.publish(admin, Journeys.testKey("trial"), null))).startsWith("JOURNEY_NOT_FOUND");
        // a second test begins again (the first one is over)
        assertThat(journeys.test(admin, "trial", tester, 86_400).run()).isEqualTo(2);
    }

    /** The code and reason of a refusal. */
    private static String refusal(Runnable call) {
        try {
            call.run();
            return "accepted";
        } catch (QuanyuException e) {
            return e.code().name() + (e.details().get("reason") == null ? "" : " " + e.details().get("reason"));
        }
    }

    @Test
    void wakeTimersFiredTogetherMoveEachEnrollmentOnceAndAWaitNotOverIsTriedAgain() {
        journeys.put(admin, "nap", JSON.readTree("""
                {"names": {"en": "Nap"}, "entry": {"event": "signup"}, "start": "nap",
                 "nodes": {"nap": {"type": "wait", "duration": "PT1H", "next": "woke"},
                           "woke": {"type": "tag", "add": ["woke"], "next": "end"}, "end": {"type": "end"}}}"""));
        journeys.publish(admin, "nap");
        List<String> customers = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            customers.add(track("signup", "nap" + i + "@example.com", Map.of()));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> customers.stream().allMatch(c -> state("nap", c).equals("waiting")));
        // the first three's waits are over (their own timers, due in an hour, have not fired); the last one's is not
        String late = customers.getLast();
        for (String c : customers.subList(0, 3)) {
            db.collection(Enrollments.COLLECTION).updateOne(new Document("_id", Enrollments.id("nap", c)),
                    new Document("$set", new Document("dueAt", java.util.Date.from(clock.instant().minusSeconds(1)))));
        }
        List<io.quanyu.scheduling.FiredTimer> timers = new java.util.ArrayList<>();
        for (String c : customers) {
            timers.add(new io.quanyu.scheduling.FiredTimer(tenant, JourneyEngine.WAKE, "nap|" + c + "|2", clock.instant(),
                    Map.of("journey", "nap", "customer", c, "seq", 2L), 1, "k-" + c));
        }
        // a twin of the first customer's timer (a key of its own for the same seq), and a stale one for a seq left behind
        timers.add(new io.quanyu.scheduling.FiredTimer(tenant, JourneyEngine.WAKE, "nap|" + customers.getFirst() + "|2|again",
                clock.instant(), Map.of("journey", "nap", "customer", customers.getFirst(), "seq", 2L), 1, "twin"));
        timers.add(new io.quanyu.scheduling.FiredTimer(tenant, JourneyEngine.WAKE, "nap|" + customers.get(1) + "|1",
                clock.instant(), Map.of("journey", "nap", "customer", customers.get(1), "seq", 1L), 1, "stale"));

        Map<io.quanyu.scheduling.FiredTimer, RuntimeException> failed = engine.wakeAll(tenant, timers);

        assertThat(failed).containsOnlyKeys(timers.get(3));
        assertThat(failed.get(timers.get(3))).hasMessageContaining("trying again");
        for (String c : customers.subList(0, 3)) {
            assertThat(enrollment("nap", c).outcome()).isEqualTo("completed");
            assertThat(enrollment("nap", c).seq()).isEqualTo(4); // entered, rested, moved on, ended: once each
            assertThat(tags(c)).containsExactly("woke");
            assertThat(journeys.path(admin, "nap", c)).extracting(d -> d.getString("node")).containsExactly("nap", "woke", "end");
        }
        assertThat(state("nap", late)).isEqualTo("waiting");
        assertThat(tags(late)).isEmpty();
    }

    @Test
    void aRunWhoseTimerKeyFiredBeforeItsEnrollmentWasWrittenStillHasATimer() {
        journeys.put(admin, "late", JSON.readTree("""
                {"names": {"en": "Late"}, "entry": {"event": "signup"}, "start": "day",
                 "nodes": {"day": {"type": "wait", "duration": "P1D", "next": "end"}, "end": {"type": "end"}}}"""));
        journeys.publish(admin, "late");
        String c = track("visit", "early@example.com", Map.of());
        // an earlier attempt at the entry set the recovery timer and died before writing the enrollment: it fired for nothing
        String key = Enrollments.id("late", c) + "|1";
        scheduler.schedule(new io.quanyu.scheduling.TimerRequest(tenant, JourneyEngine.WAKE, key, clock.instant(),
                Map.of("journey", "late", "customer", c, "seq", 1L)));
        await().atMost(Duration.ofSeconds(20)).until(() -> scheduler.find(tenant, JourneyEngine.WAKE, key).orElseThrow().state()
                == io.quanyu.scheduling.Timer.State.FIRED);

        track("signup", "early@example.com", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> state("late", c).equals("waiting"));
        // as if this attempt died too, in its run: back at the entry, active, at seq 1
        db.collection(Enrollments.COLLECTION).updateOne(new Document("_id", Enrollments.id("late", c)), new Document("$set",
                new Document("state", "active").append("seq", 1L)).append("$unset", new Document("dueAt", "")));
        clock.skip(JourneyEngine.RECOVER.plusSeconds(2));
        await().atMost(Duration.ofSeconds(20)).until(() -> state("late", c).equals("waiting") && enrollment("late", c).seq() == 2);
    }

    @Test
    void aWaitWhoseTimerWasLostIsListedStuckAndARetryOrASkipOrAnExitRepairsIt() {
        journeys.put(admin, "slow", JSON.readTree("""
                {"names": {"en": "Slow"}, "entry": {"event": "signup"}, "start": "day",
                 "nodes": {"day": {"type": "wait", "duration": "P1D", "next": "done"},
                           "done": {"type": "tag", "add": ["waited"], "next": "end"}, "end": {"type": "end"}}}"""));
        journeys.publish(admin, "slow");
        List<String> customers = List.of(track("signup", "lost1@example.com", Map.of()), track("signup", "lost2@example.com", Map.of()),
                track("signup", "lost3@example.com", Map.of()));
        await().atMost(Duration.ofSeconds(20)).until(() -> customers.stream().allMatch(c -> state("slow", c).equals("waiting")));
        for (String c : customers) { // as if the scheduler had lost their timers
            Enrollment e = enrollment("slow", c);
            assertThat(scheduler.cancel(tenant, JourneyEngine.WAKE, e.id() + "|" + e.seq())).isTrue();
        }
        assertThat(journeys.stuck(admin, "slow", 10)).isEmpty();

        clock.skip(Duration.ofDays(1).plus(Journeys.STUCK_AFTER).plusMinutes(1));
        assertThat(journeys.stuck(admin, "slow", 10)).extracting(Enrollment::customer).containsExactlyInAnyOrderElementsOf(customers);
        journeys.repair(admin, "slow", customers.get(0), "retry");
        journeys.repair(admin, "slow", customers.get(1), "skip");
        assertThat(journeys.repair(admin, "slow", customers.get(2), "exit").outcome()).isEqualTo("exited");
        await().atMost(Duration.ofSeconds(20)).until(() -> state("slow", customers.get(0)).equals("done"));

        assertThat(tags(customers.get(0))).contains("waited");
        assertThat(tags(customers.get(1))).contains("waited");
        assertThat(tags(customers.get(2))).doesNotContain("waited");
        assertThat(journeys.stuck(admin, "slow", 10)).isEmpty();
        assertThatThrownBy(() -> journeys.repair(admin, "slow", customers.get(2), "retry")).isInstanceOfSatisfying(
                QuanyuException.class, e -> assertThat(e.code().name()).isEqualTo("JOURNEY_REPAIR_REFUSED"));
    }

    @Test
    void aCustomerWhoseProfileIsGoneDoesNotHoldUpTheRunTheStepSaysWhy() {
        journeys.put(admin, "gone", JSON.readTree("""
                {"names": {"en": "Gone"}, "entry": {"event": "signup"}, "start": "hour",
                 "nodes": {"hour": {"type": "wait", "duration": "PT1H", "next": "tag"},
                           "tag": {"type": "tag", "add": ["later"], "next": "end"}, "end": {"type": "end"}}}"""));
        journeys.publish(admin, "gone");
        String c = track("signup", "gone@example.com", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> state("gone", c).equals("waiting"));
        db.collection("c360_profiles").deleteOne(new Document("_id", c)); // as if erased meanwhile

        clock.skip(Duration.ofHours(1).plusMinutes(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> state("gone", c).equals("done"));
        assertThat(enrollment("gone", c).outcome()).isEqualTo("completed");
        assertThat(journeys.path(admin, "gone", c)).filteredOn(d -> "tag".equals(d.getString("node"))).singleElement()
                .satisfies(d -> assertThat(d.get("result", Document.class).getString("error")).isEqualTo("CUSTOMER_NOT_FOUND"));
    }

    @Test
    void reentryFollowsItsPolicyAndASplitKeepsItsArm() {
        journeys.put(admin, "once", welcome("never"));
        journeys.put(admin, "again", JSON.readTree("""
                {"names": {"en": "Again"}, "entry": {"event": "signup"}, "reentry": "always", "start": "ab",
                 "nodes": {"ab": {"type": "split", "arms": [{"name": "a", "percent": 50, "next": "ta"},
                                                            {"name": "b", "percent": 50, "next": "tb"}]},
                           "ta": {"type": "tag", "add": ["arm-a"], "next": "end"},
                           "tb": {"type": "tag", "add": ["arm-b"], "next": "end"},
                           "end": {"type": "end"}}}"""));
        journeys.publish(admin, "once");
        journeys.publish(admin, "again");
        String c = track("signup", "twice@example.com", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> state("once", c).equals("done") && state("again", c).equals("done"));
        track("signup", "twice@example.com", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> enrollment("again", c).run() == 2 && state("again", c).equals("done"));

        assertThat(enrollment("once", c).run()).isEqualTo(1);
        assertThat(received).hasSize(1);
        assertThat(journeys.path(admin, "again", c)).extracting(d -> d.getString("choice")).filteredOn(java.util.Objects::nonNull)
                .hasSize(2).containsOnly(JourneyEngine.arm(tenant, "again",
                        (Node.Split) engine.version(db, "again", 1).definition().node("ab"), c).name());
        assertThat(tags(c).stream().filter(t -> t.startsWith("arm-"))).hasSize(1);
    }

    @Test
    void armsFollowTheirPercentagesAndStayTheSameForACustomer() {
        Node.Split split = new Node.Split("ab", List.of(new Node.Arm("a", 20, "x", false), new Node.Arm("b", 80, "y", false)), null);
        int a = 0;
        for (int i = 0; i < 20_000; i++) {
            if (JourneyEngine.arm(tenant, "j", split, "c" + i).name().equals("a")) {
                a++;
            }
        }
        assertThat(a).isBetween(3_700, 4_300);
        assertThat(JourneyEngine.arm(tenant, "j", split, "c7")).isEqualTo(JourneyEngine.arm(tenant, "j", split, "c7"));
    }

    @Test
    void anExperimentPicksTheArmItsRuleSaysAndTheHoldoutGetsNothing() {
        journeys.put(admin, "ab", JSON.readTree("""
                {"names": {"en": "A/B"}, "entry": {"event": "signup"}, "goal": {"event": "order"}, "start": "test",
                 "nodes": {"test": {"type": "split", "experiment": {"minPerArm": 100, "confidence": 0.95},
                                    "arms": [{"name": "a", "percent": 45, "next": "ta"}, {"name": "b", "percent": 45, "next": "tb"},
                                             {"name": "none", "percent": 10, "next": "wait", "holdout": true}]},
                           "ta": {"type": "tag", "add": ["got-a"], "next": "wait"},
                           "tb": {"type": "tag", "add": ["got-b"], "next": "wait"},
                           "wait": {"type": "waitForEvent", "event": "order", "timeout": "P7D", "onEvent": "end", "onTimeout": "end"},
                           "end": {"type": "end"}}}"""));
        journeys.publish(admin, "ab");
        // seeded history: arm a converted 60 of 200, arm b 35 of 200 (z = 2.9: b as good as a has p = 0.002)
        List<Document> seeded = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            boolean a = i < 200;
            seeded.add(new Document("_id", "ab|seed" + i + "|1|test").append("journey", "ab").append("customer", "seed" + i)
                    .append("run", 1L).append("version", 1L).append("node", "test").append("order", 1_000L)
                    .append("at", new java.util.Date()).append("choice", a ? "a" : "b").append("converted", a ? i < 60 : i < 235));
        }
        db.collection(Enrollments.STEPS).insertMany(seeded);
        assertThat(Experiments.pick(List.of(new Experiments.Tally("a", 200, 60, false), new Experiments.Tally("b", 200, 50, false)),
                new Node.Experiment(100, 0.95))).as("30%% against 25%%: p = 0.13, no winner yet").isNull();

        List<String> entrants = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            entrants.add(track("signup", "ab" + i + "@example.com", Map.of()));
        }
        // within the recovery delay and some: a run cut short is taken up again RECOVER after it began
        await().atMost(JourneyEngine.RECOVER.plusSeconds(30))
                .until(() -> entrants.stream().allMatch(c -> state("ab", c).equals("waiting")));

        Node.Split split = (Node.Split) engine.version(db, "ab", 1).definition().node("test");
        for (String c : entrants) {
            boolean holdout = JourneyEngine.arm(tenant, "ab", split, c).holdout();
            assertThat(tags(c)).as(c).containsExactlyElementsOf(holdout ? List.of() : List.of("got-a"));
        }
        List<Map<String, Object>> experiments = journeys.experiments(admin, "ab");
        assertThat(experiments).singleElement().satisfies(x -> assertThat(x).containsEntry("winner", "a"));
        track("order", "ab0@example.com", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> enrollment("ab", entrants.getFirst()).outcome() != null);
        assertThat(enrollment("ab", entrants.getFirst()).outcome()).isEqualTo("converted");
        assertThat(db.collection(Enrollments.STEPS).countDocuments(new Document("customer", entrants.getFirst())
                .append("node", "test").append("converted", true))).isEqualTo(1);
        assertThatThrownBy(() -> journeys.put(admin, "bad_holdout", JSON.readTree("""
                {"names": {"en": "x"}, "entry": {"event": "signup"}, "start": "t",
                 "nodes": {"t": {"type": "split", "experiment": {"minPerArm": 100},
                                 "arms": [{"name": "a", "percent": 90, "next": "end"},
                                          {"name": "h", "percent": 10, "next": "tag", "holdout": true}]},
                           "tag": {"type": "tag", "add": ["x"], "next": "end"}, "end": {"type": "end"}}}""")))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.violations()).extracting(v -> v.pointer() + " " + v.code())
                        .containsExactlyInAnyOrder("/nodes/t/experiment goal", "/nodes/t/arms/1 holdout"));
    }

    @Test
    void drainMigrateAndStopEachDoWhatTheirPreviewSaid() {
        journeys.put(admin, "phases", phases("PT7H", "v1"));
        journeys.publish(admin, "phases");
        List<String> early = List.of(track("signup", "p1@example.com", Map.of()), track("signup", "p2@example.com", Map.of()),
                track("signup", "p3@example.com", Map.of()));
        await().atMost(Duration.ofSeconds(20)).until(() -> early.stream().allMatch(c -> state("phases", c).equals("waiting")));

        // drain: the three stay on version 1; a new customer enters version 2
        journeys.put(admin, "phases", phases("PT7H", "v2"));
        Migration.Plan drain = journeys.preview(admin, "phases", null);
        assertThat(drain.rows()).containsExactly(new Migration.Plan.Row(1, "week", "waiting", null, "stay", 3));
        Journeys.Published drained = journeys.publish(admin, "phases", null);
        assertThat(drained.journey().published()).isEqualTo(2);
        assertThat(drained.migration().rows()).isEmpty();
        String late = track("signup", "p4@example.com", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> state("phases", late).equals("waiting"));
        assertThat(early).allSatisfy(c -> assertThat(enrollment("phases", c).version()).isEqualTo(1));
        assertThat(enrollment("phases", late).version()).isEqualTo(2);

        // migrate: refused while a node holding customers is unmapped or mapped to nothing; nothing is published then
        clock.skip(Duration.ofHours(1));
        journeys.put(admin, "phases", phases("PT3H", "v3"));
        assertThatThrownBy(() -> journeys.publish(admin, "phases", JSON.readTree("""
                {"mode": "migrate", "mapping": {}}"""))).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.violations()).extracting(v -> v.pointer() + " " + v.code()).containsExactly("/mapping/week required"));
        assertThatThrownBy(() -> journeys.preview(admin, "phases", JSON.readTree("""
                {"mode": "migrate", "mapping": {"week": "nowhere"}, "speed": 2}"""))).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.violations()).extracting(v -> v.pointer() + " " + v.code())
                        .containsExactlyInAnyOrder("/speed unknown", "/mapping/week reference"));
        assertThat(journeys.get(admin, "phases").published()).isEqualTo(2);

        JsonNode migrate = JSON.readTree("""
                {"mode": "migrate", "mapping": {"week": "week"}}""");
        Migration.Plan preview = journeys.preview(admin, "phases", migrate);
        assertThat(preview.rows()).containsExactly(new Migration.Plan.Row(1, "week", "waiting", "week", "move", 3),
                new Migration.Plan.Row(2, "week", "waiting", "week", "move", 1));
        Journeys.Published migrated = journeys.publish(admin, "phases", migrate);
        assertThat(migrated.migration().rows()).containsExactlyInAnyOrderElementsOf(preview.rows());
        assertThat(migrated.migration().moved()).isEqualTo(4);
        List<String> all = List.of(early.get(0), early.get(1), early.get(2), late);
        // each goes on in version 3's three-hour wait, counted from when their wait began (an hour ago), not from now
        await().atMost(Duration.ofSeconds(20)).until(() -> all.stream().allMatch(c -> enrollment("phases", c).version() == 3
                && state("phases", c).equals("waiting")));
        assertThat(all).allSatisfy(c -> assertThat(enrollment("phases", c).dueAt()).isBefore(clock.instant().plus(Duration.ofHours(2))
                .plusSeconds(30)));
        clock.skip(Duration.ofHours(2).plusMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> all.stream().allMatch(c -> state("phases", c).equals("done")));
        assertThat(all).allSatisfy(c -> assertThat(tags(c)).contains("v3").doesNotContain("v1", "v2"));

        // stop: whoever is in an older version exits
        String last = track("signup", "p5@example.com", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> state("phases", last).equals("waiting"));
        journeys.put(admin, "phases", phases("PT3H", "v4"));
        JsonNode stop = JSON.readTree("""
                {"mode": "stop"}""");
        assertThat(journeys.preview(admin, "phases", stop).rows()).containsExactly(
                new Migration.Plan.Row(3, "week", "waiting", null, "exit", 1));
        assertThat(journeys.publish(admin, "phases", stop).migration().exited()).isEqualTo(1);
        assertThat(enrollment("phases", last).outcome()).isEqualTo("exited");
        assertThat(enrollment("phases", last).reason()).isEqualTo("stopped-by-publish");
        clock.skip(Duration.ofHours(3).plusMinutes(1));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !tags(last).contains("v3"));
    }

    /**
     * As if the node had died in the enrollment's run at {@code node}: the enrollment is set back there, active, and its
     * recovery timer fires now; answers once the repeated run has come to rest.
     */
    private void runAgainFrom(Enrollment done, String node) {
        db.collection(Enrollments.COLLECTION).updateOne(new Document("_id", done.id()), new Document("$set",
                new Document("state", "active").append("node", node).append("seq", 41L)));
        scheduler.schedule(new io.quanyu.scheduling.TimerRequest(tenant, JourneyEngine.WAKE, done.id() + "|41", clock.instant(),
                Map.of("journey", done.journey(), "customer", done.customer(), "seq", 41L)));
        await().atMost(Duration.ofSeconds(20)).until(() -> enrollment(done.journey(), done.customer()).seq() == 42);
    }

    /** A journey that waits, then tags the customer with the version's name. */
    private JsonNode phases(String wait, String tag) {
        return JSON.readTree("""
                {"names": {"en": "Phases"}, "entry": {"event": "signup"}, "start": "week",
                 "nodes": {"week": {"type": "wait", "duration": "%s", "next": "tag"},
                           "tag": {"type": "tag", "add": ["%s"], "next": "end"}, "end": {"type": "end"}}}""".formatted(wait, tag));
    }

    private JsonNode welcome(String reentry) {
        return JSON.readTree("""
                {"names": {"zh-CN": "欢迎", "en": "Welcome"}, "entry": {"event": "signup"}, "reentry": "%s", "start": "hello",
                 "nodes": {"hello": {"type": "send", "template": "welcome", "channels": ["email"], "next": "end"},
                           "end": {"type": "end"}}}""".formatted(reentry));
    }

    /** An event of the customer known by this e-mail address at {@code time}, stored; its result. */
    private EventResult tracked(String type, String email, Instant time) {
        String event = JSON.writeValueAsString(Map.of("eventId", "e-" + UUID.randomUUID(), "type", type,
                "time", time.toString(), "identities", Map.of("email", email)));
        return c360.track(db, Quotas.DEFAULT, "tester", JSON.readTree("[" + event + "]")).getFirst();
    }

    /** The seam's {@code EventsApplied} of a stored event. */
    private DomainEvent applied(EventResult r) {
        return new DomainEvent("d-" + r.eventId(), DomainEvent.EVENTS_APPLIED, tenant, r.customerId(), Instant.now(),
                Map.of("events", List.of(r.eventId())));
    }

    private Node.Split split(String journey) {
        return (Node.Split) engine.version(db, journey, 1).definition().node("ab");
    }

    /** An event of the customer known by this e-mail address; the customer. */
    private String track(String type, String email, Map<String, Object> properties) {
        String event = JSON.writeValueAsString(Map.of("eventId", "e-" + UUID.randomUUID(), "type", type,
                "time", clock.instant().toString(), "identities", Map.of("email", email), "properties", properties));
        return c360.track(db, Quotas.DEFAULT, "tester", JSON.readTree("[" + event + "]")).getFirst().customerId();
    }

    private Enrollment enrollment(String journey, String customer) {
        return journeys.ofCustomer(admin, customer).stream().filter(e -> e.journey().equals(journey)).findFirst().orElseThrow();
    }

    private String state(String journey, String customer) {
        return journeys.ofCustomer(admin, customer).stream().filter(e -> e.journey().equals(journey)).findFirst()
                .map(Enrollment::state).orElse("none");
    }

    private List<String> tags(String customer) {
        List<String> out = new java.util.ArrayList<>();
        c360.profile(db, customer).path("tags").forEach(t -> out.add(t.isObject() ? t.path("tag").asString() : t.asString()));
        return out;
    }
}

package io.quanyu.segments;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.customer360.Customer360;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.outbox.DomainEvent;
import io.quanyu.outbox.EventSeam;
import io.quanyu.outbox.SeamOptions;
import io.quanyu.outbox.Subscriber;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.scheduling.DefaultScheduler;
import io.quanyu.scheduling.SchedulerOptions;
import io.quanyu.testfixtures.InJvmMongo;
import io.quanyu.testfixtures.SkippingClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Segments on the customer 360, the event seam and the scheduler as the server wires them (in-JVM MongoDB): the
 * definition checks, membership following events (entered on the second order, exited when tagged), a segment built
 * on another, the backfill of profiles that existed before the segment, a merged profile leaving, and the explanation
 * of a customer who is out.
 */
class SegmentsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String REPEAT = """
            {"names": {"zh-CN": "复购未打标", "en": "Repeat buyers, not VIP"},
             "rule": {"all": [{"field": "aggregates.orders.count", "op": "gte", "value": 2},
                              {"not": {"field": "tags", "op": "contains", "value": "vip"}}]}}""";
    private static InJvmMongo server;
    private static MongoClient client;
    private TenantDatabase db;
    private TenantId tenant;
    private Customer360 c360;
    private MetadataService metadata;
    private RecordService records;
    private EventSeam seam;
    private SegmentEngine engine;
    private DefaultScheduler scheduler;
    private Segments segments;
    private CallContext admin;
    private final List<DomainEvent> announced = new CopyOnWriteArrayList<>();
    private final SkippingClock clock = new SkippingClock();

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
    void wire() {
        tenant = TenantId.of("s" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        MongoTenantDatabases databases = new MongoTenantDatabases(client);
        db = databases.forTenant(new TenantContext(tenant, "u", "tester", Set.of(Role.TENANT_ADMIN), false));
        TenantDatabase tenantDb = db;
        seam = new EventSeam(() -> List.of(tenantDb), SeamOptions.defaults("n1").withTimings(50, 200, 1_000, 2_000)
                .alsoFrom(List.of(Memberships.COLLECTION)).withRetries(3, 10), Clock.systemUTC());
        metadata = new MetadataService(clock, Executors.newVirtualThreadPerTaskExecutor(), seam);
        records = new RecordService(metadata, clock, seam);
        c360 = new Customer360(metadata, records, clock, seam);
        c360.ensureIndexes(db);
        scheduler = new DefaultScheduler(client.getDatabase("platform_" + tenant.value()), clock,
                SchedulerOptions.defaults().withNodeId("n1").withBucket(Duration.ofSeconds(1))
                        .withPollInterval(Duration.ofMillis(20)).withLease(Duration.ofSeconds(5)));
        engine = new SegmentEngine(c360, t -> tenantDb, scheduler, seam, clock);
        engine.ensureIndexes(db);
        segments = new Segments(databases, engine, c360, clock);
        seam.subscribe(engine).subscribe(new Subscriber() {
            @Override
            public String name() {
                return "test-listener";
            }

            @Override
            public Set<String> types() {
                return Set.of(DomainEvent.SEGMENT_ENTERED, DomainEvent.SEGMENT_EXITED);
            }

            @Override
            public void handle(DomainEvent event) {
                announced.add(event);
            }
        }).start();
        scheduler.start();
        admin = new CallContext(tenant, "tester", Set.of(Role.TENANT_ADMIN), Quotas.DEFAULT, null, null);
    }

    @AfterEach
    void stop() {
        seam.close();
        scheduler.close();
    }

    @Test
    void aDefinitionIsCheckedWholeAndACycleIsRefusedWithItsPath() {
        assertThatThrownBy(() -> segments.put(admin, "Bad Key", json("""
                {"names": {"fr": "x"}, "rule": {"all": [{"field": "tags", "op": "near", "value": 1}]}, "colour": 1}""")))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.violations()).extracting(v -> v.pointer())
                        .contains("/key", "/names/fr", "/rule/all/0/op", "/colour"));
        assertThatThrownBy(() -> segments.put(admin, "a", json(rule("{\"field\": \"segments\", \"op\": \"contains\", \"value\": \"nobody\"}"))))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.violations().getFirst().message())
                        .contains("nobody"));
        segments.put(admin, "a", json(rule("{\"field\": \"stage\", \"op\": \"eq\", \"value\": \"member\"}")));
        segments.put(admin, "b", json(rule("{\"field\": \"segments\", \"op\": \"contains\", \"value\": \"a\"}")));
        assertThatThrownBy(() -> segments.put(admin, "a", json(rule("{\"field\": \"segments\", \"op\": \"containsAny\", \"value\": [\"b\"]}"))))
                .isInstanceOfSatisfying(QuanyuException.class, e -> {
                    assertThat(e.code().name()).isEqualTo("SEGMENT_CYCLE");
                    assertThat(e.getMessage()).contains("a → b → a");
                });
        assertThatThrownBy(() -> segments.delete(admin, "a")).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.code().name()).isEqualTo("SEGMENT_IN_USE"));
        assertThat(segments.get(admin, "a").version()).isEqualTo(1);
        CallContext viewer = new CallContext(tenant, "v", Set.of(Role.VIEWER), Quotas.DEFAULT, null, null);
        assertThat(segments.list(viewer)).extracting(Segment::key).containsExactly("a", "b");
        assertThatThrownBy(() -> segments.put(viewer, "c", json(REPEAT))).isInstanceOf(QuanyuException.class);
    }

    @Test
    void aCustomerEntersOnTheSecondOrderAndExitsWhenTaggedOnceEachAndInVersionOrder() {
        segments.put(admin, "repeat", json(REPEAT));
        segments.put(admin, "repeat_in_shanghai", json(rule("{\"all\": [{\"field\": \"segments\", \"op\": \"contains\", "
                + "\"value\": \"repeat\"}, {\"field\": \"aggregates.channels\", \"op\": \"contains\", \"value\": \"store_sh\"}]}")));
        String customer = order("o1", "p1");
        assertThat(segments.ofCustomer(admin, customer)).noneMatch(Membership::member);
        order("o2", "p1");
        await().atMost(Duration.ofSeconds(45)).until(() -> isMember("repeat", customer) && isMember("repeat_in_shanghai", customer));

        c360.tag(db, customer, "vip", true, "tester");
        await().atMost(Duration.ofSeconds(45)).until(() -> !isMember("repeat", customer) && !isMember("repeat_in_shanghai", customer));
        await().atMost(Duration.ofSeconds(45)).until(() -> announced.size() >= 4);
        List<String> repeat = announced.stream().filter(e -> "repeat".equals(e.data().get("segment")))
                .map(e -> e.type() + " v" + e.data().get("version")).toList();
        assertThat(repeat).containsExactly("SegmentEntered v1", "SegmentExited v2");
        assertThat(announced).allMatch(e -> e.key().equals(customer));
        assertThat(segments.count(admin, "repeat")).isZero();

        var explained = segments.explain(admin, "repeat", customer);
        assertThat(explained.member()).isFalse();
        assertThat(explained.verdict().matched()).isFalse();
        assertThat(explained.verdict().summary()).contains("vip");
        assertThat(explained.verdict().summaryZhCN()).contains("vip").contains("包含");
    }

    @Test
    void profilesThatExistedBeforeTheSegmentAreBackfilledAndAMergedProfileLeaves() {
        String first = order("b1", "q1");
        order("b2", "q1");
        String second = order("b3", "q2");
        order("b4", "q2");
        String third = order("b5", "q3");
        segments.put(admin, "repeat", json(REPEAT));
        await().atMost(Duration.ofSeconds(45)).until(() -> segments.get(admin, "repeat").backfill().done());
        assertThat(segments.members(admin, "repeat", null, 10)).extracting(Membership::customer)
                .containsExactlyInAnyOrder(first, second);
        assertThat(segments.count(admin, "repeat")).isEqualTo(2);
        assertThat(segments.counts(admin)).containsEntry("repeat", 2L);
        assertThat(segments.estimate(admin, json(REPEAT).get("rule"), 1_000))
                .isEqualTo(new Segments.Estimate(2, true, 2, 3, 3));
        assertThat(isMember("repeat", third)).isFalse();

        c360.merges().merge(db, second, first, "tester", "the same person");
        await().atMost(Duration.ofSeconds(45)).until(() -> !isMember("repeat", first));
        assertThat(isMember("repeat", second)).isTrue();
        assertThat(segments.count(admin, "repeat")).isEqualTo(1);
    }

    /**
     * "Bought, but not for 30 days": a buyer is out until the 30th day after their last order ends and in within 60 s
     * of that instant, by the flip timer their last evaluation set, with no event and no batch; a new order takes them
     * out again at once.
     */
    @Test
    void aLapsedBuyerFlipsWithinAMinuteOfTheWindowsEnd() {
        segments.put(admin, "lapsed", json(rule("{\"all\": [{\"field\": \"aggregates.orders.count\", \"op\": \"gte\", "
                + "\"value\": 1}, {\"field\": \"aggregates.orders.lastAt\", \"op\": \"olderThanDays\", \"value\": 30}]}")));
        await().atMost(Duration.ofSeconds(45)).until(() -> segments.get(admin, "lapsed").backfill().done());
        String customer = order("l1", "p9");
        Instant boundary = c360.liveFacts(db, customer).map(f -> Instant.parse(f.facts().path("aggregates").path("orders")
                .path("lastAt").asString())).orElseThrow().plus(Duration.ofDays(30));
        String flip = "lapsed|" + customer + "|" + boundary.plus(SegmentEngine.FLIP_MARGIN).toEpochMilli();
        await().atMost(Duration.ofSeconds(45)).until(() -> scheduler.find(tenant, SegmentEngine.FLIP, flip).isPresent());
        assertThat(isMember("lapsed", customer)).isFalse();

        clock.skip(Duration.between(clock.instant(), boundary).minusSeconds(3));
        assertThat(isMember("lapsed", customer)).as("3 s before the end").isFalse();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> isMember("lapsed", customer));
        Duration late = Duration.between(boundary, clock.instant());
        assertThat(late).as("flipped %s after the window's end", late).isLessThan(Duration.ofSeconds(60));

        order("l2", "p9");
        await().atMost(Duration.ofSeconds(45)).until(() -> !isMember("lapsed", customer));
    }

    /**
     * "Bought twice within 30 days and not tagged vip" as a behaviour condition over the order events: in on the
     * second order, out when tagged and in again when untagged, and out within 60 s of the instant the older order
     * leaves the 30-day window; "has bought, but not in 30 days" in within 60 s of the newer order's 30th day. The
     * explanation names the count in both languages.
     */
    @Test
    void aBehaviourWindowEntersOnTheSecondOrderAndFlipsWhenTheOlderOrderLeavesIt() {
        segments.put(admin, "twice30", json(rule("{\"all\": [{\"behavior\": {\"event\": \"order\", \"window\": "
                + "{\"lastDays\": 30}, \"op\": \"gte\", \"value\": 2}}, {\"not\": {\"field\": \"tags\", \"op\": "
                + "\"contains\", \"value\": \"vip\"}}]}")));
        segments.put(admin, "lapsed30", json(rule("{\"all\": [{\"behavior\": {\"event\": \"order\", \"op\": \"gte\", "
                + "\"value\": 1}}, {\"behavior\": {\"event\": \"order\", \"window\": {\"lastDays\": 30}, \"op\": \"eq\", "
                + "\"value\": 0}}]}")));
        await().atMost(Duration.ofSeconds(45)).until(() -> segments.get(admin, "lapsed30").backfill().done()
                && segments.get(admin, "twice30").backfill().done());
        String customer = order("w1", "p7");
        Instant first = clock.instant();
        clock.skip(Duration.ofDays(20));
        await().atMost(Duration.ofSeconds(45)).until(() -> segments.explain(admin, "twice30", customer).verdict()
                .summary().contains("count of order events in the last 30 days is 1"));
        assertThat(isMember("twice30", customer)).isFalse();
        order("w2", "p7");
        Instant second = clock.instant();
        await().atMost(Duration.ofSeconds(45)).until(() -> isMember("twice30", customer));

        c360.tag(db, customer, "vip", true, "tester");
        await().atMost(Duration.ofSeconds(45)).until(() -> !isMember("twice30", customer));
        c360.tag(db, customer, "vip", false, "tester");
        await().atMost(Duration.ofSeconds(45)).until(() -> isMember("twice30", customer));

        Instant ages = first.plus(Duration.ofDays(30));
        clock.skip(Duration.between(clock.instant(), ages).minusSeconds(3));
        assertThat(isMember("twice30", customer)).as("3 s before the older order leaves the window").isTrue();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> !isMember("twice30", customer));
        assertThat(Duration.between(ages, clock.instant())).as("left the segment after the window's end").isLessThan(Duration.ofSeconds(60));
        var explained = segments.explain(admin, "twice30", customer);
        assertThat(explained.verdict().summary()).contains("count of order events in the last 30 days is 1, which is not ≥ 2");
        assertThat(explained.verdict().summaryZhCN()).contains("最近 30 天 order 事件的次数 为 1，不满足 ≥ 2");

        Instant lapses = second.plus(Duration.ofDays(30));
        assertThat(isMember("lapsed30", customer)).isFalse();
        clock.skip(Duration.between(clock.instant(), lapses).minusSeconds(3));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> isMember("lapsed30", customer));
        assertThat(Duration.between(lapses, clock.instant())).as("lapsed after the 30th day").isLessThan(Duration.ofSeconds(60));
    }

    /**
     * Property: random customers, tag changes and events, fed in random batches with times out of order and late
     * (up to 60 days back), end with exactly the memberships a from-scratch evaluation of every profile gives (the
     * segments in dependency order, each profile's facts and events read afresh). Event times sit half a day off any
     * window's end, so no flip is due while the stream settles.
     */
    @Test
    void theStreamGivesTheMembershipsOfABatchEvaluationFromScratch() {
        java.util.Random random = new java.util.Random(Long.getLong("segments.seed", System.nanoTime()));
        long seed = random.nextLong();
        random = new java.util.Random(seed);
        segments.put(admin, "s1", json(rule("{\"all\": [{\"behavior\": {\"event\": \"order\", \"window\": {\"lastDays\": 30},"
                + " \"op\": \"gte\", \"value\": 2}}, {\"not\": {\"field\": \"tags\", \"op\": \"contains\", \"value\": \"vip\"}}]}")));
        segments.put(admin, "s2", json(rule("{\"field\": \"aggregates.orders.count\", \"op\": \"gte\", \"value\": 3}")));
        segments.put(admin, "s3", json(rule("{\"any\": [{\"field\": \"segments\", \"op\": \"contains\", \"value\": \"s1\"},"
                + " {\"behavior\": {\"event\": \"visit\", \"where\": {\"field\": \"channel\", \"op\": \"eq\", \"value\": \"app\"},"
                + " \"window\": {\"lastDays\": 14}, \"measure\": \"sum\", \"property\": \"pages\", \"op\": \"gte\", \"value\": 10}}]}")));
        segments.put(admin, "s4", json(rule("{\"behavior\": {\"event\": \"order\", \"measure\": \"last\", \"op\": \"olderThanDays\", \"value\": 20}}")));
        segments.put(admin, "s5", json(rule("{\"all\": [{\"not\": {\"field\": \"segments\", \"op\": \"contains\", \"value\": \"s3\"}},"
                + " {\"field\": \"tags\", \"op\": \"contains\", \"value\": \"vip\"}]}")));
        await().atMost(Duration.ofSeconds(45)).until(() -> segments.list(admin).stream().allMatch(x -> x.backfill().done()));

        Instant now = clock.instant();
        List<String> people = java.util.stream.IntStream.range(0, 25).mapToObj(i -> "r" + i).toList();
        List<String> batch = new java.util.ArrayList<>();
        java.util.Set<String> customers = new java.util.LinkedHashSet<>();
        for (int i = 0; i < 240; i++) {
            String person = people.get(random.nextInt(people.size()));
            Instant at = now.minus(Duration.ofDays(random.nextInt(60))).minus(Duration.ofHours(12))
                    .plus(Duration.ofMinutes(random.nextInt(120) - 60));
            boolean visit = random.nextBoolean();
            batch.add("{\"eventId\": \"r" + seed + "-" + i + "\", \"type\": \"" + (visit ? "visit" : "order") + "\", \"channel\": \""
                    + (random.nextBoolean() ? "app" : "web") + "\", \"time\": \"" + at + "\", \"identities\": {\"phone\": \""
                    + phone(person) + "\"}, \"properties\": {\"pages\": " + random.nextInt(8) + ", \"amount\": 50}}");
            if (batch.size() == 1 + random.nextInt(12) || i == 239) {
                var results = c360.track(db, Quotas.DEFAULT, "tester", json("[" + String.join(",", batch) + "]"));
                results.forEach(r -> customers.add(r.customerId()));
                batch.clear();
            }
            if (random.nextInt(10) == 0 && !customers.isEmpty()) {
                List<String> known = List.copyOf(customers);
                c360.tag(db, known.get(random.nextInt(known.size())), "vip", random.nextInt(3) > 0, "tester");
            }
        }

        java.util.Map<String, java.util.Set<String>> expected = batchEvaluation();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> streamed(expected.keySet()).equals(expected));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            assertThat(streamed(expected.keySet())).as("seed %s", seed).isEqualTo(expected);
        }
        assertThat(expected.values().stream().mapToInt(java.util.Set::size).sum()).as("the data puts someone in a segment").isPositive();
    }

    /**
     * A run of events (what the seam hands over when events queue up) is decided with one read of memberships and one
     * of events per event type for all its customers: each customer gets what evaluating it alone gives, whatever the
     * other customers of the run did.
     */
    @Test
    void aRunOfEventsForManyCustomersDecidesEachAsAloneWould() {
        segments.put(admin, "twice", json(rule("{\"behavior\": {\"event\": \"order\", \"window\": {\"lastDays\": 30},"
                + " \"op\": \"gte\", \"value\": 2}}")));
        segments.put(admin, "app_pages", json(rule("{\"behavior\": {\"event\": \"visit\", \"where\": {\"field\": \"channel\","
                + " \"op\": \"eq\", \"value\": \"app\"}, \"measure\": \"sum\", \"property\": \"pages\", \"op\": \"gte\", \"value\": 5}}")));
        await().atMost(Duration.ofSeconds(45)).until(() -> segments.list(admin).stream().allMatch(x -> x.backfill().done()));
        Instant now = clock.instant();
        List<String> events = new java.util.ArrayList<>();
        for (int person = 0; person < 6; person++) {
            for (int n = 0; n < person; n++) {
                events.add("{\"eventId\": \"run-" + person + "-" + n + "\", \"type\": \"" + (n % 2 == 0 ? "order" : "visit")
                        + "\", \"channel\": \"" + (person % 2 == 0 ? "app" : "web") + "\", \"time\": \"" + now.minus(Duration.ofDays(n * 9L))
                        + "\", \"identities\": {\"phone\": \"" + phone("run" + person) + "\"}, \"properties\": {\"pages\": 3}}");
            }
        }
        java.util.Set<String> customers = new java.util.LinkedHashSet<>();
        c360.track(db, Quotas.DEFAULT, "tester", json("[" + String.join(",", events) + "]")).forEach(r -> customers.add(r.customerId()));
        java.util.Map<String, java.util.Set<String>> expected = batchEvaluation();
        assertThat(expected.keySet()).isEqualTo(customers);
        await().atMost(Duration.ofSeconds(30)).until(() -> streamed(customers).equals(expected));
        assertThat(expected.values().stream().filter(java.util.Set::isEmpty)).as("someone is in no segment").isNotEmpty();
        assertThat(expected.values().stream().filter(in -> in.size() == 2)).as("someone is in both").isNotEmpty();

        db.collection(Memberships.COLLECTION).deleteMany(new org.bson.Document());
        List<DomainEvent> run = new java.util.ArrayList<>();
        for (String customer : customers) {
            for (int copy = 0; copy < 2; copy++) {
                run.add(new DomainEvent("e-" + customer + "-" + copy, DomainEvent.EVENTS_APPLIED, tenant, customer, now, java.util.Map.of()));
            }
        }
        java.util.Collections.shuffle(run, new java.util.Random(7));
        engine.handleAll(run);
        assertThat(streamed(customers)).isEqualTo(expected);
    }

    /**
     * A rule reads the customer record's fields ({@code record.<field>}, custom ones too): the customer enters when
     * the record changes to match and leaves when it changes back; a caller who may not read a field cannot write a
     * rule on it (its count and explanation would tell the values).
     */
    @Test
    void aRuleOnACustomerFieldFollowsTheRecordAndAHiddenFieldIsRefused() {
        segments.put(admin, "shanghai", json(rule("{\"field\": \"record.city\", \"op\": \"eq\", \"value\": \"上海\"}")));
        String customer = order("city-1", "city-person");
        await().atMost(Duration.ofSeconds(30)).until(() -> segments.get(admin, "shanghai").backfill().done());
        assertThat(isMember("shanghai", customer)).isFalse();
        long version = records.get(db, "customer", customer, false).path("_version").asLong();
        records.update(db, "customer", customer, json("{\"city\": \"上海\", \"_version\": " + version + "}"), "tester");
        await().atMost(Duration.ofSeconds(30)).until(() -> isMember("shanghai", customer));
        assertThat(segments.explain(admin, "shanghai", customer).verdict().summaryZhCN()).contains("上海");
        version = records.get(db, "customer", customer, false).path("_version").asLong();
        records.update(db, "customer", customer, json("{\"city\": \"杭州\", \"_version\": " + version + "}"), "tester");
        await().atMost(Duration.ofSeconds(30)).until(() -> !isMember("shanghai", customer));

        var definition = (tools.jackson.databind.node.ObjectNode) io.quanyu.objects.schema.ObjectTypeParser.toJson(
                metadata.get(db, "customer").type());
        definition.withArray("fields").add(json("{\"apiName\": \"income\", \"type\": \"decimal\", \"label\": {\"en\": \"Income\"},"
                + " \"readRoles\": [\"tenant-admin\"]}"));
        metadata.change(db, "customer", definition, "tester", Quotas.DEFAULT);
        CallContext builder = new CallContext(tenant, "builder", Set.of(Role.BUILDER), Quotas.DEFAULT, null, null);
        JsonNode onIncome = json(rule("{\"field\": \"record.income\", \"op\": \"gte\", \"value\": 10000}"));
        assertThatThrownBy(() -> segments.put(builder, "rich", onIncome)).isInstanceOfSatisfying(QuanyuException.class, e ->
                assertThat(e.violations()).singleElement().satisfies(v -> {
                    assertThat(v.pointer()).isEqualTo("/rule");
                    assertThat(v.code()).isEqualTo("unknownField");
                }));
        assertThatThrownBy(() -> segments.estimate(builder, onIncome.get("rule"), 100)).isInstanceOf(QuanyuException.class);
        assertThat(segments.put(admin, "rich", onIncome).version()).isEqualTo(1);
        assertThatThrownBy(() -> segments.explain(builder, "rich", customer)).isInstanceOf(QuanyuException.class);
    }

    /**
     * A dated behaviour window in the customer's clock: the same order, at 16:30 UTC on 7 October, is inside "1 to 7
     * October" for a customer whose record says Europe/London and outside it for one in Asia/Shanghai (00:30 on the
     * 8th there); when the second moves to London (a record change) they enter too.
     */
    @Test
    void aWindowInTheCustomersClockReadsEachCustomersZone() {
        var definition = (tools.jackson.databind.node.ObjectNode) io.quanyu.objects.schema.ObjectTypeParser.toJson(
                metadata.get(db, "customer").type());
        definition.withArray("fields").add(json("{\"apiName\": \"timeZone\", \"type\": \"text\", \"label\": {\"en\": \"Time zone\"}}"));
        metadata.change(db, "customer", definition, "tester", Quotas.DEFAULT);
        segments.put(admin, "october", json(rule("{\"behavior\": {\"event\": \"order\", \"window\": {\"between\":"
                + " [\"2026-10-01\", \"2026-10-07\"], \"zone\": \"customer\"}, \"op\": \"gte\", \"value\": 1}}")));
        await().atMost(Duration.ofSeconds(30)).until(() -> segments.get(admin, "october").backfill().done());
        java.util.Map<String, String> customers = new java.util.LinkedHashMap<>();
        for (String zone : List.of("Europe/London", "Asia/Shanghai")) {
            var results = c360.track(db, Quotas.DEFAULT, "tester", json("[{\"eventId\": \"tz-" + zone + "\", \"type\": \"order\","
                    + " \"time\": \"2026-10-07T16:30:00Z\", \"identities\": {\"phone\": \"" + phone("tz" + zone) + "\"}}]"));
            String customer = results.getFirst().customerId();
            setZone(customer, zone);
            customers.put(zone, customer);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> isMember("october", customers.get("Europe/London")));
        assertThat(isMember("october", customers.get("Asia/Shanghai"))).isFalse();
        assertThat(segments.explain(admin, "october", customers.get("Asia/Shanghai")).verdict().summary())
                .contains("in the customer's time zone");
        setZone(customers.get("Asia/Shanghai"), "Europe/London");
        await().atMost(Duration.ofSeconds(30)).until(() -> isMember("october", customers.get("Asia/Shanghai")));
    }

    private void setZone(String customer, String zone) {
        long version = records.get(db, "customer", customer, false).path("_version").asLong();
        records.update(db, "customer", customer, json("{\"timeZone\": \"" + zone + "\", \"_version\": " + version + "}"), "tester");
    }

    /**
     * A backfill goes page after page over one read of the profiles and hands over to the next timer when its slice
     * ends, from where the last page recorded: with every page its own slice, 450 profiles take three timers and each
     * ends where it should.
     */
    @Test
    void aBackfillCrossesSlicesAndEvaluatesEveryProfileOnce() {
        List<String> events = new java.util.ArrayList<>();
        for (int i = 0; i < 450; i++) {
            events.add("{\"eventId\": \"slice-" + i + "\", \"type\": \"order\", \"time\": \"" + clock.instant()
                    + "\", \"identities\": {\"phone\": \"" + phone("slice" + i) + "\"}}");
        }
        for (int from = 0; from < events.size(); from += 150) {
            c360.track(db, Quotas.DEFAULT, "tester", json("[" + String.join(",", events.subList(from, from + 150)) + "]"));
        }
        engine.withSlice(Duration.ZERO);
        segments.put(admin, "buyers", json(rule("{\"field\": \"aggregates.orders.count\", \"op\": \"gte\", \"value\": 1}")));
        await().atMost(Duration.ofSeconds(60)).until(() -> segments.get(admin, "buyers").backfill().done());
        assertThat(segments.get(admin, "buyers").backfill().evaluated()).isEqualTo(450);
        assertThat(segments.count(admin, "buyers")).isEqualTo(450);
    }

    /**
     * A merge moves the merged profile's events to the survivor after the merged profile is marked: the survivor is
     * evaluated again once they moved, so two one-order customers merged make a two-order member (this failed while
     * the only announcement came before the move).
     */
    @Test
    void aMergeCountsTheMovedEventsInTheSurvivorsBehaviour() {
        segments.put(admin, "two_orders", json(rule("{\"behavior\": {\"event\": \"order\", \"op\": \"gte\", \"value\": 2}}")));
        await().atMost(Duration.ofSeconds(45)).until(() -> segments.get(admin, "two_orders").backfill().done());
        String survivor = order("m1", "merge-a");
        String merged = order("m2", "merge-b");
        await().atMost(Duration.ofSeconds(45)).until(() -> segments.explain(admin, "two_orders", survivor).verdict()
                .summary().contains("is 1"));

        c360.merges().merge(db, survivor, merged, "tester", "the same person");

        await().atMost(Duration.ofSeconds(45)).until(() -> isMember("two_orders", survivor));
        assertThat(isMember("two_orders", merged)).isFalse();
    }

    /**
     * A list segment: an uploaded CSV of phones makes their customers members, a phone nobody has yet joins when its
     * customer appears, the next upload replaces the list (who is not on it leaves), a bad line refuses the whole
     * upload, and the members export as CSV.
     */
    @Test
    void anUploadedListKeepsItsSegmentAndTheNextUploadReplacesIt() throws Exception {
        String known = order("u1", "list-a");
        String other = order("u2", "list-b");
        segments.put(admin, "vip_list", json("{\"names\": {\"zh-CN\": \"贵宾名单\", \"en\": \"VIP list\"}, \"list\": true}"));
        segments.put(admin, "vip_repeat", json(rule("{\"all\": [{\"field\": \"segments\", \"op\": \"contains\", \"value\": \"vip_list\"},"
                + " {\"field\": \"aggregates.orders.count\", \"op\": \"gte\", \"value\": 1}]}")));
        assertThat(segments.get(admin, "vip_list").isList()).isTrue();
        await().atMost(Duration.ofSeconds(45)).until(() -> segments.get(admin, "vip_list").backfill().done());

        var uploaded = segments.upload(admin, "vip_list", null, new java.io.StringReader(
                "type,value\nphone,\"" + phone("list-a") + "\"\nphone,+8613911112222\nemail,Li.Lei@Example.com\n"));
        assertThat(uploaded).isEqualTo(new Segments.Uploaded("vip_list", 3, 3, 0, 1, 1));
        await().atMost(Duration.ofSeconds(45)).until(() -> isMember("vip_list", known) && isMember("vip_repeat", known));
        assertThat(isMember("vip_list", other)).isFalse();

        String newcomer = c360.track(db, Quotas.DEFAULT, "tester", json("[{\"eventId\": \"u3\", \"type\": \"visit\", \"time\": \""
                + clock.instant() + "\", \"identities\": {\"phone\": \"13911112222\"}}]")).getFirst().customerId();
        await().atMost(Duration.ofSeconds(45)).until(() -> isMember("vip_list", newcomer));

        assertThatThrownBy(() -> segments.upload(admin, "vip_list", "phone", new java.io.StringReader("13911112222\nnot a phone\n\n\"")))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.violations()).extracting(v -> v.pointer())
                        .contains("/lines/2"));
        assertThat(segments.upload(admin, "vip_list", "phone", new java.io.StringReader("value\n13911112222\n")))
                .isEqualTo(new Segments.Uploaded("vip_list", 1, 0, 2, 1, 1));
        await().atMost(Duration.ofSeconds(45)).until(() -> !isMember("vip_list", known) && !isMember("vip_repeat", known));
        assertThat(isMember("vip_list", newcomer)).isTrue();
        assertThatThrownBy(() -> segments.upload(admin, "vip_repeat", "phone", new java.io.StringReader("13911112222")))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.code().name()).isEqualTo("SEGMENT_NOT_A_LIST"));

        java.io.StringWriter csv = new java.io.StringWriter();
        segments.export(admin, "vip_list", csv);
        assertThat(csv.toString()).startsWith("customerId,enteredAt,phone,email\r\n" + newcomer + ",")
                .contains("+8613911112222").doesNotContain(known);
    }

    /** Every live profile's segments, evaluated from scratch in dependency order. */
    private java.util.Map<String, java.util.Set<String>> batchEvaluation() {
        List<Segment> ordered = SegmentEngine.ordered(segments.list(admin));
        java.util.Map<String, java.util.Set<String>> out = new java.util.TreeMap<>();
        Instant now = clock.instant();
        List<Customer360.Facts> profiles = new java.util.ArrayList<>();
        c360.factsPages(db, null, 500, profiles::addAll);
        for (Customer360.Facts profile : profiles) {
            java.util.Set<String> in = new java.util.TreeSet<>();
            for (Segment segment : ordered) {
                var facts = c360.liveFacts(db, profile.customer()).orElseThrow().facts();
                SegmentEngine.setMemberships(facts, in);
                c360.loadBehavior(db, profile.customer(), segment.condition().behaviors(), facts, now);
                if (segment.condition().matches(facts, now)) {
                    in.add(segment.key());
                }
            }
            out.put(profile.customer(), in);
        }
        return out;
    }

    private java.util.Map<String, java.util.Set<String>> streamed(java.util.Set<String> customers) {
        java.util.Map<String, java.util.Set<String>> out = new java.util.TreeMap<>();
        for (String customer : customers) {
            java.util.Set<String> in = new java.util.TreeSet<>();
            segments.ofCustomer(admin, customer).stream().filter(Membership::member).forEach(m -> in.add(m.segment()));
            out.put(customer, in);
        }
        return out;
    }

    private static String phone(String person) {
        return "+86138" + String.format("%08d", Math.abs(person.hashCode()) % 100_000_000);
    }

    private boolean isMember(String segment, String customer) {
        return segments.ofCustomer(admin, customer).stream().anyMatch(m -> m.segment().equals(segment) && m.member());
    }

    /** An order of the person with this phone suffix at the Shanghai store; the customer's id. */
    private String order(String id, String person) {
        String phone = phone(person);
        var results = c360.track(db, Quotas.DEFAULT, "tester", json("[{\"eventId\": \"" + id + "\", \"type\": \"order\", "
                + "\"channel\": \"store_sh\", \"time\": \"" + clock.instant() + "\", \"identities\": {\"phone\": \"" + phone
                + "\"}, \"properties\": {\"amount\": 99}}]"));
        assertThat(results.getFirst().status()).as(results.toString()).isEqualTo("stored");
        return results.getFirst().customerId();
    }

    private static String rule(String rule) {
        return "{\"names\": {\"en\": \"t\"}, \"rule\": " + rule + "}";
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}

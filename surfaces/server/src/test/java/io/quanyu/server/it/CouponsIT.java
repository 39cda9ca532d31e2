package io.quanyu.server.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coupons plugin, as {@code plugins/coupons} built and signed it, on the real host and store, over REST as a
 * campaign page and a POS would call it: a thousand concurrent claims of a hundred coupons, fifty concurrent claims
 * of one customer limited to two, two hundred concurrent redemptions of one code; a reservation released and one
 * committed, a refund and its replay, a gift accepted and its chain; a batch of codes made on the scheduler.
 */
class CouponsIT extends RealServersIT {
    static final Path RELEASES = Path.of("../../plugins/coupons/target").toAbsolutePath().normalize();
    private static final String ID = "coupons";
    private static String admin;

    @BeforeAll
    static void install() {
        assertThat(RELEASES.resolve("coupons-1.3.0.zip.sig"))
                .as("the release signed by the plugins/ build (mvn install -pl plugins/coupons)").exists();
        admin = Tokens.demo("acme-admin");
    }

    @AfterEach
    void uninstall() {
        api().delete("/api/v1/plugins/" + ID, admin); // other tests count what acme has installed
    }

    @Test
    void aThousandConcurrentClaimsOfAHundredCouponsTakeAHundredAndOneCustomerTakesOnlyTheirLimit() throws Exception {
        enable();
        String flash = template(100, null);
        List<String> customers = customers(200);
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        concurrently(1_000, i -> outcomes.computeIfAbsent(outcome(call("claim", Map.of("template", flash,
                "customerId", customers.get(i % customers.size()), "key", flash + "-" + i))), o -> new AtomicInteger()).incrementAndGet());
        assertThat(outcomes).containsOnlyKeys("ok", "OUT_OF_STOCK");
        assertThat(outcomes.get("ok")).hasValue(100);
        assertThat(outcomes.get("OUT_OF_STOCK")).hasValue(900);
        var stored = templateRecord(flash);
        assertThat(stored.path("remaining").asLong()).isZero();
        assertThat(stored.path("claimed").asLong()).isEqualTo(100);

        String limited = template(1_000, 2);
        String greedy = customers.getFirst();
        Map<String, AtomicInteger> one = new ConcurrentHashMap<>();
        concurrently(50, i -> one.computeIfAbsent(outcome(call("claim", Map.of("template", limited, "customerId", greedy,
                "key", limited + "-" + i))), o -> new AtomicInteger()).incrementAndGet());
        assertThat(one).containsOnlyKeys("ok", "CUSTOMER_LIMIT_REACHED");
        assertThat(one.get("ok")).hasValue(2);
        assertThat(templateRecord(limited).path("remaining").asLong()).isEqualTo(998);
    }

    @Test
    void twoHundredConcurrentRedemptionsOfOneCodeRedeemItOnceAndTheTimelineSaysSo() throws Exception {
        enable();
        String key = template(10, null);
        String customer = customers(1).getFirst();
        var claimed = call("claim", Map.of("template", key, "customerId", customer, "key", key + "-c"));
        assertThat(claimed.status()).as(claimed.raw()).isEqualTo(200);
        String code = claimed.json().path("code").asString();

        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        List<String> won = new java.util.concurrent.CopyOnWriteArrayList<>();
        concurrently(200, i -> {
            var reply = call("redeem", Map.of("code", code, "orderId", "o-" + i, "orderAmount", 100));
            if (reply.status() == 200) {
                won.add(reply.json().path("orderId").asString());
            }
            outcomes.computeIfAbsent(outcome(reply), o -> new AtomicInteger()).incrementAndGet();
        });
        assertThat(outcomes).containsOnlyKeys("ok", "COUPON_REDEEMED");
        assertThat(outcomes.get("ok")).hasValue(1);
        var again = call("redeem", Map.of("code", code, "orderId", won.getFirst(), "orderAmount", 100));
        assertThat(again.json().path("duplicate").asBoolean()).as(again.raw()).isTrue();
        assertThat(again.json().path("discount").asDouble()).isEqualTo(20.0);
        var timeline = api().get("/api/v1/customers/" + customer + "/timeline?types=coupon.claimed,coupon.redeemed", admin);
        assertThat(timeline.raw()).contains("coupon.claimed").contains("coupon.redeemed").contains(won.getFirst());
    }

    @Test
    void aReservationIsReleasedOrCommittedARefundGivesTheCouponBackAndAGiftMovesItToAFriend() {
        enable();
        String key = template(10, null);
        List<String> people = customers(2);
        String ann = people.get(0);
        String bob = people.get(1);
        String code = call("claim", Map.of("template", key, "customerId", ann, "key", key + "-a")).json().path("code").asString();

        var held = call("reserve", Map.of("code", code, "orderId", "o-1", "orderAmount", 100, "ttl", "PT1M"));
        assertThat(held.status()).as(held.raw()).isEqualTo(200);
        assertThat(held.json().path("status").asString()).isEqualTo("held");
        assertThat(outcome(call("reserve", Map.of("code", code, "orderId", "o-2", "orderAmount", 100)))).isEqualTo("COUPON_RESERVED");
        String reservation = held.json().path("reservation").asString();
        var released = call("release", Map.of("reservation", reservation));
        assertThat(released.json().path("status").asString()).as(released.raw()).isEqualTo("released");
        assertThat(outcome(call("redeem", Map.of("code", code, "orderId", "o-1", "reservation", reservation, "orderAmount", 100))))
                .isEqualTo("RESERVATION_RELEASED");

        assertThat(call("reserve", Map.of("code", code, "orderId", "o-3", "orderAmount", 50)).status()).isEqualTo(200);
        var redeemed = call("redeem", Map.of("code", code, "orderId", "o-3"));
        assertThat(redeemed.json().path("discount").asDouble()).as(redeemed.raw()).isEqualTo(10.0);
        var refunded = call("refund", Map.of("orderId", "o-3", "refundId", "rf-" + key));
        assertThat(refunded.json().path("codes").get(0).asString()).as(refunded.raw()).isEqualTo(code);
        var replayed = call("refund", Map.of("orderId", "o-3", "refundId", "rf-" + key));
        assertThat(replayed.json().path("duplicate").asBoolean()).as(replayed.raw()).isTrue();

        var offer = call("gift", Map.of("code", code, "customerId", ann));
        assertThat(offer.status()).as(offer.raw()).isEqualTo(200);
        var received = call("acceptGift", Map.of("token", offer.json().path("token").asString(), "customerId", bob));
        assertThat(received.json().path("previousCode").asString()).as(received.raw()).isEqualTo(code);
        assertThat(outcome(call("redeem", Map.of("code", code, "orderId", "o-4", "orderAmount", 100)))).isEqualTo("COUPON_GIFTED");
        var chain = call("couponChain", Map.of("code", received.json().path("code").asString()));
        assertThat(chain.json().path("chain").size()).as(chain.raw()).isEqualTo(2);
        assertThat(chain.json().path("chain").get(0).path("customerId").asString()).isEqualTo(ann);

        var annTimeline = api().get("/api/v1/customers/" + ann + "/timeline?types=coupon.released,coupon.refunded,coupon.gifted", admin);
        assertThat(annTimeline.raw()).contains("coupon.released", "coupon.refunded", "coupon.gifted");
        assertThat(api().get("/api/v1/customers/" + bob + "/timeline?types=coupon.received", admin).raw()).contains("coupon.received");
    }

    @Test
    void aBatchOfCodesIsMadeOnThePlatformsSchedulerAndACustomerTakesOneByItsCode() throws Exception {
        enable();
        String key = template(2_000, 1);
        var started = call("generateCodes", Map.of("template", key, "count", 1_500, "key", key + "-b"));
        assertThat(started.status()).as(started.raw()).isEqualTo(200);
        String batch = started.json().path("batch").asString();
        var done = api().get("/api/v1/records/couponsBatch/" + batch, admin);
        for (long until = System.nanoTime() + 90_000_000_000L; !"done".equals(done.json().path("status").asString())
                && System.nanoTime() < until; done = api().get("/api/v1/records/couponsBatch/" + batch, admin)) {
            Thread.sleep(200);
        }
        assertThat(done.json().path("status").asString()).as(done.raw()).isEqualTo("done");
        assertThat(done.json().path("made").asLong()).isEqualTo(1_500);
        var codes = api().post("/api/v1/records/couponsCoupon/query", admin, Api.JSON.writeValueAsString(Map.of(
                "filter", Map.of("field", "batch", "op", "eq", "value", batch), "first", 200)));
        assertThat(codes.json().path("totalCount").asLong()).as(codes.raw()).isEqualTo(1_500);
        String code = codes.json().path("records").get(0).path("code").asString();
        String customer = customers(1).getFirst();
        var bound = call("bindCode", Map.of("code", code, "customerId", customer));
        assertThat(bound.json().path("status").asString()).as(bound.raw()).isEqualTo("claimed");
        assertThat(templateRecord(key).path("remaining").asLong()).isEqualTo(500);
    }

    @Test
    void aTemplateForASegmentGivesCouponsToItsMembersOnlyAndAnExclusiveCouponIsAloneOnItsOrder() {
        enable();
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String segment = "coupon_vip_" + run;
        var made = api().send("PUT", "/api/v1/segments/" + segment, admin, """
                {"names": {"en": "Coupon VIPs"}, "rule": {"field": "tags", "op": "contains", "value": "vip_%s"}}""".formatted(run));
        assertThat(made.status()).as(made.raw()).isEqualTo(200);
        List<String> people = customers(2);
        String ann = people.get(0);
        String bob = people.get(1);
        assertThat(api().post("/api/v1/customers/" + ann + "/tags", admin, "{\"tag\": \"vip_" + run + "\"}").status()).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> api().get("/api/v1/customers/" + ann
                + "/segments", admin).json().toString().contains(segment));

        String key = "it-" + run;
        var bad = call("defineTemplate", Map.of("key", key, "name", "VIP", "kind", "amountOff", "amountOff", 10, "stock", 10,
                "validDays", 30, "audience", Map.of("field", "tags", "op", "near", "value", "x")));
        assertThat(outcome(bad)).as(bad.raw()).isEqualTo("TEMPLATE_INVALID");
        assertThat(bad.raw()).contains("audience/op");
        var defined = call("defineTemplate", Map.of("key", key, "name", "VIP", "kind", "amountOff", "amountOff", 10, "stock", 10,
                "validDays", 30, "audienceSegment", segment, "stacking", "exclusive"));
        assertThat(defined.status()).as(defined.raw()).isEqualTo(200);
        call("setTemplateStatus", Map.of("key", key, "status", "active"));

        var mine = call("claim", Map.of("template", key, "customerId", ann, "key", key + "-a"));
        assertThat(mine.status()).as(mine.raw()).isEqualTo(200);
        var refused = call("claim", Map.of("template", key, "customerId", bob, "key", key + "-b"));
        assertThat(outcome(refused)).as(refused.raw()).isEqualTo("AUDIENCE_MISMATCH");
        assertThat(refused.raw()).contains(segment);

        String other = template(10, null);
        String plain = call("claim", Map.of("template", other, "customerId", ann, "key", other + "-a")).json().path("code").asString();
        String order = "o-" + run;
        assertThat(call("redeem", Map.of("code", plain, "orderId", order, "orderAmount", 100)).status()).isEqualTo(200);
        var checked = call("validate", Map.of("code", mine.json().path("code").asString(), "orderId", order, "orderAmount", 100));
        assertThat(checked.json().path("reason").asString()).as(checked.raw()).isEqualTo("COUPON_NOT_STACKABLE");
        var alone = call("reserve", Map.of("code", mine.json().path("code").asString(), "orderId", order, "orderAmount", 100));
        assertThat(outcome(alone)).as(alone.raw()).isEqualTo("COUPON_NOT_STACKABLE");
        assertThat(api().delete("/api/v1/segments/" + segment, admin).status()).isEqualTo(204);
    }

    private void enable() {
        api().post("/api/v1/plugins", admin, "{\"pluginId\": \"" + ID + "\"}");
        var enabled = api().post("/api/v1/plugins/" + ID + "/enable", admin, "{\"settings\": {}}");
        assertThat(enabled.status()).as(enabled.raw()).isEqualTo(200);
    }

    /** An active template of 20 % off, valid 30 days after the claim; its key. */
    private String template(int stock, Integer perCustomer) {
        String key = "it-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> input = new java.util.HashMap<>(Map.of("key", key, "name", "IT " + key, "kind", "percentOff",
                "percentOff", 20, "stock", stock, "validDays", 30));
        if (perCustomer != null) {
            input.put("perCustomer", perCustomer);
        }
        var made = call("defineTemplate", input);
        assertThat(made.status()).as(made.raw()).isEqualTo(200);
        var active = call("setTemplateStatus", Map.of("key", key, "status", "active"));
        assertThat(active.status()).as(active.raw()).isEqualTo(200);
        return key;
    }

    private tools.jackson.databind.JsonNode templateRecord(String key) {
        for (var record : api().get("/api/v1/records/couponsTemplate?limit=200", admin).json().path("records")) {
            if (record.path("key").asString().equals(key)) {
                return record;
            }
        }
        throw new AssertionError("no template " + key);
    }

    /** {@code n} new customers, each known by an e-mail address of their own. */
    private List<String> customers(int n) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add("{\"eventId\": \"cp-" + run + "-" + i + "\", \"type\": \"page_view\", \"time\": \"" + Instant.now()
                    + "\", \"identities\": {\"email\": \"cp" + i + "-" + run + "@example.com\"}}");
        }
        var tracked = api().post("/api/v1/events", admin, "{\"events\": [" + String.join(",", events) + "]}");
        assertThat(tracked.status()).as(tracked.raw()).isIn(200, 201, 207);
        List<String> out = new ArrayList<>();
        tracked.json().path("results").forEach(r -> out.add(r.path("customerId").asString()));
        assertThat(out).hasSize(n).doesNotContainNull();
        return out;
    }

    /** The operation's answer; a {@code PLUGIN_BUSY} (the plugin's bulkhead was full) is asked again, as a client would. */
    private Api.Reply call(String operation, Map<String, Object> input) {
        for (int attempt = 1; ; attempt++) {
            var reply = api().post("/api/v1/plugins/" + ID + "/operations/" + operation, admin,
                    Api.JSON.writeValueAsString(Map.of("input", input)));
            if (!"PLUGIN_BUSY".equals(reply.status() == 200 ? null : reply.code()) || attempt == 100) {
                return reply;
            }
            try {
                Thread.sleep(20L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return reply;
            }
        }
    }

    /** {@code ok}, or the plugin's code of its refusal (the platform's code for anything else). */
    private static String outcome(Api.Reply reply) {
        if (reply.status() == 200) {
            return "ok";
        }
        var body = reply.json();
        String plugin = body.path("details").path("pluginCode").asString();
        return plugin == null || plugin.isEmpty() ? body.path("code").asString() + " " + reply.raw() : plugin;
    }

    /** {@code calls} calls on 12 threads. */
    private static void concurrently(int calls, java.util.function.IntConsumer call) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                int n = i;
                all.add(pool.submit(() -> call.accept(n)));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
    }
}

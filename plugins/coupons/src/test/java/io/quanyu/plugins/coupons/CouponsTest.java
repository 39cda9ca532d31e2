package io.quanyu.plugins.coupons;

import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.PluginCallException;
import io.quanyu.plugin.sdk.journey.ActionResult;
import io.quanyu.plugin.sdk.task.TaskHandler;
import io.quanyu.plugin.sdk.task.TaskRequest;
import io.quanyu.plugin.sdk.task.TaskResult;
import io.quanyu.plugin.testkit.Installed;
import io.quanyu.plugin.testkit.TestHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The coupons plugin on the test kit: templates, claims under concurrency, validation, redemption, voiding. */
class CouponsTest {
    private TestHost host;
    private Installed plugin;

    @BeforeEach
    void start() {
        host = TestHost.start();
        plugin = host.install(CouponsZip.build());
    }

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void aTemplateIsCheckedWholeDefinedAsADraftAgainAndMovesOnlyAlongItsStatuses() {
        PluginCallException bad = catchThrowableOfType(PluginCallException.class, () -> op("defineTemplate", Map.of(
                "key", "bad", "name", "Bad", "kind", "percentOff", "stock", 50_000_000, "codeLength", 6,
                "validFrom", "2026-12-31T00:00:00Z", "validTo", "2026-01-01T00:00:00Z")));
        assertThat(bad.pluginCode()).isEqualTo("TEMPLATE_INVALID");
        assertThat(bad.getMessage()).contains("percentOff:", "validTo: must come after validFrom", "codeLength: 6 characters");

        assertThat(op("defineTemplate", template("autumn", 10, null))).containsEntry("status", "draft").containsEntry("created", true);
        assertThat(op("defineTemplate", template("autumn", 20, 2))).containsEntry("created", false);
        assertThat(host.services().records("acme", "couponsTemplate")).singleElement()
                .satisfies(t -> assertThat(t).containsEntry("stock", 20L).containsEntry("remaining", 20L).containsEntry("perCustomer", 2L));

        assertThat(op("setTemplateStatus", Map.of("key", "autumn", "status", "active"))).containsEntry("status", "active");
        assertThat(op("setTemplateStatus", Map.of("key", "autumn", "status", "active"))).as("asked again").containsEntry("status", "active");
        assertThat(refusal("defineTemplate", template("autumn", 5, null))).isEqualTo("TEMPLATE_NOT_DRAFT");
        assertThat(op("setTemplateStatus", Map.of("key", "autumn", "status", "ended"))).containsEntry("status", "ended");
        assertThat(refusal("setTemplateStatus", Map.of("key", "autumn", "status", "active"))).isEqualTo("TEMPLATE_STATUS_REFUSED");
        assertThat(refusal("setTemplateStatus", Map.of("key", "nope", "status", "active"))).isEqualTo("TEMPLATE_NOT_FOUND");
    }

    @Test
    void aClaimIsAnsweredOncePerKeyAndRefusedPastTheStockTheCustomersLimitOrAnInactiveTemplate() {
        op("defineTemplate", template("tea", 3, 2));
        String ann = customer("13800138001");
        String bob = customer("13800138002");
        assertThat(refusal("claim", claim("tea", ann, "k0"))).isEqualTo("TEMPLATE_NOT_ACTIVE");
        op("setTemplateStatus", Map.of("key", "tea", "status", "active"));

        Map<String, Object> first = op("claim", claim("tea", ann, "k1"));
        assertThat(first).containsEntry("status", "claimed").containsEntry("customerId", ann);
        assertThat((String) first.get("code")).startsWith("TEA").hasSize(13);
        assertThat(op("claim", claim("tea", ann, "k1"))).as("the same key again").isEqualTo(first);
        assertThat(refusal("claim", claim("tea", bob, "k1"))).as("the key of another claim").isEqualTo("IDEMPOTENCY_KEY_REUSED");
        op("claim", claim("tea", ann, "k2"));
        assertThat(refusal("claim", claim("tea", ann, "k3"))).isEqualTo("CUSTOMER_LIMIT_REACHED");
        assertThat(refusal("claim", claim("tea", ann, "k3"))).as("a refusal answers again as it was").isEqualTo("CUSTOMER_LIMIT_REACHED");
        op("claim", claim("tea", bob, "k4"));
        assertThat(refusal("claim", claim("tea", bob, "k5"))).isEqualTo("OUT_OF_STOCK");
        assertThat(refusal("claim", claim("tea", "nobody", "k6"))).isEqualTo("CUSTOMER_NOT_FOUND");
        assertThat(refusal("claim", claim("coffee", ann, "k7"))).isEqualTo("TEMPLATE_NOT_FOUND");

        assertThat(host.services().records("acme", "couponsTemplate")).singleElement()
                .satisfies(t -> assertThat(t).containsEntry("remaining", 0L).containsEntry("claimed", 3L));
        assertThat(host.services().records("acme", "couponsCoupon")).hasSize(3);
        List<Event> claimed = host.services().emitted("acme").stream().filter(e -> e.type().startsWith("coupon.")).toList();
        assertThat(claimed).extracting(Event::type).containsOnly("coupon.claimed").hasSize(3);
        assertThat(claimed.getFirst().identities()).containsExactly(Identity.of("phone", "+8613800138001"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> held = (List<Map<String, Object>>) op("customerCoupons", Map.of("customerId", ann)).get("coupons");
        assertThat(held).hasSize(2).allSatisfy(c -> assertThat(c).containsEntry("template", "tea").containsEntry("status", "claimed"));
    }

    @Test
    void concurrentClaimsNeverTakeMoreThanTheStockNorOneCustomerMoreThanTheirLimit() throws Exception {
        op("defineTemplate", template("flash", 20, null));
        op("setTemplateStatus", Map.of("key", "flash", "status", "active"));
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            customers.add(customer("1390000" + String.format("%04d", i)));
        }
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        concurrently(200, i -> outcome(() -> op("claim", claim("flash", customers.get(i % 100), "f" + i)), outcomes));
        assertThat(outcomes.get("ok")).hasValue(20);
        assertThat(outcomes.get("OUT_OF_STOCK")).hasValue(180);
        assertThat(host.services().records("acme", "couponsTemplate")).singleElement()
                .satisfies(t -> assertThat(t).containsEntry("remaining", 0L).containsEntry("claimed", 20L));

        op("defineTemplate", template("limited", 100, 2));
        op("setTemplateStatus", Map.of("key", "limited", "status", "active"));
        Map<String, AtomicInteger> one = new ConcurrentHashMap<>();
        String greedy = customers.getFirst();
        concurrently(50, i -> outcome(() -> op("claim", claim("limited", greedy, "g" + i)), one));
        assertThat(one.get("ok")).hasValue(2);
        assertThat(one.get("CUSTOMER_LIMIT_REACHED")).hasValue(48);
        assertThat(host.services().records("acme", "couponsTemplate")).filteredOn(t -> "limited".equals(t.get("key")))
                .singleElement().satisfies(t -> assertThat(t).containsEntry("remaining", 98L).containsEntry("claimed", 2L));
    }

    @Test
    void anOrderGetsTheDiscountItsCouponSaysAndACodeIsRedeemedOnceEvenUnderConcurrency() throws Exception {
        Map<String, Object> percent = template("nine", 10, null);
        percent.put("percentOff", 10);
        percent.put("maxDiscount", 15);
        percent.put("threshold", 50);
        op("defineTemplate", percent);
        op("setTemplateStatus", Map.of("key", "nine", "status", "active"));
        String ann = customer("13800138011");
        String bob = customer("13800138012");
        String code = (String) op("claim", claim("nine", ann, "n1")).get("code");

        assertThat(op("validate", Map.of("code", code, "customerId", ann, "orderAmount", 80)))
                .containsEntry("valid", true).containsEntry("discount", 8.0).containsEntry("kind", "percentOff");
        assertThat(op("validate", Map.of("code", code, "orderAmount", 400))).as("capped").containsEntry("discount", 15.0);
        assertThat(op("validate", Map.of("code", code, "orderAmount", 40))).containsEntry("valid", false)
                .containsEntry("reason", "BELOW_THRESHOLD");
        assertThat(op("validate", Map.of("code", code, "customerId", bob, "orderAmount", 80))).containsEntry("reason", "COUPON_NOT_HELD");
        assertThat(op("validate", Map.of("code", code))).containsEntry("reason", "ORDER_AMOUNT_REQUIRED");
        assertThat(op("validate", Map.of("code", "NOPE"))).containsEntry("reason", "COUPON_NOT_FOUND");

        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        Map<String, Object> winner = new ConcurrentHashMap<>();
        concurrently(200, i -> outcome(() -> {
            Map<String, Object> out = op("redeem", Map.of("code", code, "orderId", "o-" + i, "orderAmount", 100));
            winner.putAll(out);
            return out;
        }, outcomes));
        assertThat(outcomes.get("ok")).hasValue(1);
        assertThat(outcomes.get("COUPON_REDEEMED")).hasValue(199);
        assertThat(winner).containsEntry("discount", 10.0).containsEntry("duplicate", false);
        assertThat(op("redeem", Map.of("code", code, "orderId", winner.get("orderId"), "orderAmount", 100)))
                .as("the same order again").containsEntry("duplicate", true).containsEntry("discount", 10.0);
        assertThat(op("validate", Map.of("code", code, "orderAmount", 100))).containsEntry("reason", "COUPON_REDEEMED");
        assertThat(host.services().records("acme", "couponsCoupon")).filteredOn(c -> "redeemed".equals(c.get("status"))).hasSize(1);
        assertThat(host.services().emitted("acme")).filteredOn(e -> e.type().equals("coupon.redeemed")).singleElement()
                .satisfies(e -> assertThat(e.properties()).containsEntry("orderId", winner.get("orderId")).containsEntry("discount", 10.0));
    }

    @Test
    void aVoidedCouponIsNoLongerRedeemedAndCashOffFreeShippingAndExchangeEachGiveTheirDue() {
        Map<String, Object> cash = template("cash", 10, null);
        cash.put("kind", "amountOff");
        cash.put("amountOff", 30);
        op("defineTemplate", cash);
        Map<String, Object> ship = template("ship", 10, null);
        ship.put("kind", "freeShipping");
        op("defineTemplate", ship);
        Map<String, Object> cup = template("cup", 10, null);
        cup.put("kind", "exchange");
        cup.put("item", "MUG-1");
        op("defineTemplate", cup);
        for (String t : List.of("cash", "ship", "cup")) {
            op("setTemplateStatus", Map.of("key", t, "status", "active"));
        }
        String ann = customer("13800138021");
        String cashCode = (String) op("claim", claim("cash", ann, "c1")).get("code");
        String shipCode = (String) op("claim", claim("ship", ann, "c2")).get("code");
        String cupCode = (String) op("claim", claim("cup", ann, "c3")).get("code");

        assertThat(op("validate", Map.of("code", cashCode, "orderAmount", 20))).as("at most the order").containsEntry("discount", 20.0);
        assertThat(op("validate", Map.of("code", shipCode, "shipping", 12))).containsEntry("valid", true).containsEntry("discount", 12.0);
        assertThat(op("redeem", Map.of("code", cupCode, "orderId", "o-cup"))).containsEntry("item", "MUG-1").containsEntry("kind", "exchange");

        assertThat(op("void", Map.of("code", cashCode, "reason", "complaint"))).containsEntry("status", "voided");
        assertThat(op("void", Map.of("code", cashCode))).as("voided again").containsEntry("status", "voided");
        assertThat(refusal("redeem", Map.of("code", cashCode, "orderId", "o-1", "orderAmount", 100))).isEqualTo("COUPON_VOIDED");
        assertThat(refusal("void", Map.of("code", cupCode))).isEqualTo("COUPON_NOT_VOIDABLE");
        assertThat(refusal("redeem", Map.of("code", "NOPE", "orderId", "o-2"))).isEqualTo("COUPON_NOT_FOUND");
        assertThat(host.services().emitted("acme")).filteredOn(e -> e.type().equals("coupon.voided")).singleElement()
                .satisfies(e -> assertThat(e.properties()).containsEntry("reason", "complaint"));
    }

    @Test
    void aJourneyStepIssuesOneCouponPerExecutionAndItsCodeReachesLaterSteps() {
        op("defineTemplate", template("welcome", 1, null));
        op("setTemplateStatus", Map.of("key", "welcome", "status", "active"));
        String ann = customer("13800138031");
        String bob = customer("13800138032");

        ActionResult first = host.action(plugin, "acme", "issueCoupon", ann, Map.of("template", "welcome"), "welcome|" + ann + "|1|gift");
        ActionResult repeat = host.action(plugin, "acme", "issueCoupon", ann, Map.of("template", "welcome"), "welcome|" + ann + "|1|gift");
        ActionResult none = host.action(plugin, "acme", "issueCoupon", bob, Map.of("template", "welcome"), "welcome|" + bob + "|1|gift");

        assertThat(first.failure()).isNull();
        assertThat(first.output()).containsKeys("id", "code", "expiresAt").containsEntry("template", "welcome");
        assertThat(repeat.output()).isEqualTo(first.output());
        assertThat(none.failure().code()).isEqualTo("OUT_OF_STOCK");
        assertThat(host.services().records("acme", "couponsCoupon")).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("source", "journey").containsEntry("customerId", ann));
    }

    @Test
    void aReservationHoldsTheCouponForItsOrderAndWhenItsTimeEndsReleasesItOnce() {
        op("defineTemplate", template("hold", 10, null));
        op("setTemplateStatus", Map.of("key", "hold", "status", "active"));
        String ann = customer("13800138041");
        String code = (String) op("claim", claim("hold", ann, "h1")).get("code");
        assertThat(refusal("reserve", Map.of("code", code, "orderId", "o-1", "orderAmount", 100, "ttl", "P1X")))
                .isEqualTo("RESERVATION_TTL_INVALID");
        assertThat(refusal("reserve", Map.of("code", code, "orderId", "o-1", "orderAmount", 100, "ttl", "P30D")))
                .isEqualTo("RESERVATION_TTL_INVALID");

        Map<String, Object> held = op("reserve", Map.of("code", code, "orderId", "o-1", "orderAmount", 100));
        assertThat(held).containsEntry("status", "held").containsEntry("discount", 20.0).containsEntry("orderId", "o-1")
                .containsEntry("until", host.services().clock().instant().plus(Duration.ofMinutes(15)).toString());
        assertThat(op("reserve", Map.of("code", code, "orderId", "o-1", "orderAmount", 100))).as("asked again").isEqualTo(held);
        assertThat(refusal("reserve", Map.of("code", code, "orderId", "o-2", "orderAmount", 100))).isEqualTo("COUPON_RESERVED");
        assertThat(refusal("redeem", Map.of("code", code, "orderId", "o-2", "orderAmount", 100))).isEqualTo("COUPON_RESERVED");
        assertThat(op("validate", Map.of("code", code, "orderId", "o-1", "orderAmount", 100))).containsEntry("valid", true);
        assertThat(host.services().records("acme", "couponsReservation")).filteredOn(r -> "refused".equals(r.get("status"))).hasSize(1);

        host.services().clock().advance(Duration.ofMinutes(15));
        assertThat(host.runDueTasks()).extracting(TestHost.TaskRun::handler, TestHost.TaskRun::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("releaseReservation", "done"));
        String id = (String) held.get("reservation");
        assertThat(host.<TaskHandler, TaskResult>call(plugin, "acme", "task", "releaseReservation", (h, context) -> h.run(
                new TaskRequest(context, "release:" + id, Map.of("reservation", id), 1, Instant.now())))).as("run again")
                .isEqualTo(TaskResult.done());
        assertThat(coupon(code)).containsEntry("status", "claimed").doesNotContainKeys("orderId", "reservation", "reservedUntil");
        assertThat(host.services().emitted("acme")).filteredOn(e -> e.type().equals("coupon.released")).singleElement()
                .satisfies(e -> assertThat(e.properties()).containsEntry("orderId", "o-1").containsEntry("reason", "expired"));
        assertThat(refusal("redeem", Map.of("code", code, "orderId", "o-1", "reservation", id, "orderAmount", 100)))
                .as("a redemption of the released reservation").isEqualTo("RESERVATION_RELEASED");
        assertThat(op("reserve", Map.of("code", code, "orderId", "o-1", "orderAmount", 100))).as("its key again")
                .containsEntry("status", "released");

        Map<String, Object> second = op("reserve", Map.of("code", code, "orderId", "o-3", "key", "checkout-3", "orderAmount", 50));
        Map<String, Object> redeemed = op("redeem", Map.of("code", code, "orderId", "o-3"));
        assertThat(redeemed).as("the reservation's amount").containsEntry("discount", 10.0).containsEntry("duplicate", false);
        assertThat(host.services().records("acme", "couponsReservation")).filteredOn(r -> r.get("_id").equals(second.get("reservation")))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("status", "redeemed"));
        assertThat(host.pendingTasks()).as("its release is cancelled").isEmpty();
        assertThat(op("release", Map.of("reservation", second.get("reservation")))).as("released after it was redeemed")
                .containsEntry("status", "redeemed");
        assertThat(coupon(code)).containsEntry("status", "redeemed").containsEntry("orderId", "o-3");
        assertThat(host.services().emitted("acme")).filteredOn(e -> e.type().equals("coupon.released")).hasSize(1);
    }

    @Test
    void aReservationIsReleasedByItsOrderAndOneThatEndedCannotBeRedeemedBeforeItsReleaseRuns() {
        op("defineTemplate", template("cart", 10, null));
        op("setTemplateStatus", Map.of("key", "cart", "status", "active"));
        String ann = customer("13800138042");
        String code = (String) op("claim", claim("cart", ann, "c1")).get("code");
        Map<String, Object> held = op("reserve", Map.of("code", code, "orderId", "o-1", "orderAmount", 10, "ttl", "PT1M"));
        host.services().clock().advance(Duration.ofMinutes(2));
        assertThat(refusal("redeem", Map.of("code", code, "orderId", "o-1", "orderAmount", 10))).isEqualTo("RESERVATION_EXPIRED");
        host.runDueTasks();
        assertThat(op("redeem", Map.of("code", code, "orderId", "o-1", "orderAmount", 10))).as("claimed again, redeemed plainly")
                .containsEntry("duplicate", false);
        assertThat(refusal("release", Map.of("reservation", "nope"))).isEqualTo("RESERVATION_NOT_FOUND");

        String other = (String) op("claim", claim("cart", ann, "c2")).get("code");
        Map<String, Object> cancelled = op("reserve", Map.of("code", other, "orderId", "o-2", "orderAmount", 10));
        assertThat(op("release", Map.of("reservation", cancelled.get("reservation")))).containsEntry("status", "released")
                .containsEntry("reason", "cancelled");
        assertThat(op("release", Map.of("reservation", cancelled.get("reservation")))).as("again").containsEntry("status", "released");
        host.services().clock().advance(Duration.ofMinutes(20));
        host.runDueTasks();
        assertThat(coupon(other)).containsEntry("status", "claimed");
        assertThat(host.services().emitted("acme")).filteredOn(e -> e.type().equals("coupon.released")).hasSize(2);
        assertThat(held).containsKey("reservation");
    }

    @Test
    void concurrentReservationsOfOneCouponHoldItForOneOrder() throws Exception {
        op("defineTemplate", template("race", 10, null));
        op("setTemplateStatus", Map.of("key", "race", "status", "active"));
        String code = (String) op("claim", claim("race", customer("13800138043"), "r1")).get("code");
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        concurrently(100, i -> outcome(() -> op("reserve", Map.of("code", code, "orderId", "o-" + i, "orderAmount", 10)), outcomes));
        assertThat(outcomes.get("ok")).hasValue(1);
        assertThat(outcomes.get("COUPON_RESERVED")).hasValue(99);
        assertThat(host.pendingTasks()).hasSize(1);
    }

    @Test
    void aRefundGivesBackExactlyTheRedemptionsOfItsOrderAndAReplayChangesNothing() {
        op("defineTemplate", template("back", 10, null));
        op("setTemplateStatus", Map.of("key", "back", "status", "active"));
        String ann = customer("13800138051");
        String c1 = (String) op("claim", claim("back", ann, "b1")).get("code");
        String c2 = (String) op("claim", claim("back", ann, "b2")).get("code");
        String c3 = (String) op("claim", claim("back", ann, "b3")).get("code");
        op("redeem", Map.of("code", c1, "orderId", "A", "orderAmount", 100));
        op("redeem", Map.of("code", c2, "orderId", "A", "orderAmount", 100));
        op("redeem", Map.of("code", c3, "orderId", "B", "orderAmount", 100));

        assertThat(op("refund", Map.of("orderId", "A", "refundId", "r1", "code", c1)))
                .containsEntry("codes", List.of(c1)).containsEntry("duplicate", false);
        assertThat(coupon(c1)).containsEntry("status", "claimed").containsEntry("refundId", "r1").doesNotContainKey("orderId");
        assertThat(coupon(c2)).containsEntry("status", "redeemed");
        op("redeem", Map.of("code", c1, "orderId", "C", "orderAmount", 100));

        assertThat(op("refund", Map.of("orderId", "A", "refundId", "r1", "code", c1))).as("replayed")
                .containsEntry("codes", List.of(c1)).containsEntry("duplicate", true);
        assertThat(coupon(c1)).as("its redemption on C stays").containsEntry("status", "redeemed").containsEntry("orderId", "C");
        assertThat(op("refund", Map.of("orderId", "A", "refundId", "r2"))).containsEntry("codes", List.of(c2));
        assertThat(op("refund", Map.of("orderId", "Z", "refundId", "r3"))).as("an order with none").containsEntry("codes", List.of());
        assertThat(refusal("refund", Map.of("orderId", "B", "refundId", "r1"))).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(coupon(c3)).containsEntry("status", "redeemed");
        assertThat(host.services().emitted("acme")).filteredOn(e -> e.type().equals("coupon.refunded"))
                .extracting(e -> e.properties().get("refundId")).containsExactly("r1", "r2");
        assertThat(host.services().emitted("acme")).filteredOn(e -> e.type().equals("coupon.redeemed")).as("one per redemption")
                .hasSize(4);
    }

    @Test
    void aRefundAndAReleaseStillGiveTheCouponBackWhenItsTemplateWasDeletedSince() {
        op("defineTemplate", template("gone", 10, null));
        op("setTemplateStatus", Map.of("key", "gone", "status", "active"));
        String ann = customer("13800138052");
        String used = (String) op("claim", claim("gone", ann, "g1")).get("code");
        String held = (String) op("claim", claim("gone", ann, "g2")).get("code");
        op("redeem", Map.of("code", used, "orderId", "S", "orderAmount", 100));
        Map<String, Object> reservation = op("reserve", Map.of("code", held, "orderId", "R", "orderAmount", 100));
        String id = (String) host.services().records("acme", "couponsTemplate").getFirst().get("_id");
        host.<io.quanyu.plugin.sdk.operation.Operation, Object>call(plugin, "acme", "operation", "validate", (o, context) -> {
            context.records().delete("couponsTemplate", id);
            return null;
        });

        assertThat(op("refund", Map.of("orderId", "S", "refundId", "rg"))).containsEntry("codes", List.of(used));
        assertThat(coupon(used)).containsEntry("status", "claimed");
        assertThat(op("release", Map.of("reservation", reservation.get("reservation")))).containsEntry("status", "released");
        assertThat(coupon(held)).containsEntry("status", "claimed");
    }

    @Test
    void aGiftMovesTheCouponToTheFriendWhoAcceptsItAndTheChainOfHoldersIsReadable() throws Exception {
        op("defineTemplate", template("pass", 10, 1));
        op("setTemplateStatus", Map.of("key", "pass", "status", "active"));
        String ann = customer("13800138061");
        String bob = customer("13800138062");
        String cat = customer("13800138063");
        String code = (String) op("claim", claim("pass", ann, "p1")).get("code");
        assertThat(refusal("gift", Map.of("code", code, "customerId", bob))).isEqualTo("COUPON_NOT_HELD");
        Map<String, Object> offer = op("gift", Map.of("code", code, "customerId", ann));
        assertThat(op("gift", Map.of("code", code, "customerId", ann))).as("offered again").isEqualTo(offer);
        assertThat(refusal("redeem", Map.of("code", code, "orderId", "o-1", "orderAmount", 100))).isEqualTo("COUPON_GIFTING");
        assertThat(refusal("acceptGift", Map.of("token", offer.get("token"), "customerId", ann))).isEqualTo("GIFT_TO_SELF");
        assertThat(refusal("acceptGift", Map.of("token", "NOPE", "customerId", bob))).isEqualTo("GIFT_NOT_FOUND");

        List<String> friends = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            friends.add(customer("1391111" + String.format("%04d", i)));
        }
        friends.set(0, bob);
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        concurrently(30, i -> outcome(() -> op("acceptGift", Map.of("token", offer.get("token"), "customerId", friends.get(i))), outcomes));
        assertThat(outcomes.get("ok")).hasValue(1);
        assertThat(outcomes.get("GIFT_TAKEN")).hasValue(29);
        Map<String, Object> given = coupon(code);
        String taker = (String) given.get("giftedToCustomer");
        Map<String, Object> received = op("acceptGift", Map.of("token", offer.get("token"), "customerId", taker));
        assertThat(op("acceptGift", Map.of("token", offer.get("token"), "customerId", taker))).as("accepted again").isEqualTo(received);
        assertThat(received).containsEntry("customerId", taker).containsEntry("status", "claimed").containsEntry("previousCode", code)
                .containsEntry("expiresAt", given.get("expiresAt"));
        assertThat((String) received.get("code")).isNotEqualTo(code).startsWith("PAS");
        assertThat(given).containsEntry("status", "gifted").containsEntry("giftedTo", received.get("id"));
        assertThat(refusal("redeem", Map.of("code", code, "orderId", "o-1", "orderAmount", 100))).isEqualTo("COUPON_GIFTED");
        assertThat(host.pendingTasks()).as("the offer's return is cancelled").isEmpty();

        String next = (String) received.get("code");
        Map<String, Object> onward = op("gift", Map.of("code", next, "customerId", taker));
        String last = (String) op("acceptGift", Map.of("token", onward.get("token"), "customerId", cat)).get("code");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> chain = (List<Map<String, Object>>) op("couponChain", Map.of("code", next)).get("chain");
        assertThat(chain).extracting(l -> l.get("code"), l -> l.get("customerId"), l -> l.get("status")).containsExactly(
                org.assertj.core.groups.Tuple.tuple(code, ann, "gifted"), org.assertj.core.groups.Tuple.tuple(next, taker, "gifted"),
                org.assertj.core.groups.Tuple.tuple(last, cat, "claimed"));
        assertThat(op("couponChain", Map.of("code", code)).get("chain")).isEqualTo(chain);
        assertThat(op("redeem", Map.of("code", last, "orderId", "o-9", "orderAmount", 100))).containsEntry("duplicate", false);
        assertThat(op("claim", claim("pass", cat, "p2"))).as("a gift does not count towards the limit").containsEntry("status", "claimed");
        assertThat(host.services().emitted("acme")).extracting(Event::type).filteredOn(t -> t.startsWith("coupon.gift") || t.equals("coupon.received"))
                .containsExactlyInAnyOrder("coupon.gifting", "coupon.gifted", "coupon.received", "coupon.gifting", "coupon.gifted", "coupon.received");
    }

    @Test
    void anOfferNobodyAcceptsInTimeGoesBackToItsGiver() {
        Map<String, Object> closed = template("mine", 10, null);
        closed.put("giftable", false);
        op("defineTemplate", closed);
        op("defineTemplate", template("loan", 10, null));
        op("setTemplateStatus", Map.of("key", "mine", "status", "active"));
        op("setTemplateStatus", Map.of("key", "loan", "status", "active"));
        String ann = customer("13800138071");
        String bob = customer("13800138072");
        String kept = (String) op("claim", claim("mine", ann, "m1")).get("code");
        assertThat(refusal("gift", Map.of("code", kept, "customerId", ann))).isEqualTo("COUPON_NOT_GIFTABLE");
        String code = (String) op("claim", claim("loan", ann, "l1")).get("code");
        Map<String, Object> offer = op("gift", Map.of("code", code, "customerId", ann, "hours", 2));

        host.services().clock().advance(Duration.ofHours(2));
        assertThat(host.runDueTasks()).extracting(TestHost.TaskRun::outcome).containsExactly("done");
        assertThat(coupon(code)).containsEntry("status", "claimed").containsEntry("customerId", ann);
        assertThat(refusal("acceptGift", Map.of("token", offer.get("token"), "customerId", bob))).isEqualTo("GIFT_RETURNED");
        assertThat(host.services().emitted("acme")).filteredOn(e -> e.type().equals("coupon.gift_returned")).hasSize(1);
        assertThat(op("redeem", Map.of("code", code, "orderId", "o-1", "orderAmount", 100))).containsEntry("duplicate", false);
    }

    @Test
    void theExpiryJobExpiresCouponsPastTheirTimeOnceAndEndsTemplatesPastTheirEnd() {
        Map<String, Object> day = template("day", 10, null);
        day.put("validDays", 1);
        op("defineTemplate", day);
        Map<String, Object> week = template("week", 10, null);
        week.remove("validDays");
        week.put("validTo", host.services().clock().instant().plus(Duration.ofDays(7)).toString());
        op("defineTemplate", week);
        op("setTemplateStatus", Map.of("key", "day", "status", "active"));
        op("setTemplateStatus", Map.of("key", "week", "status", "active"));
        String ann = customer("13800138081");
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            codes.add((String) op("claim", claim("day", ann, "d" + i)).get("code"));
        }
        String weekly = (String) op("claim", claim("week", ann, "w1")).get("code");
        op("redeem", Map.of("code", codes.get(0), "orderId", "o-1", "orderAmount", 100));
        assertThat(host.job(plugin, "acme", "expireCoupons").summary()).isEqualTo("expired 0 coupons, ended 0 templates");

        host.services().clock().advance(Duration.ofDays(1));
        assertThat(refusal("redeem", Map.of("code", codes.get(1), "orderId", "o-2", "orderAmount", 100))).isEqualTo("COUPON_EXPIRED");
        assertThat(host.job(plugin, "acme", "expireCoupons").summary()).isEqualTo("expired 2 coupons, ended 0 templates");
        assertThat(host.job(plugin, "acme", "expireCoupons").summary()).isEqualTo("expired 0 coupons, ended 0 templates");
        assertThat(coupon(codes.get(0))).containsEntry("status", "redeemed");
        assertThat(coupon(codes.get(1))).containsEntry("status", "expired");
        assertThat(refusal("redeem", Map.of("code", codes.get(2), "orderId", "o-3", "orderAmount", 100))).isEqualTo("COUPON_EXPIRED");
        assertThat(host.services().emitted("acme")).filteredOn(e -> e.type().equals("coupon.expired")).hasSize(2);

        host.services().clock().advance(Duration.ofDays(6));
        assertThat(host.job(plugin, "acme", "expireCoupons").summary()).isEqualTo("expired 1 coupons, ended 1 templates");
        assertThat(coupon(weekly)).containsEntry("status", "expired");
        assertThat(host.services().records("acme", "couponsTemplate")).extracting(t -> t.get("key") + " " + t.get("status"))
                .containsExactlyInAnyOrder("day active", "week ended");
    }

    @Test
    void aDailyLimitCountsTheCustomersDayInThePluginsTimeZoneAndHoldsUnderConcurrency() throws Exception {
        host.services().clock().set(Instant.parse("2026-12-07T15:30:00Z"));
        Map<String, Object> daily = template("daily", 100, 3);
        daily.put("perCustomerPerDay", 1);
        op("defineTemplate", daily);
        op("setTemplateStatus", Map.of("key", "daily", "status", "active"));
        String ann = customer("13800138091");
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        concurrently(20, i -> outcome(() -> op("claim", claim("daily", ann, "a" + i)), outcomes));
        assertThat(outcomes.get("ok")).hasValue(1);
        assertThat(outcomes.get("CUSTOMER_DAILY_LIMIT_REACHED")).hasValue(19);

        host.services().clock().advance(Duration.ofMinutes(31)); // 00:01 on 8 December in Shanghai, still the 7th in UTC
        assertThat(op("claim", claim("daily", ann, "b1"))).containsEntry("status", "claimed");
        host.services().clock().advance(Duration.ofDays(1));
        assertThat(op("claim", claim("daily", ann, "c1"))).containsEntry("status", "claimed");
        host.services().clock().advance(Duration.ofDays(1));
        assertThat(refusal("claim", claim("daily", ann, "d1"))).isEqualTo("CUSTOMER_LIMIT_REACHED");
        assertThat(host.services().records("acme", "couponsHolding")).extracting(h -> h.get("day") + " " + h.get("count"))
                .as("what a refused claim took of the day is given back")
                .containsExactlyInAnyOrder("null 3", "2026-12-07 1", "2026-12-08 1", "2026-12-09 1", "2026-12-10 0");
    }

    @Test
    void aCustomerClaimsOnTheClaimPageOnceAFormAndSeesTheCouponAmongTheirsWithItsRulesInChinese() {
        Map<String, Object> cash = template("cash", 2, 1);
        cash.put("kind", "amountOff");
        cash.put("amountOff", 20);
        cash.put("threshold", 100);
        cash.put("name", "双十二满减券");
        cash.put("stacking", "exclusive");
        op("defineTemplate", cash);
        op("setTemplateStatus", Map.of("key", "cash", "status", "active"));
        String ann = customer("13800138101");
        String session = host.services().sessions("acme").issue(ann, Duration.ofDays(1));
        Map<String, Object> link = op("claimPage", Map.of("template", "cash", "account", "wxdemo123456"));
        assertThat((String) link.get("url")).endsWith("/hooks/acme/coupons/h5/claim/cash");
        assertThat((String) link.get("wechatUrl")).contains("/hooks/acme/channel-wechat/oauth?account=wxdemo123456&scope=snsapi_base&to=")
                .endsWith(java.net.URLEncoder.encode((String) link.get("url"), java.nio.charset.StandardCharsets.UTF_8));

        var opened = host.webhook(plugin, "acme", "GET", "h5/claim/cash?session=" + session, Map.of(), new byte[0], "127.0.0.1");
        assertThat(opened.status()).isEqualTo(302);
        assertThat(opened.header("Location")).isEqualTo("/hooks/acme/coupons/h5/claim/cash");
        assertThat(opened.header("Set-Cookie")).startsWith("quanyu_session=" + session + "; Path=/hooks/acme/;");
        Map<String, String> cookie = Map.of("Cookie", "quanyu_session=" + session);
        String page = html(host.webhook(plugin, "acme", "GET", "h5/claim/cash", cookie, new byte[0], "127.0.0.1"));
        assertThat(page).contains("双十二满减券", "满100减20", "领取后30天内有效", "每人限领1张", "不可与其他优惠券同时使用", "剩余 2 张",
                "立即领取");
        String key = page.replaceAll("(?s).*name=\"key\" value=\"([^\"]+)\".*", "$1");

        var claimed = host.webhook(plugin, "acme", "POST", "h5/claim/cash", cookie, ("key=" + key).getBytes(), "127.0.0.1");
        assertThat(claimed.status()).isEqualTo(302);
        var again = host.webhook(plugin, "acme", "POST", "h5/claim/cash", cookie, ("key=" + key).getBytes(), "127.0.0.1");
        assertThat(again.header("Location")).as("the same form again").isEqualTo(claimed.header("Location"));
        String code = (String) coupons(ann).getFirst().get("code");
        assertThat(claimed.header("Location")).isEqualTo("/hooks/acme/coupons/h5/mine?claimed=" + code);
        assertThat(html(host.webhook(plugin, "acme", "POST", "h5/claim/cash", cookie,
                ("key=" + key.replace(key.charAt(0), key.charAt(0) == 'A' ? 'B' : 'A')).getBytes(), "127.0.0.1")))
                .as("another form").contains("data-code=\"CUSTOMER_LIMIT_REACHED\"", "您已达到领取上限");

        String mine = html(host.webhook(plugin, "acme", "GET", "h5/mine?claimed=" + code, cookie, new byte[0], "127.0.0.1"));
        assertThat(mine).contains("领取成功，券码 " + code, "data-code=\"" + code + "\" data-status=\"claimed\"", "可使用", "满100减20");
        op("redeem", Map.of("code", code, "orderId", "o-1", "orderAmount", 150));
        assertThat(html(host.webhook(plugin, "acme", "GET", "h5/mine?lang=en", cookie, new byte[0], "127.0.0.1")))
                .contains("lang=\"en\"", "¥20 off orders from ¥100", "Used", "At most 1 per customer");
        assertThat(catchThrowableOfType(PluginCallException.class, () -> host.webhook(plugin, "acme", "GET", "h5/mine", Map.of(),
                new byte[0], "127.0.0.1")).code()).as("no session").isEqualTo("CUSTOMER_SESSION_REQUIRED");
        assertThat(html(host.webhook(plugin, "acme", "GET", "h5/claim/nope", cookie, new byte[0], "127.0.0.1"))).contains("没有这张券");
        assertThat(coupons(ann)).hasSize(1);
    }

    @Test
    void theOverviewShowsEachCampaignsStockClaimsRedemptionsRateAndDiscountGiven() {
        Map<String, Object> cash = template("ovw", 10, null);
        cash.put("kind", "amountOff");
        cash.put("amountOff", 15);
        op("defineTemplate", cash);
        op("defineTemplate", template("draft", 10, null));
        op("setTemplateStatus", Map.of("key", "ovw", "status", "active"));
        String ann = customer("13800138111");
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            codes.add((String) op("claim", claim("ovw", ann, "o" + i)).get("code"));
        }
        op("redeem", Map.of("code", codes.get(0), "orderId", "A", "orderAmount", 100));
        op("redeem", Map.of("code", codes.get(0), "orderId", "A", "orderAmount", 100));
        op("redeem", Map.of("code", codes.get(1), "orderId", "B", "orderAmount", 10));
        op("redeem", Map.of("code", codes.get(2), "orderId", "C", "orderAmount", 100));
        op("refund", Map.of("orderId", "C", "refundId", "r1"));
        op("refund", Map.of("orderId", "C", "refundId", "r1"));

        assertThat(host.widget(plugin, "acme", "campaignOverview", Map.of())).singleElement().isEqualTo(Map.of("key", "ovw",
                "name", "ovw", "remaining", 6L, "claimed", 4L, "redeemed", 2L, "redemptionRate", "50.0%", "discountCost", "25.00"));
    }

    @Test
    void aBatchOfCodesIsMadeInTheBackgroundFromTheStockOnceAndACustomerTakesOneByItsCode() {
        Map<String, Object> printed = template("print", 2_500, 1);
        printed.put("validTo", host.services().clock().instant().plus(Duration.ofDays(60)).toString());
        op("defineTemplate", printed);
        op("setTemplateStatus", Map.of("key", "print", "status", "active"));
        Map<String, Object> batch = op("generateCodes", Map.of("template", "print", "count", 2_100, "key", "b1"));
        assertThat(batch).containsEntry("status", "running").containsEntry("made", 0L).containsEntry("count", 2_100L);
        assertThat(op("generateCodes", Map.of("template", "print", "count", 2_100, "key", "b1"))).as("asked again")
                .containsEntry("batch", batch.get("batch"));
        assertThat(refusal("generateCodes", Map.of("template", "print", "count", 5, "key", "b1"))).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(refusal("generateCodes", Map.of("template", "print", "count", 1_000, "key", "b2"))).isEqualTo("OUT_OF_STOCK");
        assertThat(host.services().records("acme", "couponsTemplate")).singleElement().satisfies(t -> assertThat(t)
                .containsEntry("remaining", 400L));

        assertThat(host.runDueTasks()).extracting(TestHost.TaskRun::outcome).containsOnly("done");
        assertThat(host.pendingTasks()).isEmpty();
        assertThat(host.services().records("acme", "couponsBatch")).filteredOn(b -> b.get("_id").equals(batch.get("batch")))
                .singleElement().satisfies(b -> assertThat(b).containsEntry("made", 2_100L).containsEntry("status", "done"));
        List<Map<String, Object>> codes = host.services().records("acme", "couponsCoupon");
        assertThat(codes).hasSize(2_100).allSatisfy(c -> assertThat(c).containsEntry("status", "issued")
                .containsEntry("batch", batch.get("batch")).containsEntry("expiresAt", printed.get("validTo")).doesNotContainKey("customerId"));
        assertThat(codes.stream().map(c -> c.get("code")).distinct()).hasSize(2_100);
        String id = (String) batch.get("batch");
        assertThat(host.<TaskHandler, TaskResult>call(plugin, "acme", "task", "generateCodes", (h, context) -> h.run(
                new TaskRequest(context, "batch:" + id + ":0", Map.of("batch", id), 1, Instant.now())))).as("run again")
                .isEqualTo(TaskResult.done());
        assertThat(host.services().records("acme", "couponsCoupon")).hasSize(2_100);

        String ann = customer("13800138121");
        String bob = customer("13800138122");
        String first = (String) codes.get(0).get("code");
        assertThat(op("validate", Map.of("code", first, "orderAmount", 100))).containsEntry("reason", "COUPON_ISSUED");
        Map<String, Object> bound = op("bindCode", Map.of("code", first, "customerId", ann));
        assertThat(bound).containsEntry("status", "claimed").containsEntry("customerId", ann)
                .containsEntry("expiresAt", host.services().clock().instant().plus(Duration.ofDays(30)).toString());
        assertThat(op("bindCode", Map.of("code", first, "customerId", ann))).as("again").isEqualTo(bound);
        assertThat(refusal("bindCode", Map.of("code", first, "customerId", bob))).isEqualTo("COUPON_TAKEN");
        assertThat(refusal("bindCode", Map.of("code", (String) codes.get(1).get("code"), "customerId", ann)))
                .isEqualTo("CUSTOMER_LIMIT_REACHED");
        assertThat(op("redeem", Map.of("code", first, "orderId", "o-1", "orderAmount", 100))).containsEntry("discount", 20.0);
        assertThat(host.services().records("acme", "couponsTemplate")).singleElement().satisfies(t -> assertThat(t)
                .containsEntry("claimed", 1L).containsEntry("remaining", 400L));
        assertThat(host.services().emitted("acme")).filteredOn(e -> e.type().equals("coupon.claimed")).singleElement()
                .satisfies(e -> assertThat(e.properties()).containsEntry("source", "code"));

        host.services().clock().advance(Duration.ofDays(61));
        assertThat(host.job(plugin, "acme", "expireCoupons").summary()).as("issued codes expire too")
                .isEqualTo("expired 2099 coupons, ended 1 templates");
    }

    @Test
    void aTemplateForAnAudienceGivesItsCouponsOnlyToTheCustomersOfItsSegmentWhoMatchItsRule() {
        Map<String, Object> bad = template("vip", 10, null);
        bad.put("audience", Map.of("field", "tags", "op", "equals", "value", "x"));
        PluginCallException refused = catchThrowableOfType(PluginCallException.class, () -> op("defineTemplate", bad));
        assertThat(refused.pluginCode()).isEqualTo("TEMPLATE_INVALID");
        assertThat(refused.getMessage()).contains("audience/op");

        Map<String, Object> vip = template("vip", 10, null);
        vip.put("audienceSegment", "gold_members");
        vip.put("audience", Map.of("field", "aggregates.orders.count", "op", "gte", "value", 1));
        vip.put("validTo", host.services().clock().instant().plus(Duration.ofDays(60)).toString());
        op("defineTemplate", vip);
        op("setTemplateStatus", Map.of("key", "vip", "status", "active"));
        String ann = customer("13800138081");
        String bob = customer("13800138082");
        String cat = customer("13800138083");
        host.services().profileFacts("acme", ann, Map.of("segments", List.of("gold_members")));
        host.services().profileFacts("acme", cat, Map.of("segments", List.of("gold_members")));
        host.services().track("acme", new Event("order-ann", "order", host.services().clock().instant(), List.of(Identity.of("phone", "13800138081")),
                "web", Map.of("amount", 99)));

        assertThat(op("claim", claim("vip", ann, "v1"))).containsEntry("status", "claimed");
        PluginCallException outside = catchThrowableOfType(PluginCallException.class, () -> op("claim", claim("vip", bob, "v2")));
        assertThat(outside.pluginCode()).isEqualTo("AUDIENCE_MISMATCH");
        assertThat(outside.getMessage()).contains("segments");
        assertThat(refusal("issue", claim("vip", cat, "v3"))).as("in the segment, no order yet").isEqualTo("AUDIENCE_MISMATCH");
        assertThat(host.action(plugin, "acme", "issueCoupon", bob, Map.of("template", "vip"), "vip|" + bob + "|1|gift").failure().code())
                .as("a journey's step").isEqualTo("AUDIENCE_MISMATCH");
        assertThat(host.services().records("acme", "couponsTemplate")).singleElement().satisfies(t -> assertThat(t)
                .containsEntry("remaining", 9L).containsEntry("claimed", 1L));

        op("generateCodes", Map.of("template", "vip", "count", 2, "key", "vb"));
        host.runDueTasks();
        String printed = (String) host.services().records("acme", "couponsCoupon").stream()
                .filter(c -> "issued".equals(c.get("status"))).findFirst().orElseThrow().get("code");
        assertThat(refusal("bindCode", Map.of("code", printed, "customerId", bob))).isEqualTo("AUDIENCE_MISMATCH");
        assertThat(op("bindCode", Map.of("code", printed, "customerId", ann))).containsEntry("status", "claimed");
    }

    @Test
    void anExclusiveCouponIsAloneOnItsOrderAndStackableOnesStopAtTheirLimitUntilACouponLeavesTheOrder() {
        Map<String, Object> solo = template("solo", 10, null);
        solo.put("stacking", "exclusive");
        solo.put("stackLimit", 3);
        assertThat(refusal("defineTemplate", solo)).isEqualTo("TEMPLATE_INVALID");
        solo.remove("stackLimit");
        Map<String, Object> duo = template("duo", 10, null);
        duo.put("stackLimit", 2);
        for (Map<String, Object> t : List.of(solo, duo, template("free", 10, null))) {
            op("defineTemplate", t);
            op("setTemplateStatus", Map.of("key", t.get("key"), "status", "active"));
        }
        String ann = customer("13800138091");
        List<String> duos = new ArrayList<>();
        List<String> frees = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            duos.add((String) op("claim", claim("duo", ann, "d" + i)).get("code"));
            frees.add((String) op("claim", claim("free", ann, "f" + i)).get("code"));
        }
        String soloCode = (String) op("claim", claim("solo", ann, "s0")).get("code");

        op("redeem", Map.of("code", duos.get(0), "orderId", "A", "orderAmount", 100));
        assertThat(op("validate", Map.of("code", soloCode, "orderId", "A", "orderAmount", 100))).containsEntry("valid", false)
                .containsEntry("reason", "COUPON_NOT_STACKABLE");
        assertThat(refusal("reserve", Map.of("code", soloCode, "orderId", "A", "orderAmount", 100))).isEqualTo("COUPON_NOT_STACKABLE");
        assertThat(host.pendingTasks()).as("the refused reservation's release is cancelled").isEmpty();
        assertThat(coupon(soloCode)).containsEntry("status", "claimed");
        op("redeem", Map.of("code", duos.get(1), "orderId", "A", "orderAmount", 100));
        op("redeem", Map.of("code", frees.get(0), "orderId", "A", "orderAmount", 100));
        assertThat(refusal("redeem", Map.of("code", duos.get(2), "orderId", "A", "orderAmount", 100)))
                .isEqualTo("ORDER_COUPON_LIMIT_REACHED");
        assertThat(coupon(duos.get(2))).as("untouched").containsEntry("status", "claimed");

        Map<String, Object> held = op("reserve", Map.of("code", soloCode, "orderId", "B", "orderAmount", 100));
        assertThat(op("validate", Map.of("code", soloCode, "orderId", "B", "orderAmount", 100))).as("its own order")
                .containsEntry("valid", true);
        assertThat(op("validate", Map.of("code", frees.get(1), "orderId", "B", "orderAmount", 100)))
                .containsEntry("reason", "ORDER_HAS_EXCLUSIVE_COUPON");
        assertThat(refusal("redeem", Map.of("code", frees.get(1), "orderId", "B", "orderAmount", 100)))
                .isEqualTo("ORDER_HAS_EXCLUSIVE_COUPON");
        op("release", Map.of("reservation", held.get("reservation")));
        assertThat(op("redeem", Map.of("code", frees.get(1), "orderId", "B", "orderAmount", 100))).as("once the exclusive one left")
                .containsEntry("duplicate", false);

        op("refund", Map.of("orderId", "A", "refundId", "ra", "code", duos.get(0)));
        assertThat(refusal("redeem", Map.of("code", duos.get(2), "orderId", "A", "orderAmount", 100))).as("two are still on A")
                .isEqualTo("ORDER_COUPON_LIMIT_REACHED");
        op("refund", Map.of("orderId", "A", "refundId", "rb", "code", frees.get(0)));
        assertThat(op("redeem", Map.of("code", duos.get(2), "orderId", "A", "orderAmount", 100))).containsEntry("duplicate", false);
        assertThat(host.services().records("acme", "couponsOrder")).filteredOn(o -> "A".equals(o.get("orderId"))).singleElement()
                .satisfies(o -> assertThat(o).containsEntry("coupons", 2L).containsEntry("exclusive", 0L));
    }

    @Test
    void concurrentReservationsOfExclusiveCouponsLeaveOneOnTheOrderAndItsExpiryFreesIt() throws Exception {
        Map<String, Object> solo = template("only", 40, null);
        solo.put("stacking", "exclusive");
        op("defineTemplate", solo);
        op("setTemplateStatus", Map.of("key", "only", "status", "active"));
        op("defineTemplate", template("more", 40, null));
        op("setTemplateStatus", Map.of("key", "more", "status", "active"));
        String ann = customer("13800138092");
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            codes.add((String) op("claim", claim(i % 2 == 0 ? "only" : "more", ann, "c" + i)).get("code"));
        }
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        concurrently(40, i -> outcome(() -> op("reserve", Map.of("code", codes.get(i), "orderId", "X", "orderAmount", 100)), outcomes));
        List<Map<String, Object>> onX = host.services().records("acme", "couponsCoupon").stream()
                .filter(c -> "X".equals(c.get("orderId"))).toList();
        boolean exclusiveWon = onX.stream().anyMatch(c -> "only".equals(c.get("template")));
        assertThat(onX).as(outcomes.toString()).hasSize(exclusiveWon ? 1 : 20);
        assertThat(outcomes.get("ok")).hasValue(onX.size());
        assertThat(host.pendingTasks()).as("a release for each reservation held").hasSize(onX.size());
        assertThat(host.services().records("acme", "couponsOrder")).singleElement().satisfies(o -> assertThat(o)
                .containsEntry("coupons", (long) onX.size()).containsEntry("exclusive", exclusiveWon ? 1L : 0L));

        host.services().clock().advance(Duration.ofMinutes(15));
        assertThat(host.runDueTasks()).hasSize(onX.size());
        assertThat(host.services().records("acme", "couponsOrder")).singleElement().satisfies(o -> assertThat(o)
                .containsEntry("coupons", 0L).containsEntry("exclusive", 0L));
        String other = exclusiveWon ? codes.get(1) : codes.get(0);
        assertThat(refusal("reserve", Map.of("code", other, "orderId", "X", "orderAmount", 100))).as("its first call's key")
                .isIn("COUPON_NOT_STACKABLE", "ORDER_HAS_EXCLUSIVE_COUPON");
        assertThat(op("reserve", Map.of("code", other, "orderId", "X", "orderAmount", 100, "key", "again")))
                .containsEntry("status", "held");
    }

    private static String html(io.quanyu.plugin.sdk.webhook.WebhookResponse response) {
        assertThat(response.contentType()).startsWith("text/html");
        return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> coupons(String customer) {
        return (List<Map<String, Object>>) op("customerCoupons", Map.of("customerId", customer)).get("coupons");
    }

    private Map<String, Object> coupon(String code) {
        return host.services().records("acme", "couponsCoupon").stream().filter(c -> code.equals(c.get("code"))).findFirst().orElseThrow();
    }

    private Map<String, Object> op(String name, Map<String, Object> input) {
        return host.operation(plugin, "acme", name, input);
    }

    private String refusal(String name, Map<String, Object> input) {
        return catchThrowableOfType(PluginCallException.class, () -> op(name, input)).pluginCode();
    }

    private static Map<String, Object> template(String key, int stock, Integer perCustomer) {
        Map<String, Object> t = new HashMap<>(Map.of("key", key, "name", key, "kind", "percentOff", "percentOff", 20,
                "stock", stock, "validDays", 30, "codePrefix", key.toUpperCase().substring(0, 3)));
        if (perCustomer != null) {
            t.put("perCustomer", perCustomer);
        }
        return t;
    }

    private static Map<String, Object> claim(String template, String customer, String key) {
        return Map.of("template", template, "customerId", customer, "key", key);
    }

    /** A customer known by this phone, as an event of theirs made them. */
    private String customer(String phone) {
        return host.services().track("acme", new Event("e-" + phone, "page_view", host.services().clock().instant(),
                List.of(Identity.of("phone", phone)), "web", Map.of())).customerId();
    }

    /** Counts an operation's outcome: {@code ok}, or the refusal's code. */
    private static void outcome(java.util.concurrent.Callable<Map<String, Object>> call, Map<String, AtomicInteger> outcomes) {
        String outcome;
        try {
            call.call();
            outcome = "ok";
        } catch (PluginCallException e) {
            outcome = e.pluginCode();
        } catch (Exception e) {
            outcome = e.toString();
        }
        outcomes.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
    }

    private static void concurrently(int calls, java.util.function.IntConsumer call) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
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

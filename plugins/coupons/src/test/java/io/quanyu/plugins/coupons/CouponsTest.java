package io.quanyu.plugins.coupons;

import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.PluginCallException;
import io.quanyu.plugin.sdk.journey.ActionResult;
import io.quanyu.plugin.testkit.Installed;
import io.quanyu.plugin.testkit.TestHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
        assertThat(host.services().records("acme", "couponsTemplate")).singleElement().satisfies(t -> assertThat(t)
                .containsEntry("redeemed", 1L));
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
        return host.services().track("acme", new Event("e-" + phone, "page_view", Instant.now(),
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

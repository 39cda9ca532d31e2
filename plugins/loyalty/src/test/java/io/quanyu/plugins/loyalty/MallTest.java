package io.quanyu.plugins.loyalty;

import io.quanyu.plugin.sdk.PluginCallException;
import io.quanyu.plugin.testkit.Installed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The points mall on the test kit: never oversold, points and stock given back, coupons through the coupons plugin. */
class MallTest {
    private final LoyaltyHost loyalty = new LoyaltyHost(Instant.parse("2026-03-10T04:00:00Z"));

    MallTest() {
        loyalty.op("defineProgram", Map.of("key", "shop", "name", "Shop", "expiry", "never"));
    }

    @AfterEach
    void close() {
        loyalty.close();
    }

    @Test
    void fiveHundredConcurrentRedemptionsOfFiftyInStockRedeemExactlyFiftyAndTheOthersKeepTheirPoints() throws Exception {
        item(Map.of("key", "mug", "name", "Mug", "kind", "goods", "pricePoints", 100, "stock", 50));
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String member = loyalty.member(String.valueOf(13800000000L + i));
            loyalty.op("earn", Map.of("program", "shop", "customerId", member, "points", 100, "key", "gift-" + i));
            members.add(member);
        }
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 500; i++) {
                String member = members.get(i);
                String key = "r-" + i;
                results.add(pool.submit(() -> outcome(Map.of("customerId", member, "item", "mug", "key", key))));
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        for (Future<String> result : results) {
            counts.merge(result.get(), 1, Integer::sum);
        }
        assertThat(counts).isEqualTo(Map.of("confirmed", 50, "OUT_OF_STOCK", 450));
        assertThat(item("mug")).containsEntry("stock", 0L).containsEntry("redeemed", 50L);
        long spent = members.stream().filter(m -> balance(m) == 0).count();
        assertThat(spent).as("exactly the fifty who got a mug paid for it").isEqualTo(50);
        assertThat(members.stream().filter(m -> balance(m) == 100).count()).isEqualTo(450);
    }

    @Test
    void oneMembersConcurrentRedemptionsSpendOnlyThePointsTheyHave() throws Exception {
        item(Map.of("key", "pen", "name", "Pen", "kind", "goods", "pricePoints", 100, "stock", 100));
        String ann = loyalty.member("13900001001");
        loyalty.op("earn", Map.of("program", "shop", "customerId", ann, "points", 300, "key", "gift"));
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            for (int i = 0; i < 10; i++) {
                String key = "p-" + i;
                results.add(pool.submit(() -> outcome(Map.of("customerId", ann, "item", "pen", "key", key))));
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        for (Future<String> result : results) {
            counts.merge(result.get(), 1, Integer::sum);
        }
        assertThat(counts).isEqualTo(Map.of("confirmed", 3, "INSUFFICIENT_POINTS", 7));
        assertThat(item("pen")).as("the stock the refused ones took is back").containsEntry("stock", 97L).containsEntry("redeemed", 3L);
        assertThat(balance(ann)).isZero();
    }

    @Test
    void pointsAndCashWaitForThePaymentAndAnUnpaidRedemptionIsCancelledWithEverythingGivenBack() {
        item(Map.of("key", "bag", "name", "Bag", "kind", "goods", "pricePoints", 500, "priceCash", 29.9, "stock", 2));
        String ann = loyalty.member("13900001101");
        loyalty.op("earn", Map.of("program", "shop", "customerId", ann, "points", 1200, "key", "gift"));
        Map<String, Object> paid = loyalty.op("redeem", Map.of("customerId", ann, "item", "bag", "key", "b-1"));
        assertThat(paid).containsEntry("status", "reserved").containsEntry("points", 500L);
        assertThat(balance(ann)).as("the points are held while the cash is paid").isEqualTo(700);
        Map<String, Object> unpaid = loyalty.op("redeem", Map.of("customerId", ann, "item", "bag", "key", "b-2"));
        assertThat(loyalty.op("redeem", Map.of("customerId", ann, "item", "bag", "key", "b-2"))).as("a replay").isEqualTo(unpaid);
        assertThat(refusal("redeem", Map.of("customerId", ann, "item", "bag", "key", "b-3"))).isEqualTo("OUT_OF_STOCK");
        assertThat(balance(ann)).isEqualTo(200);

        assertThat(loyalty.op("confirmRedemption", Map.of("redemption", paid.get("id")))).containsEntry("status", "confirmed");
        assertThat(loyalty.emitted("mall.redeemed")).singleElement().satisfies(e -> assertThat(e.properties())
                .containsEntry("item", "bag").containsEntry("points", 500L));
        assertThat(loyalty.op("shipRedemption", Map.of("redemption", paid.get("id"), "tracking", "SF123")))
                .containsEntry("status", "shipped").containsEntry("tracking", "SF123");
        assertThat(refusal("cancelRedemption", Map.of("redemption", paid.get("id")))).isEqualTo("REDEMPTION_STATE");

        loyalty.later(Duration.ofMinutes(31)); // the unpaid one's hold is over
        assertThat(loyalty.host.services().records(LoyaltyHost.TENANT, "loyaltyRedemption")).filteredOn(r -> r.get("_id").equals(unpaid.get("id")))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("status", "cancelled").containsEntry("reason", "unpaid"));
        assertThat(balance(ann)).as("its points are back").isEqualTo(700);
        assertThat(item("bag")).containsEntry("stock", 1L).containsEntry("redeemed", 1L);
        assertThat(refusal("confirmRedemption", Map.of("redemption", unpaid.get("id")))).isEqualTo("REDEMPTION_STATE");
        assertThat(refusal("redeem", Map.of("customerId", ann, "item", "nothing", "key", "n-1"))).isEqualTo("ITEM_NOT_FOUND");
    }

    @Test
    void aCouponItemIssuesItsCouponThroughTheCouponsPluginOncePerMemberAndACancellationVoidsIt() {
        Installed coupons = loyalty.installCoupons();
        loyalty.host.operation(coupons, LoyaltyHost.TENANT, "defineTemplate", Map.of("key", "tenoff", "name", "10 off",
                "kind", "amountOff", "amountOff", 10, "threshold", 50, "stock", 100, "validDays", 30, "codePrefix", "TEN"));
        loyalty.host.operation(coupons, LoyaltyHost.TENANT, "setTemplateStatus", Map.of("key", "tenoff", "status", "active"));
        item(Map.of("key", "ten-off", "name", "10 yuan off", "kind", "coupon", "coupon", "tenoff", "pricePoints", 200, "perMember", 1));
        String ann = loyalty.member("13900001201");
        loyalty.op("earn", Map.of("program", "shop", "customerId", ann, "points", 1000, "key", "gift"));

        Map<String, Object> redeemed = loyalty.op("redeem", Map.of("customerId", ann, "item", "ten-off", "key", "c-1"));
        assertThat(redeemed).containsEntry("status", "confirmed");
        String code = String.valueOf(redeemed.get("coupon"));
        assertThat(code).startsWith("TEN");
        assertThat(loyalty.host.services().records(LoyaltyHost.TENANT, "couponsCoupon")).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("code", code).containsEntry("customerId", ann).containsEntry("status", "claimed"));
        assertThat(refusal("redeem", Map.of("customerId", ann, "item", "ten-off", "key", "c-2"))).isEqualTo("LIMIT_REACHED");
        assertThat(balance(ann)).isEqualTo(800);

        assertThat(loyalty.op("cancelRedemption", Map.of("redemption", redeemed.get("id"), "reason", "changed my mind")))
                .containsEntry("status", "cancelled");
        assertThat(loyalty.host.services().records(LoyaltyHost.TENANT, "couponsCoupon")).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("status", "voided"));
        assertThat(balance(ann)).isEqualTo(1000);
        Map<String, Object> again = loyalty.op("redeem", Map.of("customerId", ann, "item", "ten-off", "key", "c-3"));
        assertThat(again).as("the allowance is back").containsEntry("status", "confirmed");
        loyalty.host.operation(coupons, LoyaltyHost.TENANT, "redeem", Map.of("code", again.get("coupon"), "orderId", "SO-9",
                "customerId", ann, "orderAmount", 80));
        assertThat(refusal("cancelRedemption", Map.of("redemption", again.get("id")))).as("its coupon was used")
                .isEqualTo("COUPON_NOT_VOIDED");
        assertThat(balance(ann)).isEqualTo(800);

        loyalty.op("defineTier", Map.of("program", "shop", "key", "member", "name", "Member"));
        loyalty.op("defineTier", Map.of("program", "shop", "key", "gold", "name", "Gold", "threshold", 500, "coupon", "tenoff"));
        String cy = loyalty.member("13900001203");
        loyalty.op("earn", Map.of("program", "shop", "customerId", cy, "points", 600, "key", "gift-cy"));
        assertThat(loyalty.host.services().records(LoyaltyHost.TENANT, "couponsCoupon")).as("gold's welcome coupon, once")
                .filteredOn(c -> cy.equals(c.get("customerId"))).singleElement().satisfies(c -> assertThat(c).containsEntry("template", "tenoff"));
        loyalty.order("13900001203", "SO-CY2", "order", 10, Map.of());
        loyalty.deliver();
        assertThat(loyalty.host.services().records(LoyaltyHost.TENANT, "couponsCoupon")).filteredOn(c -> cy.equals(c.get("customerId"))).hasSize(1);

        loyalty.host.services().disable(LoyaltyHost.TENANT, coupons.id());
        String bo = loyalty.member("13900001202");
        loyalty.op("earn", Map.of("program", "shop", "customerId", bo, "points", 1000, "key", "gift-bo"));
        assertThat(refusal("redeem", Map.of("customerId", bo, "item", "ten-off", "key", "c-4"))).isEqualTo("COUPON_NOT_ISSUED");
        assertThat(balance(bo)).as("nothing stays taken when the coupon cannot be issued").isEqualTo(1000);
    }

    /**
     * A redemption's status or refusal code; a call the plugin's bulkhead turns away ({@code PLUGIN_BUSY}: the test kit
     * lets a tenant make 8 calls of a plugin at once) is made again, as a client would.
     */
    private String outcome(Map<String, Object> input) throws InterruptedException {
        while (true) {
            try {
                return String.valueOf(loyalty.op("redeem", input).get("status"));
            } catch (PluginCallException e) {
                if (!"PLUGIN_BUSY".equals(e.code())) {
                    return e.pluginCode() != null ? e.pluginCode() : e.code() + " " + e.getMessage();
                }
                Thread.sleep(2);
            }
        }
    }

    private void item(Map<String, Object> item) {
        Map<String, Object> in = new HashMap<>(item);
        in.put("program", "shop");
        loyalty.op("defineItem", in);
    }

    private Map<String, Object> item(String key) {
        return loyalty.host.services().records(LoyaltyHost.TENANT, "loyaltyItem").stream().filter(i -> i.get("key").equals(key))
                .findFirst().orElseThrow();
    }

    private long balance(String customer) {
        return (Long) loyalty.balance(customer, "shop").get("balance");
    }

    private String refusal(String name, Map<String, Object> input) {
        return catchThrowableOfType(PluginCallException.class, () -> loyalty.op(name, input)).pluginCode();
    }
}

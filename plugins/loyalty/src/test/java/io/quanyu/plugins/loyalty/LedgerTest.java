package io.quanyu.plugins.loyalty;

import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.PluginCallException;
import io.quanyu.plugin.testkit.Installed;
import io.quanyu.plugin.testkit.TestHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The points ledger on the test kit: lots, spends first to expire first, expiry of the remainder, reversals. */
class LedgerTest {
    static final String TENANT = "acme";
    private final TestHost host = TestHost.start();
    private final Installed plugin = host.install(LoyaltyZip.build());
    private Instant now = Instant.parse("2026-03-10T04:00:00Z");

    LedgerTest() {
        host.services().clock().set(now);
    }

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void spendsTakeTheLotsFirstToExpireFirstAndExpiryTakesOnlyWhatIsLeft() {
        program("stars", "months", 1, 0, "partial");
        String ann = member("13900000001");
        op("earn", Map.of("program", "stars", "customerId", ann, "points", 100, "key", "order-1"));
        later(Duration.ofDays(10));
        op("earn", Map.of("program", "stars", "customerId", ann, "points", 50, "key", "order-2"));
        assertThat(op("earn", Map.of("program", "stars", "customerId", ann, "points", 50, "key", "order-2")))
                .as("a replay").containsEntry("amount", 50L);
        assertThat(refusal("earn", Map.of("program", "stars", "customerId", ann, "points", 60, "key", "order-2")))
                .isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(balance(ann)).containsEntry("balance", 150L).containsEntry("expiringNext", 100L);

        Map<String, Object> spent = op("spend", Map.of("program", "stars", "customerId", ann, "points", 120, "key", "mall-1"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> consumed = (List<Map<String, Object>>) spent.get("consumed");
        assertThat(consumed).extracting(c -> c.get("amount")).containsExactly(100L, 20L);
        assertThat(refusal("spend", Map.of("program", "stars", "customerId", ann, "points", 31, "key", "mall-2")))
                .isEqualTo("INSUFFICIENT_POINTS");

        later(Duration.ofDays(25)); // the first lot's month is over: it was spent, nothing of it expires
        assertThat(balance(ann)).containsEntry("balance", 30L);
        later(Duration.ofDays(10)); // the second's: its 30 left expire
        assertThat(balance(ann)).containsEntry("balance", 0L);
        List<Event> expired = host.services().emitted(TENANT).stream().filter(e -> e.type().equals("points.expired")).toList();
        assertThat(expired).singleElement().satisfies(e -> assertThat(e.properties()).containsEntry("points", 30L));
    }

    @Test
    void aRefundTakesBackItsOrdersPointsUnderEachPolicyAndAReplayChangesNothing() {
        for (String policy : List.of("block", "partial", "negative")) {
            program(policy, "never", 0, 0, policy);
            String member = member("1390000010" + policy.length());
            op("earn", Map.of("program", policy, "customerId", member, "points", 100, "key", "o1"));
            op("spend", Map.of("program", policy, "customerId", member, "points", 70, "key", "s1"));
            Map<String, Object> reverse = Map.of("program", policy, "kind", "earn", "of", "o1", "key", "refund-1");
            switch (policy) {
                case "block" -> {
                    assertThat(refusal("reverse", reverse)).isEqualTo("POINTS_ALREADY_SPENT");
                    assertThat(balance(member, policy)).containsEntry("balance", 30L);
                }
                case "partial" -> {
                    assertThat(op("reverse", reverse)).containsEntry("amount", 30L).containsEntry("owed", 0L);
                    assertThat(op("reverse", reverse)).as("a replay").containsEntry("amount", 30L);
                    assertThat(balance(member, policy)).containsEntry("balance", 0L).containsEntry("owed", 0L);
                }
                default -> {
                    assertThat(op("reverse", reverse)).containsEntry("amount", 30L).containsEntry("owed", 70L);
                    assertThat(op("reverse", reverse)).as("a replay").containsEntry("owed", 70L);
                    assertThat(balance(member, policy)).containsEntry("balance", -70L).containsEntry("owed", 70L);
                    op("earn", Map.of("program", policy, "customerId", member, "points", 100, "key", "o2"));
                    assertThat(balance(member, policy)).as("the next earn pays what is owed").containsEntry("balance", 30L)
                            .containsEntry("owed", 0L);
                }
            }
            assertThat(refusal("reverse", Map.of("program", policy, "kind", "earn", "of", "o1", "key", "refund-2")))
                    .isEqualTo("block".equals(policy) ? "POINTS_ALREADY_SPENT" : "ENTRY_REVERSED");
        }
    }

    @Test
    void pointsWaitTheirPendingDaysAndACancelledSpendGivesEachLotBackWhatItTook() {
        program("p", "months", 12, 7, "partial");
        String bob = member("13900000201");
        op("earn", Map.of("program", "p", "customerId", bob, "points", 40, "key", "o1"));
        assertThat(balance(bob, "p")).containsEntry("balance", 0L).containsEntry("pending", 40L);
        assertThat(refusal("spend", Map.of("program", "p", "customerId", bob, "points", 10, "key", "s0"))).isEqualTo("INSUFFICIENT_POINTS");
        later(Duration.ofDays(7));
        assertThat(balance(bob, "p")).containsEntry("balance", 40L).containsEntry("pending", 0L);
        op("spend", Map.of("program", "p", "customerId", bob, "points", 25, "key", "s1"));
        assertThat(op("reverse", Map.of("program", "p", "kind", "spend", "of", "s1", "key", "cancel-1"))).containsEntry("amount", 25L);
        assertThat(balance(bob, "p")).containsEntry("balance", 40L);
        assertThat(refusal("reverse", Map.of("program", "p", "kind", "spend", "of", "nope", "key", "cancel-2"))).isEqualTo("ENTRY_NOT_FOUND");
    }

    @Test
    void concurrentSpendsNeverTakeMoreThanTheLotsHold() throws Exception {
        program("c", "never", 0, 0, "partial");
        String cat = member("13900000301");
        for (int i = 0; i < 5; i++) {
            op("earn", Map.of("program", "c", "customerId", cat, "points", 10, "key", "o" + i));
        }
        AtomicInteger done = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                calls.add(pool.submit(() -> {
                    try {
                        op("spend", Map.of("program", "c", "customerId", cat, "points", 3, "key", "s" + n));
                        done.incrementAndGet();
                    } catch (PluginCallException e) {
                        assertThat(e.pluginCode()).as(e.code() + ": " + e.getMessage()).isEqualTo("INSUFFICIENT_POINTS");
                        refused.incrementAndGet();
                    }
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        }
        long left = host.services().records(TENANT, "loyaltyLot").stream().mapToLong(l -> ((Number) l.get("remaining")).longValue()).sum();
        assertThat(done.get() + refused.get()).isEqualTo(40);
        assertThat(done.get()).as("50 points, 3 a spend").isBetween(1, 16);
        assertThat(left).as("every point taken belongs to one spend that went through").isEqualTo(50 - 3L * done.get());
        assertThat(balance(cat, "c")).containsEntry("balance", left);
    }

    @Test
    void ordersEarnAtTheProgramsRateOnceARefundReversesThemAndAJourneyStepAwardsPointsOncePerExecution() {
        Map<String, Object> in = new HashMap<>(Map.of("key", "shop", "name", "Shop points", "expiry", "never",
                "pointsPerYuan", 1.5, "refundPolicy", "partial"));
        op("defineProgram", in);
        program("other", "never", 0, 0, "partial"); // no rate: orders earn nothing in it
        String dan = member("13900000401");
        order(dan, "SO-1", "order", 128.9);
        order(dan, "SO-1", "order", 128.9); // the feed sent it again
        order(dan, "SO-2", "order", 10);
        assertThat(host.deliverTracked(plugin, TENANT)).as("the repeat is the same event").containsEntry("orders", 2);
        assertThat(balance(dan, "shop")).as("193 for 128.9 (rounded down), 15 for 10").containsEntry("balance", 208L);
        assertThat(balance(dan, "other")).containsEntry("balance", 0L);
        order(dan, "SO-1", "order_refunded", 128.9);
        host.deliverTracked(plugin, TENANT);
        assertThat(balance(dan, "shop")).containsEntry("balance", 15L);

        var first = host.action(plugin, TENANT, "awardPoints", dan, Map.of("program", "shop", "points", 50), "welcome|" + dan + "|1|award");
        var again = host.action(plugin, TENANT, "awardPoints", dan, Map.of("program", "shop", "points", 50), "welcome|" + dan + "|1|award");
        assertThat(first.output()).containsEntry("points", 50L);
        assertThat(again.output()).isEqualTo(first.output());
        assertThat(balance(dan, "shop")).containsEntry("balance", 65L);
        assertThat(host.action(plugin, TENANT, "awardPoints", dan, Map.of("program", "gone", "points", 5), "x").failure().code())
                .isEqualTo("PROGRAM_NOT_FOUND");
    }

    @Test
    void aMemberWithMoreLotsThanAPageHoldsAndSpendsThemAll() {
        program("stars", "never", 0, 0, "partial");
        String eve = member("13900000501");
        for (int i = 0; i < 230; i++) { // a check-in a day: more lots than one page of records (200)
            op("earn", Map.of("program", "stars", "customerId", eve, "points", 1, "key", "day-" + i));
        }
        assertThat(balance(eve)).containsEntry("balance", 230L);
        assertThat(op("spend", Map.of("program", "stars", "customerId", eve, "points", 230, "key", "all"))).containsEntry("status", "done");
        assertThat(balance(eve)).containsEntry("balance", 0L);
    }

    @Test
    void lotsWhoseTimeComesTogetherExpireInChunksEachOnceWithItsEntryAndEvent() {
        program("stars", "months", 1, 0, "partial");
        String fay = member("13900000601");
        String gus = member("13900000602");
        for (int i = 0; i < 1_100; i++) { // more lots than one run of the expiry takes (1,000), all due in one minute
            op("earn", Map.of("program", "stars", "customerId", i % 2 == 0 ? fay : gus, "points", 1, "key", "k-" + i));
        }
        op("spend", Map.of("program", "stars", "customerId", fay, "points", 10, "key", "spent"));
        later(Duration.ofDays(32)); // the first run: 1,000 lots, and the rest handed to another run
        host.runDueTasks();
        assertThat(balance(fay)).containsEntry("balance", 0L);
        assertThat(balance(gus)).containsEntry("balance", 0L);
        List<Map<String, Object>> expiries = host.services().records(TENANT, "loyaltyEntry").stream()
                .filter(e -> "expire".equals(e.get("kind"))).toList();
        assertThat(expiries).as("one entry per lot with points left (10 of fay's were spent)").hasSize(1_090)
                .allSatisfy(e -> assertThat(e).containsEntry("status", "done").containsEntry("amount", 1L));
        assertThat(host.services().emitted(TENANT).stream().filter(e -> e.type().equals("points.expired")).count()).isEqualTo(1_090);
        List<Map<String, Object>> lots = host.services().records(TENANT, "loyaltyLot");
        assertThat(lots).hasSize(1_100).allSatisfy(lot -> assertThat(lot).containsEntry("status", "expired").containsEntry("remaining", 0L));
        assertThat(lots.stream().mapToLong(lot -> (Long) lot.get("expired")).sum()).as("nothing expired twice").isEqualTo(1_090);
        host.runDueTasks();
        assertThat(host.services().records(TENANT, "loyaltyEntry").stream().filter(e -> "expire".equals(e.get("kind")))).hasSize(1_090);
    }

    private void order(String customer, String orderNo, String type, double amount) {
        host.services().track(TENANT, new Event(type + ":" + orderNo, type, now, List.of(Identity.of("phone", "+8613900000401")),
                "shop", Map.of("orderNo", orderNo, "status", type.equals("order") ? "paid" : "refunded", "amount", amount)));
    }

    // ---- helpers ----

    private void program(String key, String expiry, int months, int pendingDays, String policy) {
        Map<String, Object> in = new HashMap<>(Map.of("key", key, "name", "Stars " + key, "expiry", expiry,
                "pendingDays", pendingDays, "refundPolicy", policy));
        if (months > 0) {
            in.put("expiryMonths", months);
        }
        op("defineProgram", in);
    }

    private String member(String phone) {
        return host.services().track(TENANT, new Event("e-" + phone, "page_view", now, List.of(Identity.of("phone", "+86" + phone)),
                "web", Map.of())).customerId();
    }

    private void later(Duration by) {
        now = now.plus(by);
        host.services().clock().set(now);
        host.runDueTasks();
    }

    private Map<String, Object> balance(String customer) {
        return balance(customer, "stars");
    }

    private Map<String, Object> balance(String customer, String program) {
        return op("balance", Map.of("program", program, "customerId", customer));
    }

    private Map<String, Object> op(String name, Map<String, Object> input) {
        return host.operation(plugin, TENANT, name, input);
    }

    private String refusal(String name, Map<String, Object> input) {
        return catchThrowableOfType(PluginCallException.class, () -> op(name, input)).pluginCode();
    }
}

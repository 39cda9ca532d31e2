package io.quanyu.plugins.loyalty;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Earning rules on the test kit: multipliers by day and category, one-off rewards, caps and budgets, replays. */
class EarningRulesTest {
    /** A Saturday in Shanghai (and still a Friday in UTC). */
    private static final Instant SATURDAY = Instant.parse("2026-03-13T17:00:00Z");
    private final LoyaltyHost loyalty = new LoyaltyHost(SATURDAY);

    @AfterEach
    void close() {
        loyalty.close();
    }

    @Test
    void ordersEarnTheRateAndWhatTheirRulesAddOnceEvenWhenSentAgain() {
        loyalty.op("defineProgram", Map.of("key", "shop", "name", "Shop", "expiry", "never", "pointsPerYuan", 1,
                "dailyCap", 1000, "timeZone", "Asia/Shanghai"));
        rule(Map.of("key", "weekend", "name", "Double on weekends", "kind", "order", "multiplier", 2,
                "condition", Map.of("field", "event.weekday", "op", "in", "value", List.of(6, 7))));
        rule(Map.of("key", "shoes", "name", "Triple on shoes", "kind", "order", "multiplier", 3, "categories", List.of("shoes")));
        rule(Map.of("key", "big", "name", "50 more over 500", "kind", "order", "points", 50,
                "condition", Map.of("field", "event.properties.amount", "op", "gte", "value", 500)));
        String ann = loyalty.member("13900000501");
        Map<String, Object> lines = Map.of("lines", List.of(Map.of("sku", "SH-1", "category", "shoes", "amount", 100),
                Map.of("sku", "SK-1", "category", "socks", "amount", 100)));
        loyalty.order("13900000501", "SO-1", "order", 200, lines);
        loyalty.order("13900000501", "SO-1", "order", 200, lines); // the feed sent it again
        loyalty.deliver();
        assertThat(loyalty.balance(ann, "shop")).as("200 for the rate, 200 more for the weekend, 200 more for the shoes")
                .containsEntry("balance", 600L);
        Map<String, Object> entry = earned(ann).getFirst();
        assertThat(entry.get("breakdown")).isEqualTo(List.of(Map.of("rule", "rate", "points", 200L),
                Map.of("rule", "weekend", "points", 200L), Map.of("rule", "shoes", "points", 200L)));
        assertThat(new java.math.BigDecimal(String.valueOf(entry.get("spend")))).as("kept for tiers by spend").isEqualByComparingTo("200");

        loyalty.later(Duration.ofDays(2)); // Monday
        loyalty.order("13900000501", "SO-2", "order", 600, Map.of());
        loyalty.deliver();
        assertThat(loyalty.balance(ann, "shop")).as("600 for the rate and 50 for an order over 500").containsEntry("balance", 1250L);
        assertThat(loyalty.facts(ann)).as("the balance is a fact segments read").containsEntry("points_shop", 1250L);

        rule(Map.of("key", "weekend", "name", "Double on weekends", "kind", "order", "multiplier", 2, "active", false));
        loyalty.later(Duration.ofDays(5)); // Saturday again, the rule switched off
        loyalty.order("13900000501", "SO-3", "order", 10, Map.of());
        loyalty.deliver();
        assertThat(loyalty.balance(ann, "shop")).containsEntry("balance", 1260L);
    }

    @Test
    void eventRulesRewardOncePerScopeWithinTheirCapsAndBudgets() {
        loyalty.op("defineProgram", Map.of("key", "shop", "name", "Shop", "expiry", "never", "dailyCap", 100));
        rule(Map.of("key", "signup", "name", "Welcome", "kind", "event", "event", "member.registered", "points", 80, "once", "ever"));
        rule(Map.of("key", "review", "name", "Reviews", "kind", "event", "event", "review.posted", "points", 30, "dailyCap", 40));
        rule(Map.of("key", "checkin", "name", "Daily check-in", "kind", "event", "event", "checkin", "points", 25, "once", "day",
                "budget", 60));
        String ann = loyalty.member("13900000601");
        String bo = loyalty.member("13900000602");
        loyalty.event("13900000601", "reg-1", "member.registered", Map.of());
        loyalty.event("13900000601", "reg-2", "member.registered", Map.of()); // signed up twice: rewarded once
        loyalty.event("13900000601", "rv-1", "review.posted", Map.of());
        loyalty.event("13900000601", "rv-2", "review.posted", Map.of());
        loyalty.deliver();
        assertThat(loyalty.balance(ann, "shop")).as("80 for signing up, then reviews up to the program's 100 a day: 20")
                .containsEntry("balance", 100L);
        loyalty.deliver();
        assertThat(loyalty.balance(ann, "shop")).as("a replayed delivery").containsEntry("balance", 100L);

        loyalty.later(Duration.ofDays(1));
        loyalty.event("13900000601", "rv-3", "review.posted", Map.of());
        loyalty.event("13900000601", "rv-4", "review.posted", Map.of());
        loyalty.event("13900000601", "ck-1", "checkin", Map.of());
        loyalty.event("13900000601", "ck-2", "checkin", Map.of()); // the same day: once
        loyalty.event("13900000602", "ck-3", "checkin", Map.of());
        loyalty.deliver();
        assertThat(loyalty.balance(ann, "shop")).as("30 + 10 for reviews (the rule's 40 a day), 25 for checking in")
                .containsEntry("balance", 165L);
        assertThat(loyalty.balance(bo, "shop")).containsEntry("balance", 25L);
        loyalty.later(Duration.ofDays(1));
        loyalty.event("13900000601", "ck-4", "checkin", Map.of());
        loyalty.deliver();
        assertThat(loyalty.balance(ann, "shop")).as("the check-in budget of 60 has 10 left: not enough for 25")
                .containsEntry("balance", 165L);
        assertThat(loyalty.host.services().records(LoyaltyHost.TENANT, "loyaltyRule")).filteredOn(r -> r.get("key").equals("checkin"))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("awarded", 50L));
    }

    @Test
    void rulesReadTheMemberAndABadRuleIsRefusedWithEveryProblem() {
        loyalty.op("defineProgram", Map.of("key", "shop", "name", "Shop", "expiry", "never", "pointsPerYuan", 1));
        rule(Map.of("key", "vip", "name", "VIPs double", "kind", "order", "multiplier", 2,
                "condition", Map.of("field", "tags", "op", "contains", "value", "vip")));
        String ann = loyalty.member("13900000701");
        String bo = loyalty.member("13900000702");
        loyalty.host.services().profileFacts(LoyaltyHost.TENANT, ann, Map.of("tags", List.of("vip")));
        loyalty.order("13900000701", "SO-A", "order", 100, Map.of());
        loyalty.order("13900000702", "SO-B", "order", 100, Map.of());
        loyalty.deliver();
        assertThat(loyalty.balance(ann, "shop")).containsEntry("balance", 200L);
        assertThat(loyalty.balance(bo, "shop")).containsEntry("balance", 100L);

        Map<String, Object> bad = new HashMap<>(Map.of("key", "bad", "program", "shop", "name", "Bad", "kind", "event",
                "event", "checkin", "condition", Map.of("field", "tags", "op", "equals", "value", "x")));
        assertThat(loyalty.refusal("defineRule", bad)).isEqualTo("RULE_INVALID");
        assertThat(loyalty.host.services().records(LoyaltyHost.TENANT, "loyaltyRule")).extracting(r -> r.get("key"))
                .as("nothing half-written").containsExactly("vip");
        bad.put("program", "gone");
        assertThat(loyalty.refusal("defineRule", bad)).isEqualTo("PROGRAM_NOT_FOUND");
        loyalty.op("defineProgram", Map.of("key", "other", "name", "Other", "expiry", "never"));
        assertThat(loyalty.refusal("defineRule", Map.of("key", "vip", "program", "other", "name", "Taken", "kind", "order",
                "multiplier", 2))).as("a key of another program's rule").isEqualTo("RULE_INVALID");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(io.quanyu.plugin.sdk.PluginCallException.class,
                () -> loyalty.op("defineRules", Map.of())).code()).as("an operation the release does not have")
                .isEqualTo("PLUGIN_OPERATION_NOT_FOUND");
    }

    private void rule(Map<String, Object> rule) {
        Map<String, Object> in = new HashMap<>(rule);
        in.putIfAbsent("program", "shop");
        assertThat(loyalty.op("defineRule", in)).containsEntry("key", rule.get("key"));
    }

    private List<Map<String, Object>> earned(String customer) {
        return loyalty.host.services().records(LoyaltyHost.TENANT, "loyaltyEntry").stream()
                .filter(e -> "earn".equals(e.get("kind")) && customer.equals(e.get("customerId"))).toList();
    }
}

package io.quanyu.plugins.loyalty;

import io.quanyu.plugin.sdk.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tiers on the test kit: earned by orders, multiplying later earnings, reviewed by their task, previewed, set by hand. */
class MemberTiersTest {
    private final LoyaltyHost loyalty = new LoyaltyHost(Instant.parse("2026-03-10T04:00:00Z"));

    @AfterEach
    void close() {
        loyalty.close();
    }

    private static final List<Map<String, Object>> TIERS = List.of(
            Map.of("key", "silver", "name", "Silver", "threshold", 0),
            Map.of("key", "gold", "name", "Gold", "threshold", 1000, "multiplier", 1.5),
            Map.of("key", "platinum", "name", "Platinum", "threshold", 5000, "multiplier", 2));

    @Test
    void ordersEarnATierThatMultipliesLaterOrdersAndItsReviewDowngradesAfterTheGraceDays() {
        Map<String, Object> program = new HashMap<>(Map.of("key", "shop", "name", "Shop", "expiry", "never", "pointsPerYuan", 1,
                "tiers", TIERS, "tierBasis", "spend", "tierWindow", "calendarYear", "graceDays", 30));
        loyalty.op("defineProgram", program);
        String ann = loyalty.member("13900000801");
        loyalty.order("13900000801", "SO-1", "order", 600, Map.of());
        loyalty.deliver();
        assertThat(status(ann)).containsEntry("tier", "silver").containsEntry("nextTier", "gold");
        assertThat(new BigDecimal(String.valueOf(status(ann).get("toNext")))).isEqualByComparingTo("400");
        assertThat(loyalty.facts(ann)).containsEntry("tier_shop", "silver");
        assertThat(loyalty.emitted("tier.changed")).as("the base tier is no change").isEmpty();

        loyalty.later(Duration.ofDays(1));
        loyalty.order("13900000801", "SO-2", "order", 500, Map.of());
        loyalty.deliver();
        assertThat(status(ann)).containsEntry("tier", "gold").containsEntry("tierUntil", "2027-12-31T16:00:00Z")
                .containsEntry("nextTier", "platinum");
        assertThat(loyalty.facts(ann)).containsEntry("tier_shop", "gold").containsEntry("points_shop", 1100L);
        assertThat(loyalty.emitted("tier.changed")).singleElement().extracting(Event::properties)
                .satisfies(p -> assertThat(p).containsEntry("from", "silver").containsEntry("to", "gold").containsEntry("direction", "up"));

        loyalty.later(Duration.ofDays(1));
        loyalty.order("13900000801", "SO-3", "order", 100, Map.of());
        loyalty.deliver();
        assertThat(loyalty.balance(ann, "shop")).as("gold earns 1.5 times: 150 for 100").containsEntry("balance", 1250L);
        loyalty.order("13900000801", "SO-3", "order_refunded", 100, Map.of());
        loyalty.deliver();
        assertThat(status(ann)).as("a refund does not downgrade before the held time ends").containsEntry("tier", "gold");

        loyalty.at(Instant.parse("2028-01-30T16:00:00Z")); // the end of 2027 (Shanghai) and its 30 grace days
        assertThat(status(ann)).as("nothing in 2027: back to the base tier").containsEntry("tier", "silver");
        assertThat(loyalty.facts(ann)).containsEntry("tier_shop", "silver");
        assertThat(loyalty.emitted("tier.changed")).hasSize(2).last().extracting(Event::properties)
                .satisfies(p -> assertThat(p).containsEntry("direction", "down"));
    }

    @Test
    void anOperatorPreviewsATierChangeAndSetsATierAndAJourneyUpgradesButNeverDowngrades() {
        loyalty.op("defineProgram", Map.of("key", "shop", "name", "Shop", "expiry", "never", "pointsPerYuan", 1, "tiers", TIERS));
        String ann = loyalty.member("13900000901");
        String bo = loyalty.member("13900000902");
        loyalty.order("13900000901", "SO-1", "order", 1200, Map.of());
        loyalty.order("13900000902", "SO-2", "order", 300, Map.of());
        loyalty.deliver();
        Map<String, Object> preview = loyalty.op("previewTiers", Map.of("program", "shop", "tiers", List.of(
                Map.of("key", "silver", "name", "Silver", "threshold", 0),
                Map.of("key", "gold", "name", "Gold", "threshold", 250))));
        assertThat(preview).containsEntry("members", 2L).containsEntry("up", 1L).containsEntry("same", 1L).containsEntry("down", 0L);
        assertThat(preview.get("now")).isEqualTo(Map.of("gold", 1L, "silver", 1L));
        assertThat(preview.get("proposed")).isEqualTo(Map.of("gold", 2L));
        assertThat(status(ann)).as("a preview changes nothing").containsEntry("tier", "gold");
        assertThat(loyalty.refusal("previewTiers", Map.of("program", "shop", "tiers", List.of(
                Map.of("key", "gold", "name", "Gold", "threshold", 250))))).isEqualTo("PROGRAM_INVALID");

        assertThat(loyalty.op("setTier", Map.of("program", "shop", "customerId", bo, "tier", "platinum")))
                .containsEntry("tier", "platinum").containsEntry("changed", true);
        assertThat(loyalty.refusal("setTier", Map.of("program", "shop", "customerId", bo, "tier", "diamond"))).isEqualTo("TIER_NOT_FOUND");
        var action = loyalty.host.action(loyalty.plugin, LoyaltyHost.TENANT, "upgradeTier", bo,
                Map.of("program", "shop", "tier", "gold"), "vip|" + bo + "|1|up");
        assertThat(action.output()).as("a journey never downgrades").containsEntry("tier", "platinum").containsEntry("changed", false);
        loyalty.host.action(loyalty.plugin, LoyaltyHost.TENANT, "upgradeTier", ann, Map.of("program", "shop", "tier", "platinum"), "vip|" + ann + "|1|up");
        assertThat(status(ann)).containsEntry("tier", "platinum");
        assertThat(loyalty.facts(ann)).containsEntry("tier_shop", "platinum");
    }

    @Test
    void tiersAreAddedChangedAndRemovedOneByOneAndTheBaseTierComesFirst() {
        loyalty.op("defineProgram", Map.of("key", "shop", "name", "Shop", "expiry", "never", "pointsPerYuan", 1));
        assertThat(loyalty.refusal("defineTier", Map.of("program", "shop", "key", "gold", "name", "Gold", "threshold", 1000)))
                .as("no tier every member starts in").isEqualTo("PROGRAM_INVALID");
        loyalty.op("defineTier", Map.of("program", "shop", "key", "silver", "name", "Silver"));
        loyalty.op("defineTier", Map.of("program", "shop", "key", "gold", "name", "Gold", "threshold", 1000, "multiplier", 2));
        loyalty.op("defineTier", Map.of("program", "shop", "key", "vip", "name", "VIP", "threshold", 50000));
        Map<String, Object> changed = loyalty.op("defineTier", Map.of("program", "shop", "key", "gold", "name", "Gold", "threshold", 800));
        assertThat(keys(changed)).containsExactly("silver", "gold", "vip");
        assertThat(keys(loyalty.op("defineTier", Map.of("program", "shop", "key", "vip", "remove", true)))).containsExactly("silver", "gold");
        assertThat(loyalty.refusal("defineTier", Map.of("program", "shop", "key", "silver", "remove", true))).isEqualTo("PROGRAM_INVALID");
        String ann = loyalty.member("13900000903");
        loyalty.order("13900000903", "SO-1", "order", 900, Map.of());
        loyalty.deliver();
        assertThat(status(ann)).containsEntry("tier", "gold").containsEntry("tierName", "Gold");
    }

    private static List<Object> keys(Map<String, Object> defined) {
        return ((List<?>) defined.get("tiers")).stream().map(t -> ((Map<?, ?>) t).get("key")).map(Object.class::cast).toList();
    }

    private Map<String, Object> status(String customer) {
        return loyalty.op("memberStatus", Map.of("program", "shop", "customerId", customer));
    }
}

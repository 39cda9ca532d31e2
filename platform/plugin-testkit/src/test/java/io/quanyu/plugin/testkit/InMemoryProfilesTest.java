package io.quanyu.plugin.testkit;

import io.quanyu.core.tenant.TenantId;
import io.quanyu.plugin.runtime.CallScope;
import io.quanyu.plugin.runtime.PluginKey;
import io.quanyu.plugin.sdk.Customers;
import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.PluginException;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test kit's profiles: what the events give, tags and facts under the platform's rules, the real rule language. */
class InMemoryProfilesTest {
    private final InMemoryServices services = new InMemoryServices();

    private io.quanyu.plugin.runtime.ContextServices.Bundle open(String tenant, String plugin) {
        return services.open(new PluginKey(plugin, "1.0.0"), new CallScope(new TenantId(tenant), "tester", null));
    }

    private static void assertCode(String code, ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PluginException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void aProfileHoldsWhatTheEventsGaveTheTagsAndEachPluginsFacts() {
        var loyalty = open("acme", "loyalty");
        String customer = loyalty.events().track(new Event("o-1", "order", Instant.parse("2026-10-01T08:00:00Z"),
                List.of(Identity.of("phone", "13800138000")), "shop", Map.of("amount", 99.5))).customerId();
        loyalty.events().track(new Event("v-1", "shop.visit", Instant.parse("2026-10-02T08:00:00Z"),
                List.of(Identity.scoped("wechat_openid", "wx1", "o-abc"), Identity.of("phone", "+86 138 0013 8000")),
                "store", Map.of()));
        loyalty.customers().tag(customer, "vip", true);
        loyalty.customers().putFacts(customer, Map.of("tier", "gold"));
        open("acme", "wechat").customers().putFacts(customer, Map.of("follower", true));

        Customers.Profile profile = loyalty.customers().profile(customer).orElseThrow();
        assertThat(profile.identities()).containsExactlyInAnyOrder(Identity.of("phone", "+8613800138000"),
                Identity.scoped("wechat_openid", "wx1", "o-abc"));
        assertThat(profile.tags()).containsExactly("vip");
        assertThat(profile.stage()).isEqualTo("stranger");
        @SuppressWarnings("unchecked")
        Map<String, Object> aggregates = (Map<String, Object>) profile.facts().get("aggregates");
        assertThat(aggregates).containsEntry("firstSeen", "2026-10-01T08:00:00Z").containsEntry("lastSeen", "2026-10-02T08:00:00Z")
                .containsEntry("counts", Map.of("order", 1L, "shop__visit", 1L));
        assertThat(profile.facts().get("plugins")).isEqualTo(Map.of("loyalty", Map.of("tier", "gold"),
                "wechat", Map.of("follower", true)));

        Customers.Match match = loyalty.customers().matches(customer, Map.of("all", List.of(
                Map.of("field", "aggregates.orders.amount", "op", "gte", "value", 99),
                Map.of("field", "plugins.wechat.follower", "op", "isTrue"),
                Map.of("field", "tags", "op", "contains", "value", "vip"))));
        assertThat(match.matched()).as(match.explanation()).isTrue();
        assertThat(open("globex", "loyalty").customers().profile(customer)).as("another tenant").isEmpty();

        services.profileFacts("acme", customer, Map.of("scores", Map.of("influence", 80), "stage", "member"));
        assertThat(loyalty.customers().matches(customer, Map.of("field", "scores.influence", "op", "gt", "value", 50))
                .matched()).isTrue();
        assertThat(loyalty.customers().profile(customer).orElseThrow().stage()).isEqualTo("member");

        Map<String, Object> weekendOrder = Map.of("all", List.of(
                Map.of("field", "event.weekday", "op", "in", "value", List.of(6, 7)),
                Map.of("field", "event.properties.amount", "op", "gte", "value", 100),
                Map.of("field", "plugins.loyalty.tier", "op", "eq", "value", "gold")));
        assertThat(loyalty.customers().matches(customer, weekendOrder, Map.of("weekday", 6, "properties", Map.of("amount", 120)))
                .matched()).as("the rule reads the event beside the profile").isTrue();
        assertThat(loyalty.customers().matches(customer, weekendOrder, Map.of("weekday", 3, "properties", Map.of("amount", 120)))
                .matched()).isFalse();
        assertThat(loyalty.customers().matches(customer, weekendOrder).matched()).as("without an event, event.* is absent").isFalse();
    }

    @Test
    void wrongTagsFactsRulesAndCustomersAreRefusedAsThePlatformRefusesThem() {
        var plugin = open("acme", "loyalty");
        String customer = plugin.events().track(new Event("e-1", "signup", Instant.now(),
                List.of(Identity.of("email", "li@example.com")), null, Map.of())).customerId();
        assertCode("REQUEST_VALIDATION_FAILED", () -> plugin.customers().tag(customer, "has space", true));
        assertCode("REQUEST_VALIDATION_FAILED", () -> plugin.customers().putFacts(customer, Map.of("1x", 1)));
        assertCode("REQUEST_VALIDATION_FAILED", () -> plugin.customers().putFacts(customer, Map.of("deep", Map.of("a", 1))));
        assertCode("REQUEST_VALIDATION_FAILED", () -> plugin.customers().matches(customer, Map.of("field", "a", "op", "nope")));
        assertThat(plugin.customers().ruleProblems(Map.of("field", "a", "op", "nope"))).singleElement().asString().startsWith("/op ");
        assertThat(plugin.customers().ruleProblems(Map.of("field", "segments", "op", "contains", "value", "vip"))).isEmpty();
        services.profileFacts("acme", customer, Map.of("segments", List.of("vip")));
        assertThat(plugin.customers().matches(customer, Map.of("field", "segments", "op", "contains", "value", "vip")).matched())
                .as("a segment's membership, as a test sets it").isTrue();
        assertCode("CUSTOMER_NOT_FOUND", () -> plugin.customers().tag("nobody", "vip", true));
        Map<String, Object> removal = new HashMap<>();
        removal.put("tier", null);
        plugin.customers().putFacts(customer, Map.of("tier", "gold"));
        plugin.customers().putFacts(customer, removal);
        assertThat(plugin.customers().profile(customer).orElseThrow().facts().get("plugins")).isEqualTo(Map.of());
    }
}

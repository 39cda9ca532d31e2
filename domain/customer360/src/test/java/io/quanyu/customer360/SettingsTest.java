package io.quanyu.customer360;

import io.quanyu.core.error.QuanyuException;
import io.quanyu.identities.IdentityType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.quanyu.customer360.C360Fixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {
    final C360Fixture f = new C360Fixture();

    @Test
    void aTenantAddsItsOwnIdentityTypeAndMakesEmailMergeAutomatically() {
        var types = new ArrayList<>(IdentityType.STANDARD);
        types.add(new IdentityType("loyalty_card", false, true, 15, IdentityType.Normalisation.TRIM));
        f.c360.settings(f.db, new Customer360Settings(types, Customer360Settings.ConflictRule.FIRST_SEEN, List.of(),
                List.of(30, 90, 180, 365), List.of(2L, 3L, 5L, 8L), Customer360Settings.defaults().monetaryAmounts(),
                Customer360Settings.defaults().influence(), Customer360Settings.defaults().stages(), List.of(),
                Map.of("coupon.redeemed", List.of("coupon_user"))).withAutoMerge(Map.of("email", true)));
        String a = f.track("[" + event("k1", "page_view", "2026-05-01T08:00:00Z", "{\"loyalty_card\": \"LC-9\"}") + "]").getFirst().customerId();
        String b = f.track("[" + event("k2", "coupon.redeemed", "2026-05-01T09:00:00Z", "{\"email\": \"a@b.cn\"}") + "]").getFirst().customerId();
        String merged = f.track("[" + event("k3", "page_view", "2026-05-02T08:00:00Z",
                "{\"loyalty_card\": \"LC-9\", \"email\": \"A@B.cn\"}") + "]").getFirst().customerId();
        assertThat(merged).isIn(a, b);
        var profile = f.profile(merged);
        assertThat(profile.path("identities").size()).isEqualTo(2);
        assertThat(profile.path("tags").get(0).path("tag").asString()).isEqualTo("coupon_user");
        assertThat(profile.path("tags").get(0).path("source").asString()).isEqualTo("event:coupon.redeemed");
    }

    @Test
    void badSettingsAreRefusedWithEveryProblem() {
        var d = Customer360Settings.defaults();
        var types = new ArrayList<>(IdentityType.STANDARD.subList(1, IdentityType.STANDARD.size()));
        types.add(new IdentityType("Bad Type", false, true, 1, IdentityType.Normalisation.TRIM));
        var bad = new Customer360Settings(types, d.conflictRule(), List.of(), List.of(90, 30, 180, 365), d.frequencyOrders(),
                d.monetaryAmounts(), d.influence(), List.of(new Customer360Settings.Rule("vip",
                C360Fixture.JSON.readTree("{\"field\": \"x\", \"op\": \"nope\"}"))), List.of(new Customer360Settings.Rule("buyer",
                C360Fixture.JSON.readTree("{\"behavior\": {\"event\": \"order\", \"op\": \"gte\", \"value\": 1}}"))), Map.of());
        // a profile rule is evaluated on the profile's facts alone: a behaviour condition (past events) is refused
        assertThatThrownBy(() -> f.c360.settings(f.db, bad)).isInstanceOfSatisfying(QuanyuException.class, e ->
                assertThat(e.violations()).extracting(v -> v.pointer()).contains("/identityTypes/7/type", "/identityTypes",
                        "/recencyDays", "/stages/0/condition/op", "/tagRules/0/condition/behavior"));
        assertThat(f.c360.settings(f.db).identityTypes()).hasSize(IdentityType.STANDARD.size());
    }
}

package io.quanyu.plugin.host;

import com.mongodb.client.model.Filters;
import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.outbox.DeadLetter;
import io.quanyu.plugin.runtime.PluginKey;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Plugins' event subscriptions on the event seam, with two nodes on one store: the sample plugin's {@code visits}
 * subscription ({@code shop.visit}) writes a card per event it receives, and refuses batches while the tenant's
 * greeting is {@code broken}. {@code acme} has the plugin enabled, {@code globex} has not.
 */
class PluginSubscriptionsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final TenantId acme = new TenantId("acme");
    private final TenantId globex = new TenantId("globex");
    private TwoNodes cluster;

    @BeforeEach
    void nodes() throws Exception {
        cluster = new TwoNodes(Clock.systemUTC(), acme);
        for (Node node : List.of(cluster.one, cluster.two)) {
            node.served.addAll(Set.of(acme, globex));
            node.sync.tick();
            assertThat(node.subscriptions.refresh()).as("one subscription declared").isEqualTo(1);
            assertThat(node.subscriptions.refresh()).as("subscribed once").isZero();
            node.seam.start();
        }
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void eachSubscribedEventReachesThePluginOnceInOrderPerCustomerAndOnlyForTheTenantThatEnabledIt() {
        List<String[]> visits = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            visits.add(new String[]{"v" + i, "shop.visit", "13800138" + (100 + i % 3), "p" + i});
        }
        track(acme, visits.subList(0, 15));
        track(acme, List.<String[]>of(new String[]{"o1", "order.paid", "13800138100", "-"}));
        track(acme, visits.subList(15, 30));
        track(globex, List.<String[]>of(new String[]{"g1", "shop.visit", "13800138100", "p-g"}));

        await().atMost(Duration.ofSeconds(20)).until(() -> cards(acme).size() >= 30);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> cards(acme).size() == 30);
        List<String> cards = cards(acme);
        assertThat(cards).extracting(c -> c.split(":")[1]).as("each visit once, no order")
                .containsExactlyInAnyOrderElementsOf(visits.stream().map(v -> v[0]).toList());
        for (String customer : cards.stream().map(c -> c.split(":")[0]).distinct().toList()) {
            List<Integer> pages = cards.stream().filter(c -> c.startsWith(customer + ":"))
                    .map(c -> Integer.parseInt(c.split(":")[2].substring(1))).toList();
            assertThat(pages).as("in order for customer " + customer).isSorted();
        }
        assertThat(cards.stream().map(c -> c.split(":")[0]).distinct()).as("three customers").hasSize(3);
        assertThat(cards(globex)).as("globex has not enabled the plugin").isEmpty();
    }

    @Test
    void tagChangesReachTheSubscriptionInOrderWithTheCustomersEventsAndNameWhoMadeThem() {
        track(acme, List.<String[]>of(new String[]{"t1", "shop.visit", "13800138000", "p1"}));
        await().atMost(Duration.ofSeconds(20)).until(() -> cards(acme).size() == 1);
        String customer = cards(acme).getFirst().split(":")[0];
        var admin = CallContext.of(new TenantContext(acme, "s", "u-1", Set.of(Role.TENANT_ADMIN), false), Quotas.DEFAULT, "t");
        var plugin = CallContext.ofPlugin(acme, "acme-hello", "system via acme-hello", Set.of(), Quotas.DEFAULT, "t");

        cluster.one.customers.tag(admin, customer, "vip", true);
        cluster.one.customers.tag(plugin, customer, "vip", false);
        track(acme, List.<String[]>of(new String[]{"t2", "shop.visit", "13800138000", "p2"}));

        await().atMost(Duration.ofSeconds(20)).until(() -> cards(acme).size() == 4);
        assertThat(cards(acme)).extracting(c -> c.split(":", 3)[2]).containsExactly("p1",
                "tags+[vip]-[] by {vip=manual}", "tags+[]-[vip] by {vip=plugin:acme-hello}", "p2");
        assertThat(cards(acme)).allSatisfy(c -> assertThat(c).startsWith(customer + ":"));
    }

    /**
     * Passed over whether delivery comes while the plugin is still disabled ({@code while-off}, waited for) or only
     * after it was enabled again ({@code just-before}: applied before it was enabled, and delivered around then).
     */
    @Test
    void eventsAppliedWhileThePluginIsDisabledAreNeverDelivered() throws InterruptedException {
        Node one = cluster.one;
        track(acme, List.<String[]>of(new String[]{"before", "shop.visit", "13800138000", "p1"}));
        await().atMost(Duration.ofSeconds(20)).until(() -> cards(acme).size() == 1);
        one.plugins.disable(one.database(acme), "admin", "acme-hello");

        track(acme, List.<String[]>of(new String[]{"while-off", "shop.visit", "13800138000", "p2"}));
        await().atMost(Duration.ofSeconds(10)).until(() -> one.seam.lag(one.database(acme),
                PluginSubscriptions.subscriberName("acme-hello", "visits")) == 0);
        one.plugins.disable(one.database(acme), "admin", "acme-hello");
        one.plugins.enable(one.database(acme), Quotas.DEFAULT, "admin", "acme-hello", null);
        one.plugins.disable(one.database(acme), "admin", "acme-hello");
        track(acme, List.<String[]>of(new String[]{"just-before", "shop.visit", "13800138000", "p3"}));
        Thread.sleep(2);
        one.plugins.enable(one.database(acme), Quotas.DEFAULT, "admin", "acme-hello", null);
        track(acme, List.<String[]>of(new String[]{"after", "shop.visit", "13800138000", "p4"}));

        await().atMost(Duration.ofSeconds(20)).until(() -> cards(acme).size() == 2);
        assertThat(cards(acme)).extracting(c -> c.split(":")[1]).containsExactly("before", "after");
    }

    @Test
    void anEventThePluginKeepsRefusingBecomesADeadLetterTheTenantCanReplay() {
        Node one = cluster.one;
        one.plugins.saveSettings(one.database(acme), "admin", "acme-hello", Map.of("greeting", "broken"));
        track(acme, List.<String[]>of(new String[]{"lost", "shop.visit", "13800138000", "p1"}));

        await().atMost(Duration.ofSeconds(20)).until(() -> !one.subscriptions.deadLetters(one.database(acme), "acme-hello").isEmpty());
        DeadLetter letter = one.subscriptions.deadLetters(one.database(acme), "acme-hello").getFirst();
        assertThat(letter.subscriber()).isEqualTo("plugin.acme-hello.visits");
        assertThat(letter.attempts()).isEqualTo(5);
        assertThat(letter.error()).contains("VISITS_BROKEN");
        assertThat(cards(acme)).isEmpty();
        assertThat(one.subscriptions.deadLetters(one.database(globex), "acme-hello")).isEmpty();
        assertThat(one.subscriptions.deadLetters(one.database(acme), "other-plugin")).isEmpty();
        assertThatThrownBy(() -> one.subscriptions.replay(one.database(acme), "other-plugin", letter.id()))
                .extracting("code").hasToString("DEAD_LETTER_NOT_FOUND");

        assertThat(one.subscriptions.replay(one.database(acme), "acme-hello", letter.id())).as("still broken").isFalse();
        one.plugins.saveSettings(one.database(acme), "admin", "acme-hello", Map.of("greeting", "Hi"));
        one.enabled.forget(acme);
        assertThat(one.subscriptions.replay(one.database(acme), "acme-hello", letter.id())).isTrue();

        assertThat(cards(acme)).extracting(c -> c.split(":")[1]).containsExactly("lost");
        assertThat(one.subscriptions.deadLetters(one.database(acme), "acme-hello")).isEmpty();
    }

    /**
     * The seams stop first: while the subscription is still subscribed a running seam starts it again at once (at the
     * oldest event the log keeps), which is what it should do and would race with the count. Dead letters going with
     * the positions is {@code EventSeam.forget}'s own test.
     */
    @Test
    void uninstallingForgetsTheSubscriptionsPositionsInThatTenantOnly() {
        Node one = cluster.one;
        one.plugins.install(one.database(globex), Quotas.DEFAULT, "admin", "acme-hello", "1.0.0");
        track(acme, List.<String[]>of(new String[]{"a1", "shop.visit", "13800138000", "p1"}));
        track(globex, List.<String[]>of(new String[]{"g1", "shop.visit", "13800138000", "p1"}));
        await().atMost(Duration.ofSeconds(20)).until(() -> positions(acme) > 0 && positions(globex) > 0);
        cluster.one.seam.close();
        cluster.two.seam.close();

        one.subscriptions.forget(one.database(acme), new PluginKey("acme-hello", "1.0.0"));

        assertThat(positions(acme)).isZero();
        assertThat(positions(globex)).isPositive();
    }

    @Test
    void uninstallingThroughTheServiceForgetsThePositionsEvenWhenItUnloadsTheRelease() {
        Node one = cluster.one;
        track(acme, List.<String[]>of(new String[]{"a1", "shop.visit", "13800138000", "p1"}));
        await().atMost(Duration.ofSeconds(20)).until(() -> positions(acme) > 0);
        cluster.one.seam.close();
        cluster.two.seam.close();
        var service = new Plugins(new io.quanyu.mongodb.MongoTenantDatabases(cluster.client), one.plugins, one.enabled,
                one.marketplace, one.calls, one.subscriptions);
        var admin = CallContext.of(new TenantContext(acme, "s", "admin", Set.of(Role.TENANT_ADMIN), false), Quotas.DEFAULT, "u");

        service.uninstall(admin, "acme-hello");

        assertThat(one.runtime.loaded(new PluginKey("acme-hello", "1.0.0"))).as("no tenant uses the release now").isEmpty();
        assertThat(positions(acme)).isZero();
    }

    private long positions(TenantId tenant) {
        return cluster.one.database(tenant).collection("outbox_positions")
                .countDocuments(Filters.regex("_id", "^plugin\\.acme-hello\\.visits\\|"));
    }

    /** Tracks events {id, type, phone, page} through the customer 360, as the events API does. */
    private void track(TenantId tenant, List<String[]> events) {
        ArrayNode batch = JSON.createArrayNode();
        for (String[] e : events) {
            var event = batch.addObject().put("eventId", e[0]).put("type", e[1]).put("time", Instant.now().toString());
            event.putArray("identities").addObject().put("type", "phone").put("value", e[2]);
            event.putObject("properties").put("page", e[3]);
        }
        var who = new TenantContext(tenant, "s", "integrator", Set.of(Role.INTEGRATOR), false);
        assertThat(cluster.one.customers.track(CallContext.of(who, Quotas.DEFAULT, "t"), batch))
                .allSatisfy(r -> assertThat(r.status()).isEqualTo("stored"));
    }

    /** The cards' {@code to}, in the order they were written (the in-JVM store's natural order). */
    private List<String> cards(TenantId tenant) {
        List<String> out = new ArrayList<>();
        for (Document d : cluster.one.database(tenant).collection("r_acmehelloCard").find()) {
            out.add(d.getString("to"));
        }
        return out;
    }
}

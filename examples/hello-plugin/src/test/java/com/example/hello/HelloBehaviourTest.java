package com.example.hello;

import io.quanyu.plugin.sdk.Customers;
import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.PluginCallException;
import io.quanyu.plugin.sdk.TenantActivation;
import io.quanyu.plugin.sdk.event.ReceivedEvent;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import io.quanyu.plugin.testkit.Installed;
import io.quanyu.plugin.testkit.TestHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.example.hello.HelloPluginZip.PLUGIN_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plugin as tenants see it, run by the platform's runtime on in-memory services. */
class HelloBehaviourTest {
    private TestHost host;
    private Installed plugin;

    @BeforeEach
    void install() {
        host = TestHost.start();
        plugin = host.install(HelloPluginZip.build());
    }

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void greetsWithTheTenantsGreeting() {
        host.services().settings("acme", PLUGIN_ID, Map.of("greeting", "Ni hao", "apiKey", "k-1"));

        Map<String, Object> answer = host.operation(plugin, "acme", "greet", Map.of("name", "Li"));

        assertEquals(Map.of("message", "Ni hao, Li"), answer);
    }

    @Test
    void eachTenantGetsItsOwnGreeting() {
        host.services().settings("acme", PLUGIN_ID, Map.of("greeting", "Ni hao", "apiKey", "k-1"));

        Map<String, Object> answer = host.operation(plugin, "globex", "greet", Map.of("name", "Li"));

        assertEquals(Map.of("message", "Hello, Li"), answer);
    }

    @Test
    void refusesInputWithoutAName() {
        PluginCallException refused = assertThrows(PluginCallException.class,
                () -> host.operation(plugin, "acme", "greet", Map.of()));

        assertEquals("PLUGIN_INPUT_INVALID", refused.code());
        assertEquals("/input/name", refused.violations().get(0).pointer());
    }

    @Test
    void refusesToBeEnabledWithoutAnApiKey() {
        host.services().settings("acme", PLUGIN_ID, Map.of("greeting", "Hi", "apiKey", " "));

        TenantActivation.Decision decision = activate("acme");

        assertFalse(decision.allowed());
        assertEquals("API_KEY_MISSING", decision.refusal().code());
    }

    @Test
    void isEnabledWithAnApiKey() {
        host.services().settings("acme", PLUGIN_ID, Map.of("apiKey", "k-1"));

        assertTrue(activate("acme").allowed());
    }

    @Test
    void webhookAcceptsOnlyTheTenantsApiKey() {
        host.services().settings("acme", PLUGIN_ID, Map.of("apiKey", "k-1"));

        assertEquals(200, callback("acme", "k-1").status());
        assertEquals(401, callback("acme", "k-2").status());
        assertEquals(401, callback("globex", "k-1").status());
    }

    @Test
    void countsEachVisitOnceAndPerTenant() {
        String customer = host.services().track("acme", visit("v-1")).customerId();

        host.deliver(plugin, "acme", "visits", List.of(new ReceivedEvent(customer, visit("v-1"))));
        host.deliver(plugin, "acme", "visits", List.of(new ReceivedEvent(customer, visit("v-1"))));

        assertEquals(Map.of("visits", 1L), host.operation(plugin, "acme", "visits", Map.of("customerId", customer)));
        assertEquals(Map.of("visits", 0L), host.operation(plugin, "globex", "visits", Map.of("customerId", customer)));
    }

    @Test
    void aThirdVisitMakesARegularWhoIsThankedLaterAndOnlyOnceAMonth() {
        host.services().settings("acme", PLUGIN_ID, Map.of("apiKey", "k-1", "thankYouAfter", "PT10M"));
        String customer = null;
        for (int i = 1; i <= 3; i++) {
            customer = host.services().track("acme", visit("v-" + i)).customerId();
        }

        assertEquals(Map.of("visits", 3), host.deliverTracked(plugin, "acme"));

        Customers.Profile profile = host.services().profile("acme", customer).orElseThrow();
        assertTrue(profile.tags().contains("regular"));
        assertEquals(Map.of("visits", 3L), ((Map<?, ?>) profile.facts().get("plugins")).get(PLUGIN_ID));
        assertEquals(1, host.pendingTasks().size(), "one thank-you, replaced by each visit");
        assertTrue(host.runDueTasks().isEmpty(), "not due yet");

        host.services().clock().advance(Duration.ofMinutes(11));
        assertEquals("done", host.runDueTasks().getFirst().outcome());
        host.services().track("acme", visit("v-4"));
        host.deliverTracked(plugin, "acme");
        host.services().clock().advance(Duration.ofMinutes(11));
        assertEquals("done", host.runDueTasks().getFirst().outcome(), "the fourth visit's thank-you ran too");

        assertEquals(1, host.services().emitted("acme").stream().filter(e -> e.type().equals("hello.thanked")).count(),
                "thanked once in 30 days");
    }

    @Test
    void aCustomerOpensTheirVisitCardFromAPersonalLinkAndNobodyElseDoes() {
        host.services().settings("acme", PLUGIN_ID, Map.of("apiKey", "k-1", "greeting", "Ni hao"));
        String customer = host.services().track("acme", visit("v-1")).customerId();
        host.deliverTracked(plugin, "acme");

        String url = (String) host.operation(plugin, "acme", "visitLink", Map.of("customerId", customer)).get("url");
        String session = url.substring(url.indexOf("?session=") + "?session=".length());
        assertTrue(url.startsWith("http://localhost:8080/hooks/acme/hello-example/card?session="), url);

        WebhookResponse opened = host.webhook(plugin, "acme", "GET", "card?session=" + session, Map.of(), new byte[0],
                "203.0.113.7");
        assertEquals(302, opened.status());
        assertEquals("http://localhost:8080/hooks/acme/hello-example/card", opened.header("Location"));
        assertTrue(opened.header("Set-Cookie").startsWith("quanyu_session=" + session + ";"));

        WebhookResponse card = host.webhook(plugin, "acme", "GET", "card", Map.of("Cookie", "quanyu_session=" + session),
                new byte[0], "203.0.113.7");
        assertEquals(200, card.status());
        assertTrue(new String(card.body(), StandardCharsets.UTF_8).contains("<b id=\"visits\">1</b>"));

        PluginCallException anonymous = assertThrows(PluginCallException.class,
                () -> host.webhook(plugin, "acme", "GET", "card", Map.of(), new byte[0], "203.0.113.7"));
        assertEquals("CUSTOMER_SESSION_REQUIRED", anonymous.code());
        assertThrows(PluginCallException.class, () -> host.webhook(plugin, "globex", "GET", "card",
                Map.of("Cookie", "quanyu_session=" + session), new byte[0], "203.0.113.7"), "another tenant's page");
        assertEquals("CUSTOMER_UNKNOWN", assertThrows(PluginCallException.class,
                () -> host.operation(plugin, "acme", "visitLink", Map.of("customerId", "nobody"))).pluginCode());
    }

    private static Event visit(String id) {
        return new Event(id, "shop.visit", Instant.now(), List.of(Identity.of("phone", "13800138000")), "store",
                Map.of("shop", "Jing'an"));
    }

    private TenantActivation.Decision activate(String tenant) {
        return host.activate(plugin, tenant);
    }

    private WebhookResponse callback(String tenant, String apiKey) {
        return host.webhook(plugin, tenant, "POST", "callback", Map.of("X-Api-Key", apiKey),
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRewardIsGivenOncePerCustomerAndNeverMoreOftenThanStocked() {
        assertEquals(Map.of("created", true, "left", 2L),
                host.operation(plugin, "acme", "stockReward", Map.of("name", "mug", "quantity", 2)));
        assertEquals(Map.of("created", false, "left", 2L),
                host.operation(plugin, "acme", "stockReward", Map.of("name", "mug", "quantity", 50)));

        assertEquals(Map.of("status", "granted", "left", 1L), claim("c-1"));
        assertEquals(Map.of("status", "granted", "left", 1L), claim("c-1"), "a retry gets the same answer");
        assertEquals(Map.of("status", "granted", "left", 0L), claim("c-2"));
        assertEquals(Map.of("status", "soldOut", "left", 0L), claim("c-3"));
        assertEquals(2, host.services().records("acme", "helloexampleClaim").stream()
                .filter(c -> c.get("status").equals("granted")).count());
        assertEquals(2L, host.services().records("acme", "helloexampleReward").getFirst().get("given"));
    }

    private Map<String, Object> claim(String customer) {
        return host.operation(plugin, "acme", "claimReward", Map.of("name", "mug", "customerId", customer));
    }
}

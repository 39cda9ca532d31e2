package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.PluginCallException;
import io.quanyu.plugin.sdk.event.ReceivedEvent;
import io.quanyu.plugin.sdk.journey.ActionResult;
import io.quanyu.plugin.sdk.journey.TriggerDecision;
import io.quanyu.plugin.testkit.TestHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.quanyu.plugins.contract.SdkContractZip.PLUGIN_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The plugin on the test kit: what each capability leaves in the tenant's records and events. */
class SdkContractBehaviourTest {
    private TestHost host;

    @BeforeEach
    void start() {
        host = TestHost.start();
        host.services().settings("acme", PLUGIN_ID, Map.of("label", "door", "token", "t-1"));
    }

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void aProbeIsARecordOfTheTenantWithTheDefaultLabel() {
        var key = host.install(SdkContractZip.build());
        Map<String, Object> out = host.operation(key, "acme", "recordProbe", Map.of());

        assertThat(out).containsEntry("label", "door").containsEntry("customerId", null);
        assertThat(host.services().records("acme", "sdkcontractProbe"))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("_id", out.get("id"))
                        .containsEntry("label", "door"));
        assertThat(host.services().records("globex", "sdkcontractProbe")).isEmpty();
        assertThat(host.services().emitted("acme")).isEmpty();
    }

    @Test
    void aProbeWithAPhoneTellsTheCustomer360AndAnswersTheCustomer() {
        var key = host.install(SdkContractZip.build());
        Map<String, Object> first = host.operation(key, "acme", "recordProbe",
                Map.of("label", "shelf", "phone", "13800138000"));
        Map<String, Object> second = host.operation(key, "acme", "recordProbe",
                Map.of("label", "shelf", "phone", "+86 138 0013 8000"));

        Event event = host.services().emitted("acme").getFirst();
        assertThat(host.services().records("acme", "sdkcontractProbe").getFirst())
                .containsEntry("_id", first.get("id")).containsEntry("eventId", event.id());
        assertThat(event.type()).isEqualTo("sdkcontract.signal");
        assertThat(event.identities()).containsExactly(Identity.of("phone", "13800138000"));
        assertThat(event.channel()).isEqualTo("api");
        assertThat(event.properties()).isEqualTo(Map.of("label", "shelf"));
        assertThat(first.get("customerId")).as("a new customer").isNotNull()
                .isEqualTo(host.services().customerOf("acme", event.id()).orElseThrow());
        assertThat(second.get("customerId")).as("the same phone, written otherwise").isEqualTo(first.get("customerId"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCustomersEventsAreReadBackAPageAtATimeNewestFirst() {
        var key = host.install(SdkContractZip.build());
        String customer = null;
        for (int i = 0; i < 5; i++) {
            customer = (String) host.operation(key, "acme", "recordProbe", Map.of("label", "p" + i, "phone", "13800138000"))
                    .get("customerId");
        }
        List<String> seen = new java.util.ArrayList<>();
        List<Integer> sizes = new java.util.ArrayList<>();
        Map<String, Object> input = new java.util.HashMap<>(Map.of("customerId", customer, "first", 2));
        Map<String, Object> page;
        do {
            page = host.operation(key, "acme", "history", input);
            seen.addAll((List<String>) page.get("ids"));
            sizes.add(((List<String>) page.get("ids")).size());
            assertThat(page.get("customers")).isEqualTo(List.of(customer));
            input.put("after", page.get("next"));
        } while (page.get("next") != null);

        List<String> emitted = host.services().emitted("acme").stream().map(Event::id).toList();
        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(emitted);
        assertThat(host.operation(key, "acme", "history", Map.of("customerId", customer, "types", List.of("order.paid"))))
                .containsEntry("ids", List.of());
        assertThat(host.operation(key, "acme", "history", Map.of("customerId", customer,
                "since", java.time.Instant.now().plusSeconds(60).toString()))).containsEntry("ids", List.of());
        String someone = customer;
        assertThat(catchThrowableOfType(PluginCallException.class, () -> host.operation(key, "globex", "history",
                Map.of("customerId", someone))).pluginCode()).as("another tenant's customer").isEqualTo("CUSTOMER_NOT_FOUND");
        assertThat(catchThrowableOfType(PluginCallException.class, () -> host.operation(key, "acme", "history",
                Map.of("customerId", someone, "after", "not a cursor"))).pluginCode()).isEqualTo("REQUEST_VALIDATION_FAILED");
    }

    @Test
    void aPhoneThePlatformWouldRefuseFailsTheOperationWithItsCode() {
        var key = host.install(SdkContractZip.build());

        assertThatThrownBy(() -> host.operation(key, "acme", "recordProbe", Map.of("phone", "12345")))
                .hasMessageContaining("it is not a valid phone number")
                .extracting("details").asString().contains("pluginCode=EVENT_INVALID");
        assertThat(host.services().emitted("acme")).isEmpty();
        assertThat(host.services().records("acme", "sdkcontractProbe")).as("nothing half-written").isEmpty();
    }

    @Test
    void probesListsEveryPageOfOneLabel() {
        var key = host.install(SdkContractZip.build());
        for (int i = 0; i < 120; i++) {
            host.operation(key, "acme", "recordProbe", Map.of("label", i % 2 == 0 ? "even" : "odd"));
        }

        Map<String, Object> even = host.operation(key, "acme", "probes", Map.of("label", "even"));

        assertThat(even.get("count")).isEqualTo(60L);
        assertThat((List<?>) even.get("ids")).doesNotHaveDuplicates().hasSize(60);
    }

    @Test
    void operationInputIsCheckedAgainstTheManifest() {
        var key = host.install(SdkContractZip.build());

        assertThatThrownBy(() -> host.operation(key, "acme", "probes", Map.of()))
                .extracting("code").hasToString("PLUGIN_INPUT_INVALID");
        assertThatThrownBy(() -> host.operation(key, "acme", "recordProbe", Map.of("colour", "red")))
                .extracting("code").hasToString("PLUGIN_INPUT_INVALID");
        assertThat(host.services().records("acme", "sdkcontractProbe")).isEmpty();
    }

    @Test
    void theSignalWebhookTakesOnlyTheTenantsTokenAndIsIdempotent() {
        var key = host.install(SdkContractZip.build());
        byte[] body = "opened the door".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("X-Contract-Token", "t-1", "X-Phone", "13800138000", "X-Signal-Id", "s-9");

        var first = host.webhook(key, "acme", "POST", "signal", headers, body);
        var again = host.webhook(key, "acme", "POST", "signal", headers, body);

        assertThat(first.status()).isEqualTo(202);
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).contains("\"duplicate\":false");
        assertThat(new String(again.body(), StandardCharsets.UTF_8)).contains("\"duplicate\":true");
        assertThat(host.webhook(key, "globex", "POST", "signal", headers, body).status()).isEqualTo(401);
        assertThat(host.webhook(key, "acme", "POST", "signal",
                Map.of("X-Contract-Token", "t-2", "X-Phone", "1", "X-Signal-Id", "s"), body).status()).isEqualTo(401);
        assertThat(host.webhook(key, "acme", "POST", "signal", Map.of("X-Contract-Token", "t-1"), body).status())
                .isEqualTo(400);
        assertThat(host.services().emitted("acme")).singleElement().satisfies(event -> {
            assertThat(event.id()).isEqualTo("signal-s-9");
            assertThat(event.properties()).containsEntry("text", "opened the door");
        });
        assertThat(host.services().emitted("globex")).isEmpty();
    }

    @Test
    void aFollowersOpenidIsScopedByTheOfficialAccountAndRefusedWithoutIt() {
        var key = host.install(SdkContractZip.build());
        byte[] body = new byte[0];

        var follower = host.webhook(key, "acme", "POST", "signal", Map.of("X-Contract-Token", "t-1",
                "X-Openid", "o6_bmjrPTlm6_2sgVt7hMZOPfL2M", "X-App-Id", "wx8f2c", "X-Signal-Id", "f-1"), body);
        var otherAccount = host.webhook(key, "acme", "POST", "signal", Map.of("X-Contract-Token", "t-1",
                "X-Openid", "o6_bmjrPTlm6_2sgVt7hMZOPfL2M", "X-App-Id", "wx0001", "X-Signal-Id", "f-2"), body);
        var unscoped = host.webhook(key, "acme", "POST", "signal", Map.of("X-Contract-Token", "t-1",
                "X-Openid", "o6_bmjrPTlm6_2sgVt7hMZOPfL2M", "X-Signal-Id", "f-3"), body);

        assertThat(follower.status()).isEqualTo(202);
        assertThat(otherAccount.status()).isEqualTo(202);
        assertThat(host.services().customerOf("acme", "signal-f-2"))
                .as("the same openid in another official account is another follower")
                .isNotEqualTo(host.services().customerOf("acme", "signal-f-1"));
        assertThat(unscoped.status()).isEqualTo(400);
        assertThat(new String(unscoped.body(), StandardCharsets.UTF_8)).contains("EVENT_INVALID");
        assertThat(host.services().emitted("acme")).extracting(Event::channel).containsExactly("wechat", "wechat");
    }

    @Test
    void aPhoneGetsAtMostTheTenantsNumberOfProbesAMinute() {
        var key = host.install(SdkContractZip.build());
        host.services().settings("acme", PLUGIN_ID, Map.of("token", "t-1", "maxPerMinute", 2));

        host.operation(key, "acme", "recordProbe", Map.of("phone", "13800138000"));
        host.operation(key, "acme", "recordProbe", Map.of("phone", "138 0013 8000"));
        assertThatThrownBy(() -> host.operation(key, "acme", "recordProbe", Map.of("phone", "13800138000")))
                .extracting("details").asString().contains("pluginCode=PROBE_RATE_LIMITED");
        host.operation(key, "acme", "recordProbe", Map.of("phone", "13900139000"));
        host.operation(key, "globex", "recordProbe", Map.of("phone", "13800138000"));
        host.services().clock().advance(Duration.ofSeconds(61));
        host.operation(key, "acme", "recordProbe", Map.of("phone", "13800138000"));

        assertThat(host.services().records("acme", "sdkcontractProbe")).hasSize(4);
    }

    @Test
    void aLeaseIsHeldByOneCallerUntilItExpires() {
        var key = host.install(SdkContractZip.build());

        Map<String, Object> first = host.operation(key, "acme", "lease", Map.of("name", "sync", "seconds", 30));
        Map<String, Object> second = host.operation(key, "acme", "lease", Map.of("name", "sync", "seconds", 30));
        Map<String, Object> otherTenant = host.operation(key, "globex", "lease", Map.of("name", "sync", "seconds", 30));
        host.services().clock().advance(Duration.ofSeconds(31));
        Map<String, Object> later = host.operation(key, "acme", "lease", Map.of("name", "sync", "seconds", 30));

        assertThat(first).containsEntry("granted", true).containsEntry("holder", "test");
        assertThat(second).containsEntry("granted", false);
        assertThat(otherTenant).containsEntry("granted", true);
        assertThat(later).containsEntry("granted", true);
    }

    @Test
    void aProbeThatExpiresIsDeletedByItsTaskUnlessItIsKept() {
        var key = host.install(SdkContractZip.build());
        String expiring = (String) host.operation(key, "acme", "recordProbe", Map.of("expiresInSeconds", 30)).get("id");
        String kept = (String) host.operation(key, "acme", "recordProbe", Map.of("expiresInSeconds", 30)).get("id");
        assertThat(host.operation(key, "acme", "keepProbe", Map.of("id", kept))).containsEntry("kept", true);
        assertThat(host.operation(key, "acme", "keepProbe", Map.of("id", kept))).containsEntry("kept", false);

        assertThat(host.runDueTasks()).as("nothing is due yet").isEmpty();
        assertThat(host.pendingTasks()).singleElement().asString().contains("expireProbe " + expiring);
        host.services().clock().advance(Duration.ofSeconds(31));
        var runs = host.runDueTasks();

        assertThat(runs).extracting(TestHost.TaskRun::key, TestHost.TaskRun::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(expiring, "done"));
        assertThat(host.services().records("acme", "sdkcontractProbe")).extracting(r -> r.get("_id"))
                .containsExactly(kept);
        assertThat(host.pendingTasks()).isEmpty();
    }

    @Test
    void isEnabledOnlyWithAToken() {
        var key = host.install(SdkContractZip.build());
        host.services().settings("globex", PLUGIN_ID, Map.of("token", "  "));

        assertThat(host.activate(key, "acme").allowed()).isTrue();
        assertThat(host.activate(key, "globex").refusal().code()).isEqualTo("TOKEN_MISSING");
    }

    @Test
    void theSignalsSubscriptionCountsEachSignalOnceAndTheTenantsOnly() {
        var key = host.install(SdkContractZip.build());
        byte[] body = "knock".getBytes(StandardCharsets.UTF_8);
        for (String signal : List.of("s-1", "s-2", "s-1")) {
            host.webhook(key, "acme", "POST", "signal", Map.of("X-Contract-Token", "t-1", "X-Phone", "13800138000",
                    "X-Signal-Id", signal), body);
        }
        host.operation(key, "acme", "recordProbe", Map.of("label", "no signal"));
        String customer = host.services().customerOf("acme", "signal-s-1").orElseThrow();

        assertThat(host.deliverTracked(key, "acme")).containsExactly(Map.entry("signals", 2), Map.entry("knocks", 2));
        assertThat(host.operation(key, "acme", "signalsSeen", Map.of("customerId", customer))).containsEntry("count", 2L);
        host.deliver(key, "acme", "signals", List.of(new ReceivedEvent(customer, host.services().emitted("acme").getFirst())));
        assertThat(host.operation(key, "acme", "signalsSeen", Map.of("customerId", customer)))
                .as("an event delivered again is counted once").containsEntry("count", 2L);
        assertThat(host.deliverTracked(key, "acme")).as("nothing new")
                .containsExactly(Map.entry("signals", 0), Map.entry("knocks", 0));
        assertThat(host.operation(key, "globex", "signalsSeen", Map.of("customerId", customer))).containsEntry("count", 0L);
    }

    @Test
    void aPoisonSignalFailsItsDeliveryWithThePluginsCodeAndAnUndeclaredSubscriptionIsRefused() {
        var key = host.install(SdkContractZip.build());
        host.webhook(key, "acme", "POST", "signal", Map.of("X-Contract-Token", "t-1", "X-Phone", "13800138000",
                "X-Signal-Id", "p-1"), "poison".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> host.deliverTracked(key, "acme"))
                .extracting("details").asString().contains("pluginCode=SIGNAL_POISONED");
        assertThatThrownBy(() -> host.deliver(key, "acme", "orders",
                List.of(new ReceivedEvent("c1", host.services().emitted("acme").getFirst()))))
                .extracting("code").hasToString("PLUGIN_EXTENSION_MISSING");
    }

    @Test
    void fetchReachesADeclaredHostTheOperatorAllowsAndNeverLoopbackPrivateMetadataOrUndeclaredHosts() throws Exception {
        var partner = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        partner.createContext("/hello", ex -> {
            byte[] body = "hello from the partner\nsecond line".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        partner.start();
        int port = partner.getAddress().getPort();
        try (TestHost allowing = TestHost.start(io.quanyu.core.net.EgressPolicy.allowingPrivate("localhost"))) {
            var key = allowing.install(SdkContractZip.build());
            String hello = "http://localhost:" + port + "/hello";

            assertThat(allowing.operation(key, "acme", "fetch", Map.of("url", hello)))
                    .containsEntry("status", 200L).containsEntry("firstLine", "hello from the partner");
            assertThat(allowing.operation(key, "acme", "fetch", Map.of("url", hello, "as", "bytes")))
                    .containsEntry("length", 34L);
            assertThat(allowing.operation(key, "acme", "fetch", Map.of("url", hello, "as", "socket")))
                    .containsEntry("status", 200L);
            for (String url : List.of("http://127.0.0.1:" + port + "/hello", "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/")) {
                for (String as : List.of("text", "bytes", "socket")) {
                    assertThatThrownBy(() -> allowing.operation(key, "acme", "fetch", Map.of("url", url, "as", as)))
                            .as(url + " as " + as).extracting("details").asString()
                            .contains("pluginCode=EGRESS_ADDRESS_BLOCKED");
                }
            }
            assertThatThrownBy(() -> allowing.operation(key, "acme", "fetch", Map.of("url", "http://partner.example.test/")))
                    .extracting("details").asString().contains("pluginCode=EGRESS_NOT_DECLARED");
            var strictKey = host.install(SdkContractZip.build());
            assertThatThrownBy(() -> host.operation(strictKey, "acme", "fetch", Map.of("url", hello)))
                    .as("without the operator's allowance, localhost is a loopback address like any other")
                    .extracting("details").asString().contains("pluginCode=EGRESS_ADDRESS_BLOCKED");
        } finally {
            partner.stop(0);
        }
    }

    @Test
    void aJourneyStepClaimsARewardOncePerExecutionNeverOversoldAndATriggerFiresOnItsLabel() {
        var key = host.install(SdkContractZip.build());
        host.operation(key, "acme", "stockUp", Map.of("sku", "MUG-1", "quantity", 1));

        ActionResult first = host.action(key, "acme", "claimReward", "c1", Map.of("sku", "MUG-1"), "welcome|c1|1|reward");
        ActionResult repeat = host.action(key, "acme", "claimReward", "c1", Map.of("sku", "MUG-1"), "welcome|c1|1|reward");
        ActionResult second = host.action(key, "acme", "claimReward", "c2", Map.of("sku", "MUG-1"), "welcome|c2|1|reward");
        ActionResult unknown = host.action(key, "acme", "claimReward", "c3", Map.of("sku", "NONE"), "welcome|c3|1|reward");

        assertThat(first.failure()).isNull();
        assertThat(first.output()).containsEntry("sku", "MUG-1").containsEntry("remaining", 0L);
        assertThat(repeat.output()).as("a repeat after a crash takes nothing more").isEqualTo(first.output());
        assertThat(second.failure().code()).isEqualTo("OUT_OF_STOCK");
        assertThat(unknown.failure().code()).isEqualTo("STOCK_NOT_FOUND");
        assertThat(host.services().records("acme", "sdkcontractStock")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("claimed", 1L).containsEntry("remaining", 0L));
        assertThat(catchThrowableOfType(PluginCallException.class, () -> host.action(key, "acme", "claimReward", "c4",
                Map.of("sku", "not a sku"), "x")).code()).isEqualTo("REQUEST_VALIDATION_FAILED");

        Event signal = new Event("e1", "sdkcontract.signal", java.time.Instant.now(), List.of(Identity.of("phone", "13800138000")),
                "api", Map.of("label", "door"));
        assertThat(host.trigger(key, "acme", "signalled", signal, Map.of("label", "door")))
                .isEqualTo(TriggerDecision.fire(Map.of("label", "door")));
        assertThat(host.trigger(key, "acme", "signalled", signal, Map.of("label", "window")).fire()).isFalse();
    }

    @Test
    void aStockIsMadeOnceClaimedOncePerClaimIdNeverOversoldAndRetiredOnce() {
        var key = host.install(SdkContractZip.build());
        Map<String, Object> made = host.operation(key, "acme", "stockUp", Map.of("sku", "CUP-1", "quantity", 2));
        Map<String, Object> again = host.operation(key, "acme", "stockUp", Map.of("sku", "CUP-1", "quantity", 99));
        assertThat(made).containsEntry("created", true).containsEntry("remaining", 2L);
        assertThat(again).as("a retry").containsEntry("created", false).containsEntry("remaining", 2L)
                .containsEntry("id", made.get("id"));
        host.operation(key, "acme", "stockUp", Map.of("sku", "CUP-2", "quantity", 5));
        host.operation(key, "acme", "stockUp", Map.of("sku", "CUP-3", "quantity", 0));

        assertThat(host.operation(key, "acme", "claim", Map.of("sku", "CUP-1", "claimId", "c1")))
                .containsEntry("claimed", true).containsEntry("remaining", 1L);
        assertThat(host.operation(key, "acme", "claim", Map.of("sku", "CUP-1", "claimId", "c1")))
                .as("the same claim again takes nothing").containsEntry("claimed", true).containsEntry("remaining", 1L);
        assertThat(host.operation(key, "acme", "claim", Map.of("sku", "CUP-1", "claimId", "c2"))).containsEntry("remaining", 0L);
        assertThat(host.operation(key, "acme", "claim", Map.of("sku", "CUP-1", "claimId", "c3")))
                .as("none left").containsEntry("claimed", false).containsEntry("remaining", 0L);
        assertThat(host.services().records("acme", "sdkcontractStock")).filteredOn(r -> r.get("sku").equals("CUP-1"))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("claimed", 2L).containsEntry("remaining", 0L));

        assertThat(host.operation(key, "acme", "retire", Map.of("sku", "CUP-2"))).containsEntry("retired", true);
        assertThat(host.operation(key, "acme", "retire", Map.of("sku", "CUP-2"))).containsEntry("retired", false);
        assertThat(host.operation(key, "acme", "claim", Map.of("sku", "CUP-2", "claimId", "c4")))
                .as("a retired stock is not claimed").containsEntry("claimed", false).containsEntry("remaining", 5L);

        assertThat(host.operation(key, "acme", "stockReport", Map.of("minRemaining", 0)))
                .containsEntry("count", 3L).containsEntry("skus", List.of("CUP-2", "CUP-1", "CUP-3"));
        assertThat(host.operation(key, "acme", "stockReport", Map.of("minRemaining", 1)))
                .containsEntry("count", 1L).containsEntry("skus", List.of("CUP-2"));
        assertThat(host.operation(key, "globex", "stockReport", Map.of("minRemaining", 0))).containsEntry("count", 0L);

        assertThat(host.operation(key, "acme", "stockUpAll", Map.of("items", List.of(Map.of("sku", "CUP-3", "quantity", 9),
                Map.of("sku", "CUP-4", "quantity", 4))))).containsEntry("created", 1L).containsEntry("existing", 1L);
        assertThat(catchThrowableOfType(PluginCallException.class, () -> host.operation(key, "acme", "stockUpAll",
                Map.of("items", List.of(Map.of("sku", "CUP-5", "quantity", 1), Map.of("sku", "CUP-6", "quantity", -1)))))
                .pluginCode()).as("a negative stock, refused before anything is written").isEqualTo("RECORD_VALIDATION_FAILED");
        assertThat(host.services().records("acme", "sdkcontractStock")).extracting(r -> r.get("sku"))
                .contains("CUP-4").doesNotContain("CUP-5");
        host.operation(key, "acme", "retire", Map.of("sku", "CUP-4"));

        assertThat(host.widget(key, "acme", "stockLeft", Map.of())).as("active stock, most left first").containsExactly(
                Map.of("sku", "CUP-1", "remaining", 0L), Map.of("sku", "CUP-3", "remaining", 0L));
        assertThat(host.widget(key, "globex", "stockLeft", Map.of())).isEmpty();
    }

    @Test
    void customerFacingEndpointsRedirectServeBytesAndKnowTheirAddressCallerAndDeadline() {
        var key = host.install(SdkContractZip.build());
        host.services().publicBase("https://scrm.example.com/");
        var click = host.webhook(key, "acme", "GET", "go?to=https%3A%2F%2Fshop.example.com%2Fp%3Fid%3D7", Map.of(),
                new byte[0], "203.0.113.9");
        assertThat(click.status()).isEqualTo(302);
        assertThat(click.header("Location")).isEqualTo("https://shop.example.com/p?id=7");
        assertThat(click.headers()).containsEntry("cache-control", List.of("no-store"));
        assertThat(host.webhook(key, "acme", "GET", "go?to=javascript:alert(1)", Map.of(), new byte[0], "203.0.113.9")
                .status()).isEqualTo(400);

        var pixel = host.webhook(key, "acme", "GET", "go/pixel", Map.of(), new byte[0], "203.0.113.9");
        assertThat(pixel.contentType()).isEqualTo("image/gif");
        assertThat(pixel.body()).startsWith("GIF89a".getBytes(StandardCharsets.US_ASCII)).hasSize(42);

        var whoami = new String(host.webhook(key, "acme", "GET", "go/whoami", Map.of(), new byte[0], "203.0.113.9").body(),
                StandardCharsets.UTF_8);
        assertThat(whoami).contains("\"publicUrl\": \"https://scrm.example.com/hooks/acme/sdk-contract/go/pixel\"")
                .contains("\"remoteAddress\": \"203.0.113.9\"").contains("\"clicks\": 1").contains("\"opens\": 1");
        long msLeft = Long.parseLong(whoami.replaceAll(".*\"msLeft\": (\\d+).*", "$1"));
        assertThat(msLeft).as("the default call timeout, 10 s, less the time spent").isBetween(1L, 10_000L);

        assertThatThrownBy(() -> host.webhook(key, "acme", "GET", "go/bad", Map.of(), new byte[0], "203.0.113.9"))
                .extracting("code", "details.reason").asString().contains("PLUGIN_BAD_RESULT", "content-length");
    }

    @Test
    void aCustomersPageOpensOnlyWithASessionOfTheTenantsCustomer() {
        var key = host.install(SdkContractZip.build());
        String customer = (String) host.operation(key, "acme", "recordProbe", Map.of("phone", "13800138000")).get("customerId");

        assertThatThrownBy(() -> host.webhook(key, "acme", "GET", "me", Map.of(), new byte[0], "203.0.113.9"))
                .extracting("code").hasToString("CUSTOMER_SESSION_REQUIRED");
        var login = host.webhook(key, "acme", "GET", "go/login?phone=13800138000", Map.of("X-Contract-Token", "t-1"),
                new byte[0], "203.0.113.9");
        assertThat(login.status()).isEqualTo(302);
        assertThat(login.header("Location")).isEqualTo("http://localhost:8080/hooks/acme/sdk-contract/me");
        String cookie = login.header("Set-Cookie").split(";")[0];
        assertThat(cookie).startsWith("quanyu_session=cs1.acme." + customer + ".");
        assertThat(host.webhook(key, "acme", "GET", "go/login?phone=13800138000", Map.of(), new byte[0], "203.0.113.9")
                .status()).as("only a partner logs a customer in").isEqualTo(401);

        var me = host.webhook(key, "acme", "GET", "me", Map.of("Cookie", cookie), new byte[0], "203.0.113.9");
        assertThat(new String(me.body(), StandardCharsets.UTF_8)).isEqualTo("{\"customerId\": \"" + customer + "\"}");
        String token = cookie.substring("quanyu_session=".length());
        assertThat(host.webhook(key, "acme", "GET", "me?session=" + token, Map.of(), new byte[0], "203.0.113.9").status())
                .isEqualTo(200);
        assertThatThrownBy(() -> host.webhook(key, "globex", "GET", "me", Map.of("Authorization", "Bearer " + token),
                new byte[0], "203.0.113.9")).as("another tenant").extracting("code").hasToString("CUSTOMER_SESSION_REQUIRED");

        host.services().clock().advance(Duration.ofSeconds(1));
        host.webhook(key, "acme", "POST", "me/logout", Map.of("Authorization", "Bearer " + token), new byte[0], "203.0.113.9");
        assertThatThrownBy(() -> host.webhook(key, "acme", "GET", "me", Map.of("Cookie", cookie), new byte[0], "203.0.113.9"))
                .as("logged out everywhere").extracting("code").hasToString("CUSTOMER_SESSION_REQUIRED");

        host.services().clock().advance(Duration.ofSeconds(1));
        String fresh = host.webhook(key, "acme", "GET", "go/login?phone=13800138000", Map.of("X-Contract-Token", "t-1"),
                new byte[0], "203.0.113.9").header("Set-Cookie").split(";")[0];
        assertThat(host.webhook(key, "acme", "GET", "me", Map.of("Cookie", fresh), new byte[0], "203.0.113.9").status())
                .isEqualTo(200);
        host.services().clock().advance(Duration.ofDays(1));
        assertThatThrownBy(() -> host.webhook(key, "acme", "GET", "me", Map.of("Cookie", fresh), new byte[0], "203.0.113.9"))
                .as("expired after a day").extracting("code").hasToString("CUSTOMER_SESSION_REQUIRED");
    }

    @Test
    void aMemberIsTaggedGivenThePluginsFactsAndJudgedByTheConditionLanguage() {
        var key = host.install(SdkContractZip.build());
        String customer = (String) host.operation(key, "acme", "recordProbe", Map.of("phone", "13800138000")).get("customerId");

        Map<String, Object> out = host.operation(key, "acme", "member", Map.of("customerId", customer, "tier", "gold"));
        assertThat(out).containsEntry("customerId", customer).containsEntry("matched", true)
                .containsEntry("tags", List.of("sdk-member")).containsEntry("identities", List.of("phone:+8613800138000"));
        assertThat(out.get("facts")).isEqualTo(Map.of("sdk-contract", Map.of("tier", "gold", "tiers", List.of("basic", "gold"))));

        Map<String, Object> twice = host.operation(key, "acme", "member", Map.of("customerId", customer, "tier", "gold",
                "minVisits", 2));
        assertThat(twice).containsEntry("matched", false);
        assertThat(out).as("a rule reading an event beside the profile").containsEntry("onWeekend", false);
        assertThat(host.operation(key, "acme", "member", Map.of("customerId", customer, "tier", "gold", "weekday", 6)))
                .containsEntry("onWeekend", true);
        assertThat((String) twice.get("explanation")).contains("aggregates.counts.sdkcontract__signal");
        assertThat((String) twice.get("explanationZhCN")).isNotBlank();

        assertThatThrownBy(() -> host.operation(key, "acme", "member", Map.of("customerId", "nobody", "tier", "gold")))
                .extracting("details").asString().contains("pluginCode=NO_SUCH_CUSTOMER");
        assertThatThrownBy(() -> host.operation(key, "globex", "member", Map.of("customerId", customer, "tier", "gold")))
                .as("another tenant's customer").extracting("details").asString().contains("pluginCode=NO_SUCH_CUSTOMER");
    }

    @Test
    void pluginsCallTheOperationsTheyDeclareForTheSameTenantAtMostThreeDeep() {
        var key = host.install(SdkContractZip.build());
        host.operation(key, "acme", "stockUp", Map.of("sku", "RELAY-1", "quantity", 4));

        Map<String, Object> report = host.operation(key, "acme", "relay", Map.of("plugin", PLUGIN_ID,
                "operation", "stockReport", "input", Map.of("minRemaining", 1)));
        assertThat(report).containsEntry("enabled", true)
                .containsEntry("output", Map.of("count", 1L, "skus", List.of("RELAY-1")));
        assertThat(host.operation(key, "globex", "relay", Map.of("plugin", PLUGIN_ID, "operation", "stockReport",
                "input", Map.of("minRemaining", 1)))).as("the same tenant only")
                .containsEntry("output", Map.of("count", 0L, "skus", List.of()));

        assertThat(host.operation(key, "acme", "relay", Map.of("plugin", PLUGIN_ID, "operation", "retire",
                "input", Map.of("sku", "RELAY-1")))).containsEntry("code", "PLUGIN_CALL_UNDECLARED");
        assertThat(host.operation(key, "acme", "relay", Map.of("plugin", "loyalty", "operation", "grant",
                "input", Map.of()))).as("declared in uses, not installed").containsEntry("code", "PLUGIN_NOT_ENABLED");
        assertThat(host.operation(key, "acme", "relay", Map.of("plugin", PLUGIN_ID, "operation", "claim",
                "input", Map.of("sku", "NOPE", "claimId", "x")))).as("the callee's own code")
                .containsEntry("code", "STOCK_NOT_FOUND");
        assertThat(host.operation(key, "acme", "relay", Map.of("plugin", PLUGIN_ID, "operation", "stockUp",
                "input", Map.of("sku", "bad sku", "quantity", 1)))).containsEntry("code", "PLUGIN_INPUT_INVALID");
        assertThat(host.operation(key, "acme", "relay", Map.of("plugin", "other-plugin", "operation", "x")))
                .containsEntry("enabled", false).containsEntry("code", "PLUGIN_CALL_UNDECLARED");

        assertThat(host.operation(key, "acme", "deep", Map.of("level", 0)))
                .isEqualTo(Map.of("reached", 3L, "stoppedBy", "PLUGIN_CALL_TOO_DEEP"));

        host.services().disable("acme", PLUGIN_ID);
        assertThat(host.operation(key, "acme", "relay", Map.of("plugin", PLUGIN_ID, "operation", "stockReport",
                "input", Map.of("minRemaining", 1)))).containsEntry("enabled", false).containsEntry("code", "PLUGIN_NOT_ENABLED");
    }

    @Test
    void aFilteredSubscriptionReceivesOnlyTheEventsItsRuleMatches() {
        var key = host.install(SdkContractZip.build());
        for (String text : List.of("knock", "wave", "knock", "KNOCK")) {
            host.webhook(key, "acme", "POST", "signal", Map.of("X-Contract-Token", "t-1", "X-Phone", "13800138000",
                    "X-Signal-Id", "f-" + text + "-" + System.nanoTime()), text.getBytes(StandardCharsets.UTF_8));
        }
        String customer = host.services().customerOf("acme", host.services().emitted("acme").getFirst().id()).orElseThrow();
        assertThat(host.deliverTracked(key, "acme")).containsExactly(Map.entry("signals", 4), Map.entry("knocks", 2));
        assertThat(host.operation(key, "acme", "signalsSeen", Map.of("customerId", customer)))
                .containsEntry("count", 4L).containsEntry("knocks", 2L);
        assertThat(host.deliver(key, "acme", "knocks", List.of(new ReceivedEvent(customer,
                host.services().emitted("acme").get(1))))).as("a wave is filtered out").isZero();
    }

    @Test
    void theCourierKeepsOneMessagePerSendIdAndItsReceiptsAreReportedOnItsOwnSendsOnly() {
        var key = host.install(SdkContractZip.build());
        var recipient = new io.quanyu.plugin.sdk.channel.Recipient("phone", null, "+8613800138000", "c-1");
        var message = new io.quanyu.plugin.sdk.channel.Message("SMS_1", null, Map.of("params", Map.of("code", "42")));
        TestHost.HandedSend first = host.send(key, "acme", "contract-sms", "welcome:c-1", recipient, message);
        TestHost.HandedSend again = host.send(key, "acme", "contract-sms", "welcome:c-1", recipient, message);
        assertThat(first.result().isSent()).isTrue();
        assertThat(again.sendId()).isEqualTo(first.sendId());
        assertThat(again.result().messageId()).isEqualTo(first.result().messageId());

        var refused = host.send(key, "acme", "contract-sms", "welcome:c-2",
                new io.quanyu.plugin.sdk.channel.Recipient("phone", null, "+8613800000000", "c-2"), message);
        assertThat(refused.result().failure().code()).isEqualTo("CONTRACT_REFUSED");
        assertThat(refused.result().retryable()).isFalse();

        var token = Map.of("X-Contract-Token", "t-1");
        assertThat(host.webhook(key, "acme", "POST", "receipt/" + first.sendId() + "/delivered", token, new byte[0]).status())
                .isEqualTo(200);
        assertThat(host.webhook(key, "acme", "POST", "receipt/" + first.sendId() + "/delivered", token, new byte[0]).status())
                .isEqualTo(200);
        assertThat(host.webhook(key, "acme", "POST", "receipt/snd_00000000000000000000000000000000/delivered", token,
                new byte[0]).status()).isEqualTo(404);
        assertThat(host.webhook(key, "globex", "POST", "receipt/" + first.sendId() + "/delivered", token, new byte[0]).status())
                .as("another tenant's send").isIn(401, 404);
        assertThat(host.services().deliveries().reports("acme")).singleElement().satisfies(r -> {
            assertThat(r.sendId()).isEqualTo(first.sendId());
            assertThat(r.status()).isEqualTo(io.quanyu.plugin.sdk.channel.DeliveryStatus.DELIVERED);
            assertThat(r.detail()).containsEntry("provider", "contract");
        });
    }

    @Test
    void notifyAsksTheDeliveryServiceWithAKeyOfItsOwn() {
        var key = host.install(SdkContractZip.build());
        String customer = host.services().createCustomer("acme", Map.of("name", "Li"));
        Map<String, Object> out = host.operation(key, "acme", "notify", Map.of("customerId", customer,
                "channels", List.of("contract-sms"), "template", "welcome", "key", "k-1"));
        assertThat(out).containsEntry("status", "sent").containsEntry("duplicate", false);
        assertThat(host.operation(key, "acme", "notify", Map.of("customerId", customer, "channels", List.of("contract-sms"),
                "template", "welcome", "key", "k-1"))).containsEntry("duplicate", true);
        assertThat(host.services().deliveries().asked("acme")).singleElement()
                .satisfies(a -> assertThat(a.request().key()).isEqualTo("plugin:" + PLUGIN_ID + ":k-1"));
        assertThat(catchThrowableOfType(PluginCallException.class, () -> host.operation(key, "acme", "notify",
                Map.of("customerId", "nobody", "channels", List.of("contract-sms"), "template", "welcome", "key", "k-2"))).pluginCode())
                .isEqualTo("CUSTOMER_NOT_FOUND");
    }
}

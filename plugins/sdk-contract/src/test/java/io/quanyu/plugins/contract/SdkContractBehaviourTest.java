package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.testkit.TestHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.quanyu.plugins.contract.SdkContractZip.PLUGIN_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void aProbeWithAPhoneTellsTheCustomer360() {
        var key = host.install(SdkContractZip.build());
        Map<String, Object> out = host.operation(key, "acme", "recordProbe",
                Map.of("label", "shelf", "phone", "+8613800000000"));

        Event event = host.services().emitted("acme").getFirst();
        assertThat(event.id()).isEqualTo("probe-" + out.get("id"));
        assertThat(event.type()).isEqualTo("sdkcontract.signal");
        assertThat(event.identities()).isEqualTo(Map.of("phone", "+8613800000000"));
        assertThat(event.properties()).isEqualTo(Map.of("label", "shelf"));
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
        Map<String, String> headers = Map.of("X-Contract-Token", "t-1", "X-Phone", "13800000000", "X-Signal-Id", "s-9");

        assertThat(host.webhook(key, "acme", "POST", "signal", headers, body).status()).isEqualTo(202);
        assertThat(host.webhook(key, "acme", "POST", "signal", headers, body).status()).isEqualTo(202);
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
    void isEnabledOnlyWithAToken() {
        var key = host.install(SdkContractZip.build());
        host.services().settings("globex", PLUGIN_ID, Map.of("token", "  "));

        assertThat(host.activate(key, "acme").allowed()).isTrue();
        assertThat(host.activate(key, "globex").refusal().code()).isEqualTo("TOKEN_MISSING");
    }
}

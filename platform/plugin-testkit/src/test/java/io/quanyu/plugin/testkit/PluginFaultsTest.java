package io.quanyu.plugin.testkit;

import io.quanyu.plugin.sdk.PluginCallException;
import io.quanyu.plugin.runtime.PluginLimits;
import io.quanyu.plugin.testkit.samples.SamplePlugins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginFaultsTest {
    private static TestHost host;
    private static Installed faulty;
    private static Installed hello;

    @BeforeAll
    static void install() {
        host = TestHost.start(new PluginLimits(Duration.ofMillis(300), 2, 50, Duration.ofSeconds(2)));
        faulty = host.install(SamplePlugins.faulty());
        hello = host.install(SamplePlugins.hello("1.0.0"));
    }

    @AfterAll
    static void close() {
        host.close();
    }

    private static Map<String, Object> input() {
        return Map.of("name", "Li");
    }

    @Test
    void aThrowingPluginGetsACodeWithItsIdAndNoStackTrace() {
        assertThatThrownBy(() -> host.operation(faulty, "acme", "boom", input()))
                .isInstanceOfSatisfying(PluginCallException.class, e -> {
                    assertThat(e.code()).isEqualTo("PLUGIN_FAILED");
                    assertThat(e.details()).containsEntry("plugin", "acme-faulty");
                    assertThat(e.getMessage()).doesNotContain("kaboom").doesNotContain("IllegalStateException");
                });
        assertThat(host.operation(hello, "acme", "greet", input())).containsEntry("message", "Hello, Li (acme)");
    }

    @Test
    void thePublicUrlOfAWebhookTheManifestDoesNotDeclareIsRefused() {
        assertThatThrownBy(() -> host.operation(faulty, "acme", "undeclaredUrl", input()))
                .isInstanceOfSatisfying(PluginCallException.class, e -> {
                    assertThat(e.code()).isEqualTo("PLUGIN_OPERATION_FAILED");
                    assertThat(e.details()).containsEntry("pluginCode", "WEBHOOK_NOT_DECLARED");
                });
    }

    @Test
    void aTaskForAHandlerTheManifestDoesNotDeclareIsRefusedAndNothingIsScheduled() {
        assertThatThrownBy(() -> host.operation(faulty, "acme", "undeclaredTask", input()))
                .isInstanceOfSatisfying(PluginCallException.class, e -> {
                    assertThat(e.code()).isEqualTo("PLUGIN_OPERATION_FAILED");
                    assertThat(e.details()).containsEntry("pluginCode", "TASK_HANDLER_UNKNOWN");
                });
        assertThat(host.pendingTasks()).isEmpty();
    }

    @Test
    void aHangingPluginTimesOutFillsOnlyItsOwnBulkheadAndOthersGoOn() {
        for (String tenant : new String[]{"acme", "globex"}) {
            assertThatThrownBy(() -> host.operation(faulty, tenant, "hang", input()))
                    .isInstanceOfSatisfying(PluginCallException.class, e -> assertThat(e.code()).isEqualTo("PLUGIN_TIMEOUT"));
        }
        assertThatThrownBy(() -> host.operation(faulty, "initech", "boom", input()))
                .isInstanceOfSatisfying(PluginCallException.class, e -> assertThat(e.code()).isEqualTo("PLUGIN_BUSY"));
        assertThat(host.operation(hello, "initech", "greet", input())).containsEntry("message", "Hello, Li (initech)");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> host.runtime().loaded(faulty.key()).orElseThrow().runningCalls() == 0);
    }

    @Test
    void oneTenantSaturatingAPluginDoesNotShutOutAnother() {
        assertThatThrownBy(() -> host.operation(faulty, "acme", "hang", input()))
                .isInstanceOfSatisfying(PluginCallException.class, e -> assertThat(e.code()).isEqualTo("PLUGIN_TIMEOUT"));
        assertThatThrownBy(() -> host.operation(faulty, "acme", "hang", input())).as("acme's half is taken")
                .isInstanceOfSatisfying(PluginCallException.class, e -> assertThat(e.code()).isEqualTo("PLUGIN_BUSY"));
        assertThatThrownBy(() -> host.operation(faulty, "globex", "undeclaredTask", input())).as("globex's call runs")
                .isInstanceOfSatisfying(PluginCallException.class,
                        e -> assertThat(e.details()).containsEntry("pluginCode", "TASK_HANDLER_UNKNOWN"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> host.runtime().loaded(faulty.key()).orElseThrow().runningCalls() == 0);
    }

    @Test
    void garbageAndResultsThatBreakTheOutputSchemaAreRefused() {
        assertThatThrownBy(() -> host.operation(faulty, "acme", "garbage", input()))
                .isInstanceOfSatisfying(PluginCallException.class, e -> assertThat(e.code()).isEqualTo("PLUGIN_BAD_RESULT"));
        assertThatThrownBy(() -> host.operation(faulty, "acme", "wrongShape", input()))
                .isInstanceOfSatisfying(PluginCallException.class, e -> {
                    assertThat(e.code()).isEqualTo("PLUGIN_BAD_RESULT");
                    assertThat(e.violations()).extracting(v -> v.pointer()).containsExactly("/output/message");
                });
    }

    @Test
    void inputIsCheckedBeforeThePluginSeesIt() {
        assertThatThrownBy(() -> host.operation(hello, "acme", "greet", Map.of("name", 7)))
                .isInstanceOfSatisfying(PluginCallException.class, e -> {
                    assertThat(e.code()).isEqualTo("PLUGIN_INPUT_INVALID");
                    assertThat(e.violations()).extracting(v -> v.pointer()).containsExactly("/input/name");
                    assertThat(e.violations().getFirst().rule()).isEqualTo("type");
                    assertThat(e.plugin()).isEqualTo(hello.id());
                    assertThat(e.pluginCode()).as("the platform refused, not the plugin").isNull();
                });
        assertThat(host.services().records("acme", "hello_card")).noneMatch(r -> Integer.valueOf(7).equals(r.get("to")));
    }

    @Test
    void aRefusalCarriesThePluginsOwnCode() {
        assertThatThrownBy(() -> host.operation(hello, "acme", "greet", Map.of("name", " ")))
                .isInstanceOfSatisfying(PluginCallException.class, e -> {
                    assertThat(e.code()).isEqualTo("PLUGIN_OPERATION_FAILED");
                    assertThat(e.details()).containsEntry("pluginCode", "NAME_BLANK");
                    assertThat(e.pluginCode()).isEqualTo("NAME_BLANK");
                    assertThat(e).as("an SDK exception, so plugin tests need no platform class")
                            .isInstanceOf(io.quanyu.plugin.sdk.PluginException.class);
                });
    }

    @Test
    void aLogFloodIsThrottledAndTheCallStillAnswers() {
        assertThat(host.operation(faulty, "acme", "flood", input())).containsEntry("message", "done");
        assertThat(host.runtime().loaded(faulty.key()).orElseThrow().droppedLogLines()).isGreaterThan(90_000);
    }

    @Test
    void aContextKeptBeyondItsCallStopsWorking() {
        host.operation(faulty, "acme", "escape", input());
        assertThatThrownBy(() -> host.operation(faulty, "globex", "escape", input()))
                .isInstanceOfSatisfying(PluginCallException.class, e -> assertThat(e.details()).containsEntry("pluginCode", "CONTEXT_CLOSED"));
        assertThat(host.services().records("acme", "hello_card")).noneMatch(r -> "smuggled".equals(r.get("to")));
        assertThat(host.services().records("globex", "hello_card")).noneMatch(r -> "smuggled".equals(r.get("to")));
    }

    @Test
    void eachTenantSeesOnlyItsOwnRecordsAndSettings() {
        host.services().settings("globex", "acme-hello", Map.of("greeting", "您好"));
        assertThat(host.operation(hello, "globex", "greet", Map.of("name", "王"))).containsEntry("message", "您好, 王 (globex)");
        assertThat(host.operation(hello, "acme", "greet", Map.of("name", "Ann"))).containsEntry("message", "Hello, Ann (acme)");
        assertThat(host.services().records("acme", "hello_card")).noneMatch(r -> "王".equals(r.get("to")));
    }
}

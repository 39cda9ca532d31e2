package io.quanyu.plugin.host;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.customer360.TrackedEvent;
import io.quanyu.journeys.JourneyPlugins;
import io.quanyu.testfixtures.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Journeys' plugin actions and triggers through the host: the sample plugin's {@code stamp} action and
 * {@code visited} trigger, run isolated like any plugin call.
 */
class PluginJourneyStepsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final TenantId acme = new TenantId("acme");
    private TwoNodes cluster;
    private PluginJourneySteps steps;
    private CallContext journey;

    @BeforeEach
    void nodes() throws Exception {
        cluster = new TwoNodes(clock, acme);
        steps = new PluginJourneySteps(cluster.one.enabled, cluster.one.runtime);
        journey = new CallContext(acme, "admin via journey welcome", Set.of(Role.TENANT_ADMIN), Quotas.DEFAULT, "c-1", null);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void theEnabledPluginsOfferTheirActionsAndTriggersWithTitlesAndSchemas() {
        assertThat(steps.actions(acme)).singleElement().satisfies(a -> {
            assertThat(a.plugin()).isEqualTo("acme-hello");
            assertThat(a.name()).isEqualTo("stamp");
            assertThat(a.title("zh-CN")).isEqualTo("盖章");
            assertThat(a.title("en")).isEqualTo("Stamp a card");
            assertThat(a.parameters().path("properties").path("mode").path("enum").size()).isEqualTo(4);
        });
        assertThat(steps.triggers(acme)).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("visited");
            assertThat(t.title("en")).isEqualTo("visited");
            assertThat(t.eventTypes()).containsExactly("shop.visit");
        });
        cluster.one.plugins.disable(cluster.one.database(acme), "admin", "acme-hello");
        cluster.one.enabled.forget(acme);
        assertThat(steps.actions(acme)).isEmpty();
        assertThat(steps.act(journey, "acme-hello", "stamp", call("x-1", Map.of())).code()).isEqualTo(JourneyPlugins.NOT_ENABLED);
    }

    @Test
    void anActionTakesEffectOncePerExecutionAndItsFailuresAreAnswersWithCodes() {
        JourneyPlugins.ActionAnswer first = steps.act(journey, "acme-hello", "stamp", call("welcome|c1|1|stamp", Map.of()));
        JourneyPlugins.ActionAnswer again = steps.act(journey, "acme-hello", "stamp", call("welcome|c1|1|stamp", Map.of()));

        assertThat(first.code()).as(first.message()).isNull();
        assertThat(first.output()).containsEntry("journey", "welcome").containsEntry("step", "stamp");
        assertThat(again.output().get("card")).isEqualTo(first.output().get("card"));
        assertThat(cards()).containsExactly("stamp:welcome|c1|1|stamp");

        JourneyPlugins.ActionAnswer refused = steps.act(journey, "acme-hello", "stamp", call("x-2", Map.of("mode", "fail")));
        assertThat(refused.code()).isEqualTo("STAMP_REFUSED");
        assertThat(refused.retryAfter()).isNull();
        JourneyPlugins.ActionAnswer thrown = steps.act(journey, "acme-hello", "stamp", call("x-3", Map.of("mode", "throw")));
        assertThat(thrown.code()).isEqualTo("STAMP_BROKEN");
        assertThat(thrown.retryAfter()).isNull();
        JourneyPlugins.ActionAnswer later = steps.act(journey, "acme-hello", "stamp", call("x-4", Map.of("mode", "later")));
        assertThat(later.code()).isEqualTo("STAMP_BUSY");
        assertThat(later.retryAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(steps.act(journey, "acme-hello", "nothing", call("x-5", Map.of())).code()).isEqualTo("PLUGIN_EXTENSION_MISSING");
        assertThat(steps.act(journey, "other-plugin", "stamp", call("x-6", Map.of())).code()).isEqualTo(JourneyPlugins.NOT_ENABLED);
    }

    @Test
    void aTriggerFiresForTheEventsItsParametersPickWithItsValues() {
        assertThat(steps.evaluate(journey, "acme-hello", "visited", visit("/sale"), Map.of("page", "/sale")))
                .isEqualTo(JourneyPlugins.TriggerAnswer.fire(Map.of("page", "/sale")));
        assertThat(steps.evaluate(journey, "acme-hello", "visited", visit("/home"), Map.of("page", "/sale")).fire()).isFalse();
        assertThat(steps.evaluate(journey, "acme-hello", "nothing", visit("/sale"), Map.of("page", "/sale")).code())
                .isEqualTo("PLUGIN_EXTENSION_MISSING");
    }

    private static JourneyPlugins.ActionCall call(String execution, Map<String, Object> parameters) {
        return new JourneyPlugins.ActionCall("c1", parameters, execution, "welcome", "stamp");
    }

    private static TrackedEvent visit(String page) {
        return new TrackedEvent("e-" + page, "shop.visit", Instant.now(), "web", List.of(),
                JSON.createObjectNode().put("page", page), "c1");
    }

    private List<String> cards() {
        return cluster.one.database(acme).collection("r_acmehelloCard").find().map(d -> d.getString("to"))
                .into(new ArrayList<>()).stream().sorted().toList();
    }
}

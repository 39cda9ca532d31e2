package io.quanyu.journeys;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.customer360.TrackedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plugin host with one plugin, {@code loyalty}: the action {@code award} ({@code {"points": 1.., "mode": "done" |
 * "fail" | "busy" | "slow"}}: done with {@code {"points", "execution"}}, failed {@code NO_STOCK}, always asking to be
 * tried again, or asking twice and then done) and the trigger {@code scanned} on {@code qr.scan} events (fires when the
 * event's {@code product} is the journey's, with {@code {"product", "code"}}). Every call is recorded.
 */
final class FakePlugins implements JourneyPlugins {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Each action call: {@code <execution id>|<mode>}, and who called ({@code actor}). */
    final List<String> actions = new CopyOnWriteArrayList<>();
    final List<ActionCall> requests = new CopyOnWriteArrayList<>();
    final List<String> evaluated = new CopyOnWriteArrayList<>();
    volatile boolean enabled = true;

    @Override
    public List<Offered> actions(TenantId tenant) {
        return enabled ? List.of(new Offered("loyalty", "award", Map.of("en", "Award points", "zh-CN", "奖励积分"),
                JSON.readTree("""
                        {"type": "object", "required": ["points"], "additionalProperties": false,
                         "properties": {"points": {"type": "integer", "minimum": 1},
                                        "mode": {"enum": ["done", "fail", "busy", "slow"]}}}"""), List.of())) : List.of();
    }

    @Override
    public List<Offered> triggers(TenantId tenant) {
        return enabled ? List.of(new Offered("loyalty", "scanned", Map.of("en", "Scanned a product code"), JSON.readTree("""
                {"type": "object", "required": ["product"], "properties": {"product": {"type": "string"}}}"""),
                List.of("qr.scan"))) : List.of();
    }

    @Override
    public ActionAnswer act(CallContext call, String plugin, String action, ActionCall request) {
        String mode = String.valueOf(request.parameters().getOrDefault("mode", "done"));
        requests.add(request);
        actions.add(request.executionId() + "|" + mode);
        if (!enabled) {
            return ActionAnswer.failed(NOT_ENABLED, "not enabled", null);
        }
        long attempts = actions.stream().filter(a -> a.startsWith(request.executionId() + "|")).count();
        return switch (mode) {
            case "fail" -> ActionAnswer.failed("NO_STOCK", "no points left to give", null);
            case "busy" -> ActionAnswer.failed("PLUGIN_BUSY", "busy", Duration.ofSeconds(10));
            case "slow" -> attempts < 3 ? ActionAnswer.failed("LATER", "try later", Duration.ofSeconds(10))
                    : ActionAnswer.done(Map.of("points", request.parameters().get("points"), "execution", request.executionId()));
            default -> ActionAnswer.done(Map.of("points", request.parameters().get("points"), "execution", request.executionId()));
        };
    }

    @Override
    public TriggerAnswer evaluate(CallContext call, String plugin, String trigger, TrackedEvent event,
                                  Map<String, Object> parameters) {
        evaluated.add(event.eventId());
        String product = event.properties().path("product").asString("");
        return product.equals(parameters.get("product")) ? TriggerAnswer.fire(Map.of("product", product, "code", "C-" + product))
                : TriggerAnswer.skip();
    }
}

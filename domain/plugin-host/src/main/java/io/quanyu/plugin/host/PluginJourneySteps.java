package io.quanyu.plugin.host;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.customer360.TrackedEvent;
import io.quanyu.journeys.JourneyPlugins;
import io.quanyu.objects.model.LocalizedText;
import io.quanyu.plugin.runtime.CallScope;
import io.quanyu.plugin.runtime.ExtensionKind;
import io.quanyu.plugin.runtime.JsonValues;
import io.quanyu.plugin.runtime.PluginRuntime;
import io.quanyu.plugin.sdk.journey.ActionRequest;
import io.quanyu.plugin.sdk.journey.ActionResult;
import io.quanyu.plugin.sdk.journey.JourneyAction;
import io.quanyu.plugin.sdk.journey.JourneyTrigger;
import io.quanyu.plugin.sdk.journey.TriggerDecision;
import io.quanyu.plugin.sdk.journey.TriggerRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The journeys' actions and triggers from the tenant's enabled plugins ({@code JourneyAction}, {@code JourneyTrigger},
 * declared in the manifest's {@code actions} and {@code triggers}), each call isolated like every plugin call (the
 * plugin's class loader, timeout and bulkhead). What a plugin answers is copied into platform values; a timeout or a
 * busy plugin is an answer that may succeed later, a plugin's own failure one that will not.
 */
public final class PluginJourneySteps implements JourneyPlugins {
    /** The most an action's output may weigh as JSON (later sends carry it in their variables). */
    static final int MAX_OUTPUT_BYTES = 4 * 1024;
    /** How long a journey waits before it tries an action again that timed out, was busy or crashed. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final EnabledPlugins enabled;
    private final PluginRuntime runtime;

    public PluginJourneySteps(EnabledPlugins enabled, PluginRuntime runtime) {
        this.enabled = enabled;
        this.runtime = runtime;
    }

    @Override
    public List<Offered> actions(TenantId tenant) {
        return offered(tenant, (plugin, manifest) -> manifest.actions().stream().map(a -> new Offered(plugin, a.name(),
                titles(a.title()), a.parameters(), List.of())).toList());
    }

    @Override
    public List<Offered> triggers(TenantId tenant) {
        return offered(tenant, (plugin, manifest) -> manifest.triggers().stream().map(t -> new Offered(plugin, t.name(),
                titles(t.title()), t.parameters(), t.eventTypes())).toList());
    }

    /** What each enabled plugin's manifest offers, plugin by plugin in id order. */
    private List<Offered> offered(TenantId tenant,
                                  java.util.function.BiFunction<String, io.quanyu.plugin.pkg.PluginManifest, List<Offered>> of) {
        List<Offered> out = new ArrayList<>();
        enabled.byId(tenant).forEach(e -> out.addAll(of.apply(e.plugin().key().id(), e.plugin().manifest())));
        return out;
    }

    private static Map<String, String> titles(@Nullable LocalizedText title) {
        Map<String, String> out = new LinkedHashMap<>();
        if (title != null && title.en() != null) {
            out.put("en", title.en());
        }
        if (title != null && title.zhCN() != null) {
            out.put("zh-CN", title.zhCN());
        }
        return out;
    }

    @Override
    public ActionAnswer act(CallContext call, String plugin, String action, ActionCall request) {
        EnabledPlugins.Enabled found = enabled.find(call.tenant(), plugin).orElse(null);
        if (found == null) {
            return ActionAnswer.failed(NOT_ENABLED, "plugin " + plugin + " is not enabled", null);
        }
        String name = "action " + action;
        try {
            ActionResult result = runtime.call(found.plugin().key(), ExtensionKind.ACTION, action, scope(call), name,
                    (JourneyAction a, io.quanyu.plugin.sdk.PluginContext context) -> {
                        ActionResult answered = a.execute(new ActionRequest(context, request.customerId(),
                                request.parameters(), request.executionId(), request.journey(), request.step()));
                        if (answered == null) {
                            throw new QuanyuException(ErrorCode.PLUGIN_BAD_RESULT, Map.of("plugin", plugin, "call", name,
                                    "reason", "no result"));
                        }
                        return answered.failure() != null ? answered : ActionResult.done(
                                output(JsonValues.copyObject(answered.output(), plugin, name), plugin, name));
                    });
            if (result.failure() == null) {
                return ActionAnswer.done(result.output());
            }
            return ActionAnswer.failed(result.failure().code(), result.failure().message(), result.retryAfter());
        } catch (QuanyuException e) {
            PluginFailure failure = PluginFailure.of(e);
            if (failure == null) {
                throw e;
            }
            return ActionAnswer.failed(failure.code(), failure.message(), failure.retryable() ? RETRY_AFTER : null);
        }
    }

    /** An action's output, refused when it is larger than a send's variables may carry. */
    private static Map<String, Object> output(Map<String, Object> output, String plugin, String call) {
        if (JSON.writeValueAsBytes(output).length > MAX_OUTPUT_BYTES) {
            throw new QuanyuException(ErrorCode.PLUGIN_BAD_RESULT, Map.of("plugin", plugin, "call", call,
                    "reason", "the output is larger than " + MAX_OUTPUT_BYTES + " bytes"));
        }
        return output;
    }

    @Override
    public TriggerAnswer evaluate(CallContext call, String plugin, String trigger, TrackedEvent event,
                                  Map<String, Object> parameters) {
        EnabledPlugins.Enabled found = enabled.find(call.tenant(), plugin).orElse(null);
        if (found == null || event.customerId() == null) {
            return TriggerAnswer.failed(NOT_ENABLED);
        }
        String name = "trigger " + trigger;
        try {
            return runtime.call(found.plugin().key(), ExtensionKind.TRIGGER, trigger, scope(call), name,
                    (JourneyTrigger t, io.quanyu.plugin.sdk.PluginContext context) -> {
                        TriggerDecision decision = t.evaluate(new TriggerRequest(context,
                                Customer360Events.received(event.customerId(), event).event(), parameters));
                        if (decision == null) {
                            throw new QuanyuException(ErrorCode.PLUGIN_BAD_RESULT, Map.of("plugin", plugin, "call", name,
                                    "reason", "no decision"));
                        }
                        return decision.fire() ? TriggerAnswer.fire(output(JsonValues.copyObject(decision.values(), plugin,
                                name), plugin, name)) : TriggerAnswer.skip();
                    });
        } catch (QuanyuException e) {
            PluginFailure failure = PluginFailure.of(e);
            if (failure == null) {
                throw e;
            }
            return TriggerAnswer.failed(failure.code());
        }
    }

    /** A journey's call, as the plugin sees its caller: the version's publisher via the journey, with their roles. */
    private static CallScope scope(CallContext call) {
        return new CallScope(call.tenant(), call.actor(), call.roles(), call.correlationId(), null);
    }
}

package io.quanyu.plugin.testkit;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.plugin.pkg.OperationSpec;
import io.quanyu.plugin.pkg.PackageLimits;
import io.quanyu.plugin.pkg.PackageReader;
import io.quanyu.plugin.pkg.PluginManifest;
import io.quanyu.plugin.runtime.ExtensionKind;
import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.PluginCallException;
import io.quanyu.plugin.sdk.channel.ChannelConnector;
import io.quanyu.plugin.sdk.channel.Message;
import io.quanyu.plugin.sdk.channel.MessageRequest;
import io.quanyu.plugin.sdk.channel.Recipient;
import io.quanyu.plugin.sdk.journey.ActionRequest;
import io.quanyu.plugin.sdk.journey.JourneyAction;
import io.quanyu.plugin.sdk.journey.JourneyTrigger;
import io.quanyu.plugin.sdk.journey.TriggerRequest;
import io.quanyu.plugin.sdk.task.TaskHandler;
import io.quanyu.plugin.sdk.task.TaskRequest;
import io.quanyu.plugin.sdk.webhook.WebhookHandler;
import io.quanyu.plugin.sdk.webhook.WebhookRequest;
import io.quanyu.plugin.sdk.widget.DashboardWidget;
import io.quanyu.plugin.sdk.widget.WidgetRequest;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The contract every plugin must meet before the marketplace is worth publishing it to: the package is accepted,
 * every declared extension is bound, the settings form can be rendered, and every extension answers bad or
 * unexpected input (no settings, empty parameters, garbage webhook bodies, unknown recipients) with a result or a
 * refusal, never a crash, a hang or garbage. Each method returns the problems found; none means the plugin passes.
 */
public final class PluginContract {
    private static final String TENANT = "contract";
    private static final Set<String> CRASHES = Set.of(ErrorCode.PLUGIN_FAILED.name(), ErrorCode.PLUGIN_TIMEOUT.name(),
            ErrorCode.PLUGIN_BAD_RESULT.name(), ErrorCode.PLUGIN_BUSY.name());

    private PluginContract() {
    }

    /** Every problem of the release, from all checks. */
    public static List<String> verify(byte[] zip) {
        List<String> problems = new ArrayList<>(packageProblems(zip));
        if (!problems.isEmpty()) {
            return problems;
        }
        problems.addAll(settingsProblems(new PackageReader(PackageLimits.defaults()).read(zip).manifest()));
        problems.addAll(behaviourProblems(zip));
        return problems;
    }

    /** The package is refused (layout, manifest, SDK range, extensions that do not load or do not match). */
    public static List<String> packageProblems(byte[] zip) {
        try (TestHost host = TestHost.start()) {
            host.install(zip);
            return List.of();
        } catch (PluginCallException e) {
            return List.of(e.code() + ": " + e.getMessage() + violations(e));
        }
    }

    /** The settings form needs a title per field, and secrets must be text (they are stored encrypted). */
    public static List<String> settingsProblems(PluginManifest manifest) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> p : manifest.settings().path("properties").properties()) {
            if (!p.getValue().has("title")) {
                problems.add("setting '" + p.getKey() + "' has no title for the settings form");
            }
            if (manifest.secretSettings().contains(p.getKey()) && !"string".equals(p.getValue().path("type").asString(""))) {
                problems.add("secret setting '" + p.getKey() + "' must be of type string");
            }
        }
        return problems;
    }

    /** Calls every extension with bad or unexpected input, for a tenant that has no settings. */
    public static List<String> behaviourProblems(byte[] zip) {
        try (TestHost host = TestHost.start()) {
            Installed key = host.install(zip);
            PluginManifest manifest = host.runtime().loaded(key.key()).orElseThrow().manifest();
            List<String> problems = new ArrayList<>();
            for (OperationSpec op : manifest.operations()) {
                check(problems, "operation " + op.name(), () -> host.operation(key, TENANT, op.name(), SampleInputs.minimal(op.input())));
            }
            manifest.channels().forEach(c -> check(problems, "channel " + c.name(), () -> host.call(key, TENANT,
                    ExtensionKind.CHANNEL, c.name(), (ChannelConnector ch, io.quanyu.plugin.sdk.PluginContext ctx) ->
                            require(ch.send(new MessageRequest(ctx, new Recipient("unknown", null, "nobody", null),
                                    new Message(null, "", Map.of()), "contract-1"))))));
            manifest.actions().forEach(a -> check(problems, "action " + a.name(), () -> host.call(key, TENANT,
                    ExtensionKind.ACTION, a.name(), (JourneyAction action, io.quanyu.plugin.sdk.PluginContext ctx) ->
                            require(action.execute(new ActionRequest(ctx, "no-such-customer", Map.of(), "contract-1"))))));
            manifest.triggers().forEach(t -> check(problems, "trigger " + t.name(), () -> host.call(key, TENANT,
                    ExtensionKind.TRIGGER, t.name(), (JourneyTrigger trigger, io.quanyu.plugin.sdk.PluginContext ctx) ->
                            require(trigger.evaluate(new TriggerRequest(ctx, strangeEvent(), Map.of()))))));
            manifest.webhooks().forEach(w -> check(problems, "webhook " + w.path(), () -> host.call(key, TENANT,
                    ExtensionKind.WEBHOOK, w.path(), (WebhookHandler hook, io.quanyu.plugin.sdk.PluginContext ctx) ->
                            require(hook.handle(garbageCallback(ctx))))));
            manifest.tasks().forEach(t -> check(problems, "task " + t.name(), () -> host.call(key, TENANT,
                    ExtensionKind.TASK, t.name(), (TaskHandler task, io.quanyu.plugin.sdk.PluginContext ctx) ->
                            require(task.run(new TaskRequest(ctx, "no-such-key", Map.of(), 1, Instant.EPOCH))))));
            manifest.subscriptions().forEach(sub -> check(problems, "subscription " + sub.name(), () -> {
                host.deliver(key, TENANT, sub.name(), List.of(new io.quanyu.plugin.sdk.event.ReceivedEvent(
                        "no-such-customer", strangeEvent())));
                return Boolean.TRUE;
            }));
            manifest.widgets().forEach(w -> check(problems, "widget " + w.name(), () -> host.call(key, TENANT,
                    ExtensionKind.WIDGET, w.name(), (DashboardWidget widget, io.quanyu.plugin.sdk.PluginContext ctx) ->
                            require(widget.data(new WidgetRequest(ctx, Map.of()))))));
            return problems;
        }
    }

    private static Object require(Object result) {
        if (result == null) {
            throw new IllegalStateException("the extension returned null");
        }
        return result;
    }

    private static void check(List<String> problems, String what, Supplier<?> call) {
        try {
            call.get();
        } catch (PluginCallException e) {
            if (CRASHES.contains(e.code())) {
                problems.add(what + " did not cope with bad input: " + e.code() + " " + e.getMessage() + violations(e));
            }
        }
    }

    private static String violations(PluginCallException e) {
        return e.violations().isEmpty() ? "" : " " + e.violations();
    }

    private static Event strangeEvent() {
        return new Event("contract-event", "contract.unexpected", Instant.EPOCH, List.of(), null, new LinkedHashMap<>());
    }

    private static WebhookRequest garbageCallback(io.quanyu.plugin.sdk.PluginContext ctx) {
        return new WebhookRequest(ctx, "POST", "", Map.of("content-type", List.of("application/xml")), Map.of(),
                "<xml><![CDATA[\u0000garbage".getBytes(StandardCharsets.UTF_8));
    }
}

package io.quanyu.plugin.testkit;

import io.quanyu.core.tenant.TenantId;
import io.quanyu.plugin.pkg.PackageLimits;
import io.quanyu.plugin.pkg.PackageReader;
import io.quanyu.plugin.pkg.PluginPackage;
import io.quanyu.plugin.runtime.CallScope;
import io.quanyu.core.net.EgressPolicy;
import io.quanyu.plugin.runtime.ExtensionKind;
import io.quanyu.plugin.runtime.Operations;
import io.quanyu.plugin.runtime.PluginKey;
import io.quanyu.plugin.runtime.PlatformErrors;
import io.quanyu.plugin.runtime.PluginLimits;
import io.quanyu.plugin.runtime.PluginRuntime;
import io.quanyu.plugin.runtime.SubscriberCalls;
import io.quanyu.plugin.runtime.WebhookAnswers;
import io.quanyu.plugin.runtime.WidgetCalls;
import io.quanyu.plugin.sdk.PluginCallException;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.TenantActivation;
import io.quanyu.plugin.sdk.event.EventBatch;
import io.quanyu.plugin.sdk.event.ReceivedEvent;
import io.quanyu.plugin.sdk.task.TaskHandler;
import io.quanyu.plugin.sdk.task.TaskRequest;
import io.quanyu.plugin.sdk.task.TaskResult;
import io.quanyu.plugin.sdk.webhook.WebhookHandler;
import io.quanyu.plugin.sdk.webhook.WebhookRequest;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The platform's plugin runtime with in-memory services, for plugin tests: install a zip exactly as the platform
 * would (same package checks, same PF4J loading, same isolation and timeouts), then call its extensions for any
 * tenant and look at the records, events and settings they touched.
 */
public final class TestHost implements AutoCloseable {
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();
    private final Path workDir;
    private final InMemoryServices services = new InMemoryServices();
    private final PluginRuntime runtime;
    private final Operations operations;
    private final PackageReader reader = new PackageReader(PackageLimits.defaults());
    /** How many of a tenant's tracked events {@link #deliverTracked} handed over, by plugin and tenant. */
    private final Map<String, Integer> delivered = new java.util.concurrent.ConcurrentHashMap<>();

    private TestHost(PluginLimits limits, EgressPolicy egress) {
        try {
            this.workDir = Files.createTempDirectory("quanyu-testhost");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.runtime = new PluginRuntime(workDir, limits, services, egress);
        this.operations = new Operations(runtime);
    }

    /** A host with the platform's default limits. */
    public static TestHost start() {
        return new TestHost(PluginLimits.defaults(), EgressPolicy.strict());
    }

    /** A host with other limits (a short timeout to test hangs, a small bulkhead). */
    public static TestHost start(PluginLimits limits) {
        return new TestHost(limits, EgressPolicy.strict());
    }

    /**
     * A host whose plugins may reach the non-public hosts {@code egress} allows when their manifest declares them,
     * as an operator allows a partner's fake: {@code TestHost.start(EgressPolicy.allowingPrivate("localhost"))} for
     * a fake server the test runs on this machine. Every other rule of the platform's egress applies.
     */
    public static TestHost start(EgressPolicy egress) {
        return new TestHost(PluginLimits.defaults(), egress);
    }

    /**
     * A host whose plugins may reach these non-public hosts ({@code name} or {@code name:port}) when their manifest
     * declares them or a tenant names them in a setting the manifest's {@code egressSettings} lists: the test's own
     * servers on {@code 127.0.0.1}, as an operator allows an on-premises relay.
     */
    public static TestHost allowingPrivate(String... hosts) {
        return start(EgressPolicy.allowingPrivate(hosts));
    }

    /**
     * Checks and loads a release as the marketplace and the runtime would; a refused release throws a
     * {@link PluginCallException} with the platform's code ({@code PLUGIN_MANIFEST_INVALID}, ...).
     */
    public Installed install(byte[] zip) {
        return PlatformErrors.calling(null, () -> {
            PluginPackage pkg = reader.read(zip);
            PluginKey key = runtime.load(pkg).key();
            services.declareObjects(pkg.objects());
            services.installed(key);
            return Installed.of(key);
        });
    }

    public void uninstall(Installed plugin) {
        services.uninstalled(plugin.key());
        runtime.unload(plugin.key());
    }

    /** Runs an operation for a tenant, with the same input and output checks as GraphQL. */
    public Map<String, Object> operation(Installed plugin, String tenant, String name, Map<String, Object> input) {
        return PlatformErrors.calling(plugin.id(), () -> operations.invoke(plugin.key(), name, scope(tenant), input));
    }

    /** Calls any extension for a tenant, isolated as on the platform. */
    public <E, R> R call(Installed plugin, String tenant, ExtensionKind kind, String name, BiFunction<E, PluginContext, R> body) {
        return PlatformErrors.calling(plugin.id(), () -> call(plugin.key(), scope(tenant), kind, name, body));
    }

    /**
     * {@link #call(Installed, String, ExtensionKind, String, BiFunction)} with the kind as the manifest's word for it
     * ({@code channel}, {@code job}, {@code webhook}, {@code operation}, ...), so a plugin's test needs no platform type.
     */
    public <E, R> R call(Installed plugin, String tenant, String kind, String name, BiFunction<E, PluginContext, R> body) {
        ExtensionKind k = java.util.Arrays.stream(ExtensionKind.values()).filter(x -> x.label().equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no extension kind " + kind));
        return call(plugin, tenant, k, name, body);
    }

    /** Runs the plugin's scheduled job {@code name} for a tenant once, as the platform's scheduler does, now. */
    public io.quanyu.plugin.sdk.job.JobResult job(Installed plugin, String tenant, String name) {
        return call(plugin, tenant, ExtensionKind.JOB, name, (io.quanyu.plugin.sdk.job.ScheduledJob job, PluginContext context) ->
                job.run(new io.quanyu.plugin.sdk.job.JobRequest(context, services.clock().instant(), null)));
    }

    private <E, R> R call(PluginKey key, CallScope scope, ExtensionKind kind, String name, BiFunction<E, PluginContext, R> body) {
        return runtime.call(key, kind, name, scope, kind.label() + " " + name, body);
    }

    /**
     * Calls the webhook at {@code path} as the platform does for {@code /hooks/{tenant}/{plugin}/{path}}: header
     * names in any case, no query, from 127.0.0.1.
     */
    public WebhookResponse webhook(Installed plugin, String tenant, String method, String path,
                                   Map<String, String> headers, byte[] body) {
        return webhook(plugin, tenant, method, path, headers, body, "127.0.0.1");
    }

    /**
     * Calls a webhook as a partner or a customer's browser would at {@code /hooks/{tenant}/{plugin}/{target}}:
     * {@code target} is the declared path, optionally followed by a sub-path and a query ({@code "go/abc?to=x"}),
     * header names in any case, from {@code remoteAddress}. A webhook declared with {@code "auth": "customer"} needs
     * a session ({@code services().sessions().issue(...)}) in an {@code Authorization: Bearer} header, the
     * {@code quanyu_session} cookie or the {@code session} parameter, or it is refused with
     * {@code CUSTOMER_SESSION_REQUIRED} before the plugin is called. The answer is checked as the platform checks it
     * ({@code PLUGIN_BAD_RESULT} for a header the platform sets itself, a line break in a value, ...).
     */
    public WebhookResponse webhook(Installed plugin, String tenant, String method, String target,
                                   Map<String, String> headers, byte[] body, String remoteAddress) {
        return PlatformErrors.calling(plugin.id(), () -> webhook(plugin.key(), tenant, method, target, headers, body,
                remoteAddress));
    }

    private WebhookResponse webhook(PluginKey key, String tenant, String method, String target,
                                    Map<String, String> headers, byte[] body, String remoteAddress) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((name, value) -> multi.put(name.toLowerCase(Locale.ROOT), List.of(value)));
        int q = target.indexOf('?');
        String pathPart = q < 0 ? target : target.substring(0, q);
        Map<String, List<String>> query = WebhookAnswers.query(q < 0 ? null : target.substring(q + 1));
        int slash = pathPart.indexOf('/');
        String path = slash < 0 ? pathPart : pathPart.substring(0, slash);
        String subPath = slash < 0 ? "" : pathPart.substring(slash);
        String customer = services.sessions().caller(new TenantId(tenant), runtime.customerWebhook(key, path), multi,
                query, "/hooks/" + tenant + "/" + key.id() + "/" + path);
        return runtime.call(key, ExtensionKind.WEBHOOK, path, new CallScope(new TenantId(tenant),
                        customer == null ? "webhook" : "customer", null), "webhook " + path,
                (WebhookHandler hook, PluginContext context) -> WebhookAnswers.checked(hook.handle(new WebhookRequest(
                        context, method.toUpperCase(Locale.ROOT), subPath, multi, query, body, remoteAddress, customer)),
                        key.id(), "webhook " + path));
    }

    /**
     * Hands a message to the plugin's connector of {@code channel} as the platform's delivery service does, with a
     * send id derived from {@code key} (the same key, the same id), and remembers the send so that the plugin may
     * report on it ({@code services().deliveries().reports(tenant)}).
     */
    public HandedSend send(Installed plugin, String tenant, String channel, String key,
                           io.quanyu.plugin.sdk.channel.Recipient recipient, io.quanyu.plugin.sdk.channel.Message message) {
        var handed = services.deliveries().hand(tenant, plugin.id(), channel, key, recipient);
        var result = PlatformErrors.calling(plugin.id(), () -> io.quanyu.plugin.runtime.ChannelCalls.send(runtime,
                plugin.key(), new CallScope(new TenantId(tenant), "system", null), channel, recipient, message,
                handed.sendId()));
        return new HandedSend(handed.sendId(), result);
    }

    /** A send handed to a connector: its id, and the connector's answer. */
    public record HandedSend(String sendId, io.quanyu.plugin.sdk.channel.SendResult result) {
    }

    /**
     * Runs the journey action {@code name} for a customer as a journey's step does: its parameters checked first
     * against the action's schema in the manifest (publishing a journey refuses them otherwise:
     * {@code REQUEST_VALIDATION_FAILED} here), {@code executionId} the step's key (pass the same one again to see what
     * a repeat after a crash does), in journey {@code test-journey} at step {@code name}.
     */
    public io.quanyu.plugin.sdk.journey.ActionResult action(Installed plugin, String tenant, String name, String customerId,
                                                            Map<String, Object> parameters, String executionId) {
        return PlatformErrors.calling(plugin.id(), () -> {
            var spec = manifest(plugin).actions().stream().filter(a -> a.name().equals(name)).findFirst()
                    .orElseThrow(() -> new QuanyuException(ErrorCode.PLUGIN_EXTENSION_MISSING,
                            Map.of("plugin", plugin.id(), "kind", "action", "name", name)));
            checkParameters(spec.parameters(), parameters);
            return call(plugin.key(), scope(tenant), ExtensionKind.ACTION, name,
                    (io.quanyu.plugin.sdk.journey.JourneyAction action, PluginContext context) -> action.execute(
                            new io.quanyu.plugin.sdk.journey.ActionRequest(context, customerId, parameters, executionId,
                                    "test-journey", name)));
        });
    }

    /**
     * Asks the journey trigger {@code name} whether {@code event} starts a journey with these parameters, as the
     * journeys do for each event of a type the trigger declares (another type is an {@code IllegalArgumentException}:
     * the platform never hands it over); the parameters are checked against the trigger's schema first.
     */
    public io.quanyu.plugin.sdk.journey.TriggerDecision trigger(Installed plugin, String tenant, String name, Event event,
                                                                Map<String, Object> parameters) {
        var spec = manifest(plugin).triggers().stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
        if (spec != null && !spec.eventTypes().contains(event.type())) {
            throw new IllegalArgumentException("trigger " + name + " looks at " + spec.eventTypes() + ", not " + event.type());
        }
        return PlatformErrors.calling(plugin.id(), () -> {
            if (spec == null) {
                throw new QuanyuException(ErrorCode.PLUGIN_EXTENSION_MISSING, Map.of("plugin", plugin.id(), "kind", "trigger",
                        "name", name));
            }
            checkParameters(spec.parameters(), parameters);
            return call(plugin.key(), scope(tenant), ExtensionKind.TRIGGER, name,
                    (io.quanyu.plugin.sdk.journey.JourneyTrigger trigger, PluginContext context) -> trigger.evaluate(
                            new io.quanyu.plugin.sdk.journey.TriggerRequest(context, event, parameters)));
        });
    }

    private io.quanyu.plugin.pkg.PluginManifest manifest(Installed plugin) {
        return runtime.loaded(plugin.key()).orElseThrow(() -> new IllegalArgumentException(plugin + " is not installed"))
                .manifest();
    }

    private static void checkParameters(tools.jackson.databind.JsonNode schema, Map<String, Object> parameters) {
        var violations = io.quanyu.objects.schema.JsonSchemas.violations(io.quanyu.objects.schema.JsonSchemas.compile(schema),
                JSON.valueToTree(parameters), "/parameters");
        if (!violations.isEmpty()) {
            throw QuanyuException.invalid(violations);
        }
    }

    /** A dashboard widget's rows for a tenant, checked as the builder's pages and the API get them. */
    public List<Object> widget(Installed plugin, String tenant, String name, Map<String, Object> parameters) {
        return PlatformErrors.calling(plugin.id(), () -> WidgetCalls.rows(runtime, plugin.key(), scope(tenant), name,
                parameters));
    }

    /** Asks the plugin whether it may be enabled for a tenant, as enabling it in the builder does. */
    public TenantActivation.Decision activate(Installed plugin, String tenant) {
        return call(plugin, tenant, ExtensionKind.ACTIVATION, "",
                (TenantActivation activation, PluginContext context) -> activation.activate(context));
    }

    /**
     * Runs every task due by {@link InMemoryServices#clock()} (earliest first) as the platform does: the plugin's
     * handler as the caller {@code system}; a retry is scheduled again after its delay with attempt + 1 (run it by
     * moving the clock and calling this again); a refusal by exception is a failure. Answers what each run came to.
     */
    public List<TaskRun> runDueTasks() {
        List<TaskRun> runs = new ArrayList<>();
        for (InMemoryTasks.Pending task : services.tasks().takeDue()) {
            String outcome;
            try {
                TaskResult result = call(task.plugin(), scope(task.tenant()), ExtensionKind.TASK, task.handler(),
                        (TaskHandler h, PluginContext context) -> h.run(new TaskRequest(context, task.key(),
                                task.payload(), task.attempt(), task.scheduledFor())));
                if (result == null) {
                    outcome = "failed TASK_NO_RESULT";
                } else if (result.failure() != null) {
                    outcome = "failed " + result.failure().code();
                } else if (result.retryAfter() != null && task.attempt() < TaskResult.MAX_ATTEMPTS) {
                    services.tasks().put(new InMemoryTasks.Pending(task.tenant(), task.plugin(), task.handler(),
                            task.key(), services.clock().instant().plus(result.retryAfter()), task.scheduledFor(),
                            task.payload(), task.attempt() + 1));
                    outcome = "retry after " + result.retryAfter();
                } else {
                    outcome = result.retryAfter() == null ? "done" : "failed TASK_ATTEMPTS_EXHAUSTED";
                }
            } catch (QuanyuException e) {
                outcome = "failed " + (e.code() == ErrorCode.PLUGIN_OPERATION_FAILED ? e.details().get("pluginCode") : e.code());
            }
            runs.add(new TaskRun(task.tenant(), task.plugin().id(), task.handler(), task.key(), task.attempt(), outcome));
        }
        return runs;
    }

    /**
     * Hands events to one subscription of the plugin for a tenant as the platform does: only those its
     * {@code filter} matches, in batches of at most {@link EventBatch#MAX_EVENTS}, as the caller {@code system};
     * answers how many it handed over. Throws what the platform would count as a failed
     * attempt (the plugin's {@code PluginException} as {@code PLUGIN_OPERATION_FAILED}, a timeout, a crash);
     * {@code PLUGIN_EXTENSION_MISSING} when the manifest declares no such subscription.
     */
    public int deliver(Installed plugin, String tenant, String subscription, List<ReceivedEvent> events) {
        return PlatformErrors.calling(plugin.id(), () -> SubscriberCalls.deliver(runtime, plugin.key(),
                new CallScope(new TenantId(tenant), "system", "test-" + System.nanoTime()), subscription, events));
    }

    /**
     * Hands the events the tenant's plugins tracked since the last call (see {@link InMemoryServices#emitted}) to
     * every subscription of {@code key} that declares their type, as the platform's event seam would; answers how
     * many events each subscription received.
     */
    public Map<String, Integer> deliverTracked(Installed key, String tenant) {
        List<Event> tracked = services.emitted(tenant);
        int from = delivered.getOrDefault(key + "|" + tenant, 0);
        delivered.put(key + "|" + tenant, tracked.size());
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (var subscription : runtime.loaded(key.key()).orElseThrow().manifest().subscriptions()) {
            List<ReceivedEvent> events = tracked.subList(from, tracked.size()).stream()
                    .filter(e -> subscription.eventTypes().contains(e.type()))
                    .map(e -> new ReceivedEvent(services.customerOf(tenant, e.id()).orElseThrow(), e)).toList();
            counts.put(subscription.name(), events.isEmpty() ? 0 : deliver(key, tenant, subscription.name(), events));
        }
        return counts;
    }

    /** The tasks scheduled and not run yet, as {@code tenant plugin handler key due}. */
    public List<String> pendingTasks() {
        return services.tasks().all().stream().map(t -> t.tenant() + " " + t.plugin().id() + " " + t.handler() + " "
                + t.key() + " " + t.due()).toList();
    }

    /**
     * One task run by {@link #runDueTasks()}: {@code outcome} is {@code done}, {@code retry after <delay>} or
     * {@code failed <code>}.
     */
    public record TaskRun(String tenant, String plugin, String handler, String key, int attempt, String outcome) {
    }

    /** The in-memory records, events and settings. */
    public InMemoryServices services() {
        return services;
    }

    public PluginRuntime runtime() {
        return runtime;
    }

    private static CallScope scope(String tenant) {
        return new CallScope(new TenantId(tenant), "test", "test-" + System.nanoTime());
    }

    @Override
    public void close() {
        runtime.close();
        if (!Files.exists(workDir)) {
            return;
        }
        try (var paths = Files.walk(workDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.quanyu.plugin.host.sample;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.TenantActivation;
import io.quanyu.plugin.sdk.job.JobRequest;
import io.quanyu.plugin.sdk.job.JobResult;
import io.quanyu.plugin.sdk.job.ScheduledJob;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import io.quanyu.plugin.sdk.webhook.WebhookHandler;
import io.quanyu.plugin.sdk.webhook.WebhookRequest;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import org.pf4j.Extension;

import java.util.Map;

/** The sample ISV plugin the host tests install: an operation, an activation check, a job and a webhook. */
public final class Hello {
    private Hello() {
    }

    /** Greets, keeps a card, and says which release answered. */
    @Extension
    public static class Greet implements Operation {
        public String name() {
            return "greet";
        }

        public OperationResult handle(OperationRequest request) {
            PluginContext context = request.context();
            String name = String.valueOf(request.input().get("name"));
            context.records().create("acmehelloCard", Map.of("to", name));
            String greeting = context.settings().text("greeting").orElse("Hello");
            boolean keyed = context.settings().text("apiKey").filter(k -> k.startsWith("k")).isPresent();
            context.events().emit(new io.quanyu.plugin.sdk.Event("greeted-" + java.util.UUID.randomUUID(), "hello.greeted",
                    java.time.Instant.now(), java.util.List.of(io.quanyu.plugin.sdk.Identity.of("device_id", "hello-" + name)), null,
                    Map.of("greeting", greeting)));
            String customer = context.customers().findByIdentity("device_id", "hello-" + name)
                    .map(c -> String.valueOf(c.get("_id"))).orElse("none");
            return OperationResult.ok(Map.of("message", greeting + ", " + name + " from " + context.pluginVersion()
                    + (keyed ? " (keyed)" : ""), "customer", customer));
        }
    }

    /** Refuses an API key the partner would reject. */
    @Extension
    public static class Activation implements TenantActivation {
        public Decision activate(PluginContext context) {
            return "wrong".equals(context.settings().text("apiKey").orElse(""))
                    ? Decision.refuse("CREDENTIALS_REJECTED", "the partner rejected the API key")
                    : Decision.allow();
        }
    }

    @Extension
    public static class Tally implements ScheduledJob {
        public String name() {
            return "tally";
        }

        public JobResult run(JobRequest request) {
            long cards = request.context().records().find("acmehelloCard", Map.of(), 200, null).records().size();
            return JobResult.ok(cards + " cards");
        }
    }

    /**
     * The {@code remind} task: writes a card {@code <key>#<attempt>} on every run, then does what its payload's
     * {@code mode} says: {@code done}, {@code retry} (after 2 s, until attempt 3), {@code fail}, or {@code throw}.
     */
    @Extension
    public static class Remind implements io.quanyu.plugin.sdk.task.TaskHandler {
        public String name() {
            return "remind";
        }

        public io.quanyu.plugin.sdk.task.TaskResult run(io.quanyu.plugin.sdk.task.TaskRequest request) {
            request.context().records().create("acmehelloCard", Map.of("to", request.key() + "#" + request.attempt()));
            return switch (String.valueOf(request.payload().get("mode"))) {
                case "retry" -> request.attempt() < 3
                        ? io.quanyu.plugin.sdk.task.TaskResult.retryAfter(java.time.Duration.ofSeconds(2))
                        : io.quanyu.plugin.sdk.task.TaskResult.done();
                case "fail" -> io.quanyu.plugin.sdk.task.TaskResult.failed("REMINDER_BOUNCED", "no such customer");
                case "throw" -> throw new io.quanyu.plugin.sdk.PluginException("REMINDER_REFUSED", "refused");
                default -> io.quanyu.plugin.sdk.task.TaskResult.done();
            };
        }
    }

    @Extension
    public static class Callback implements WebhookHandler {
        public String path() {
            return "callback";
        }

        public WebhookResponse handle(WebhookRequest request) {
            String token = request.context().settings().text("apiKey").orElse("");
            if (!token.equals(request.header("X-Token"))) {
                return WebhookResponse.text(401, "bad token");
            }
            return WebhookResponse.text(200, "ok " + request.context().tenant() + " " + new String(request.body(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /**
     * Subscription {@code visits} ({@code shop.visit}, {@code profile.tags_changed}): writes a card
     * {@code <customer>:<event id>:<page>} per event ({@code tags+[added]-[removed] by {sources}} for a tag change), in
     * the order received; refuses the whole batch while the tenant's greeting is {@code broken}.
     */
    @Extension
    public static class Visits implements io.quanyu.plugin.sdk.event.EventSubscriber {
        public String name() {
            return "visits";
        }

        public void onEvents(io.quanyu.plugin.sdk.event.EventBatch batch) {
            if ("broken".equals(batch.context().settings().text("greeting").orElse(""))) {
                throw new io.quanyu.plugin.sdk.PluginException("VISITS_BROKEN", "the greeting is broken");
            }
            for (var received : batch.events()) {
                Object page = io.quanyu.plugin.sdk.event.TagsChange.of(received)
                        .<Object>map(c -> "tags+" + c.added() + "-" + c.removed() + " by " + new java.util.TreeMap<>(c.sources()))
                        .orElse(received.event().properties().get("page"));
                batch.context().records().create("acmehelloCard", Map.of("to", received.customerId() + ":"
                        + received.event().id() + ":" + page));
            }
        }
    }

    /**
     * The journey action {@code stamp}: writes the card {@code stamp:<execution id>} once per execution (a repeat finds
     * it) and answers its id; {@code {"mode": "fail"}} answers {@code STAMP_REFUSED}, {@code "throw"} throws
     * {@code STAMP_BROKEN}, {@code "later"} asks to be tried again in a minute.
     */
    @Extension
    public static class Stamp implements io.quanyu.plugin.sdk.journey.JourneyAction {
        public String name() {
            return "stamp";
        }

        public io.quanyu.plugin.sdk.journey.ActionResult execute(io.quanyu.plugin.sdk.journey.ActionRequest request) {
            switch (String.valueOf(request.parameters().getOrDefault("mode", "done"))) {
                case "fail" -> {
                    return io.quanyu.plugin.sdk.journey.ActionResult.failed("STAMP_REFUSED", "no stamps today");
                }
                case "throw" -> throw new io.quanyu.plugin.sdk.PluginException("STAMP_BROKEN", "the stamp broke");
                case "later" -> {
                    return io.quanyu.plugin.sdk.journey.ActionResult.retryAfter(java.time.Duration.ofMinutes(1), "STAMP_BUSY", "busy");
                }
                default -> {
                }
            }
            String to = "stamp:" + request.executionId();
            var cards = request.context().records();
            var found = cards.find("acmehelloCard", Map.of("field", "to", "op", "eq", "value", to), 1, null).records();
            String id = found.isEmpty() ? String.valueOf(cards.create("acmehelloCard", Map.of("to", to)).get("_id"))
                    : String.valueOf(found.getFirst().get("_id"));
            return io.quanyu.plugin.sdk.journey.ActionResult.done(Map.of("card", id, "journey", String.valueOf(request.journey()),
                    "step", String.valueOf(request.step())));
        }
    }

    /** The journey trigger {@code visited}: fires for a {@code shop.visit} of the journey's {@code page}, with it. */
    @Extension
    public static class Visited implements io.quanyu.plugin.sdk.journey.JourneyTrigger {
        public String name() {
            return "visited";
        }

        public io.quanyu.plugin.sdk.journey.TriggerDecision evaluate(io.quanyu.plugin.sdk.journey.TriggerRequest request) {
            Object page = request.event().properties().get("page");
            return page != null && page.equals(request.parameters().get("page"))
                    ? io.quanyu.plugin.sdk.journey.TriggerDecision.fire(Map.of("page", page))
                    : io.quanyu.plugin.sdk.journey.TriggerDecision.skip();
        }
    }
}

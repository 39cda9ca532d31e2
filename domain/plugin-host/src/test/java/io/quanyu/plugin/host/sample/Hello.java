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
}

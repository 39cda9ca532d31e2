package io.quanyu.plugin.host;

import com.mongodb.client.model.Updates;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.plugin.runtime.CallScope;
import io.quanyu.plugin.runtime.ExtensionKind;
import io.quanyu.plugin.runtime.LoadedPlugin;
import io.quanyu.plugin.runtime.PluginRuntime;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.task.TaskHandler;
import io.quanyu.plugin.sdk.task.TaskRequest;
import io.quanyu.plugin.sdk.task.TaskResult;
import io.quanyu.scheduling.FiredTimer;
import io.quanyu.scheduling.Scheduler;
import io.quanyu.scheduling.TimerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.quanyu.plugin.host.PluginTasks.KIND;
import static io.quanyu.plugin.host.PluginTasks.id;
import static io.quanyu.plugin.host.PluginTasks.tasks;
import static io.quanyu.plugin.host.PluginTasks.timerPayload;

/**
 * Runs plugins' tasks ({@link PluginTasks}) when their timers fire, on whichever node the scheduler hands them to:
 * only a task's current timer runs, only while the plugin is enabled for the tenant (else the task is recorded as
 * skipped), as the caller {@code system}. The handler's answer is recorded on the task: done, failed with its code,
 * or a retry (a new timer, attempt + 1, at most {@link TaskResult#MAX_ATTEMPTS}); a plugin's refusal by exception is
 * a failure; a timeout, a crash or a busy plugin is thrown back so the scheduler retries with its back-off.
 */
public final class PluginTaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PluginTaskRunner.class);
    private final Scheduler scheduler;
    private final TenantAccess tenants;
    private final MongoInstallations installations;
    private final PluginSync sync;
    private final PluginRuntime runtime;
    private final Clock clock;

    /** Registers the handler of task timers on {@code scheduler}. */
    public PluginTaskRunner(Scheduler scheduler, TenantAccess tenants, MongoInstallations installations,
                            PluginSync sync, PluginRuntime runtime, Clock clock) {
        this.scheduler = scheduler;
        this.tenants = tenants;
        this.installations = installations;
        this.sync = sync;
        this.runtime = runtime;
        this.clock = clock;
        scheduler.register(KIND, this::fire);
    }

    /** Runs a fired task when it is still its task's current timer and the plugin is enabled for the tenant. */
    void fire(FiredTimer timer) {
        Map<String, Object> p = timer.payload();
        String plugin = (String) p.get("plugin");
        String handler = (String) p.get("handler");
        String key = (String) p.get("key");
        String nonce = (String) p.get("nonce");
        int attempt = ((Number) p.get("attempt")).intValue();
        TenantDatabase db = tenants.open(timer.tenant()).db();
        String id = id(plugin, handler, key);
        if (tasks(db).find(current(id, nonce)).first() == null) {
            return;
        }
        Optional<LoadedPlugin> loaded = installations.find(timer.tenant(), plugin).filter(Installation::enabled)
                .map(i -> sync.ensureLoaded(i.key()));
        if (loaded.isEmpty()) {
            finish(db, id, nonce, "skipped", "the plugin is not enabled for the tenant");
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = (Map<String, Object>) p.getOrDefault("payload", Map.of());
        Instant scheduledFor = (Instant) p.get("scheduledFor");
        TaskResult result;
        try {
            result = runtime.call(loaded.get().key(), ExtensionKind.TASK, handler, new CallScope(timer.tenant(), "system", null),
                    "task " + handler, (TaskHandler h, PluginContext context) ->
                            h.run(new TaskRequest(context, key, payload, attempt, scheduledFor)));
        } catch (QuanyuException e) {
            if (e.code() == ErrorCode.PLUGIN_OPERATION_FAILED) {
                finish(db, id, nonce, "failed", e.details().get("pluginCode") + ": " + e.details().get("reason"));
                return;
            }
            throw e;
        }
        if (result == null) {
            finish(db, id, nonce, "failed", "TASK_NO_RESULT: the handler answered nothing");
        } else if (result.failure() != null) {
            finish(db, id, nonce, "failed", result.failure().code() + ": " + result.failure().message());
        } else if (result.retryAfter() == null) {
            finish(db, id, nonce, "done", "");
        } else if (attempt >= TaskResult.MAX_ATTEMPTS) {
            finish(db, id, nonce, "failed", "TASK_ATTEMPTS_EXHAUSTED: " + attempt + " attempts");
        } else {
            retry(timer.tenant(), db, id, plugin, handler, key, nonce, payload, attempt + 1, scheduledFor,
                    result.retryAfter());
        }
    }

    private void retry(TenantId tenant, TenantDatabase db, String id, String plugin, String handler, String key,
                       String nonce, Map<String, Object> payload, int attempt, Instant scheduledFor, Duration after) {
        String next = UUID.randomUUID().toString();
        Instant due = clock.instant().plus(after);
        scheduler.schedule(new TimerRequest(tenant, KIND, PluginTasks.timerKey(plugin, next), due,
                timerPayload(plugin, handler, key, next, payload, attempt, scheduledFor)));
        tasks(db).updateOne(current(id, nonce), Updates.combine(
                Updates.set("current", next), Updates.set("attempt", attempt), Updates.set("due", Date.from(due)),
                Updates.set("updatedAt", Date.from(clock.instant()))));
    }

    /** The task {@code id} while {@code nonce} is its current timer (a flat filter: served by the id index). */
    private static org.bson.Document current(String id, String nonce) {
        return new org.bson.Document("_id", id).append("current", nonce);
    }

    private void finish(TenantDatabase db, String id, String nonce, String state, String outcome) {
        tasks(db).updateOne(current(id, nonce), Updates.combine(
                Updates.set("state", state), Updates.set("outcome", outcome), Updates.set("current", null),
                Updates.set("updatedAt", Date.from(clock.instant()))));
        if (!state.equals("done")) {
            LOG.info("plugin task {} of tenant {}: {} {}", id, db.tenant().value(), state, outcome);
        }
    }
}

package io.quanyu.plugin.host;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.plugin.runtime.TaskRules;
import io.quanyu.plugin.sdk.Tasks;
import io.quanyu.scheduling.Scheduler;
import io.quanyu.scheduling.TimerRequest;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Plugins' one-off tasks ({@link Tasks}) on the platform's scheduler. A task is a timer of the tenant (kind
 * {@value #KIND}, key {@code <plugin>|<nonce>}, the handler, key and payload in the timer's payload) plus one document in the
 * tenant's {@value #COLLECTION} naming the nonce of the task's current timer, with its state and last outcome.
 * Scheduling writes the timer first and then points the document at it, so a task whose schedule returned is never
 * lost; a timer that is not the current one (replaced, cancelled) does nothing when it fires. Runs go through the
 * plugin runtime ({@link PluginTaskRunner}).
 */
public final class PluginTasks {
    /** The scheduler's kind of task timers. */
    public static final String KIND = "plugin.task";
    /** The collection of tasks' state, in each tenant's database. */
    public static final String COLLECTION = "plugin_tasks";
    private static final Duration MAX_AHEAD = Duration.ofDays(366);
    private final Scheduler scheduler;
    private final Clock clock;

    public PluginTasks(Scheduler scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** The SDK's tasks of {@code plugin} for one tenant. */
    public Tasks of(TenantDatabase db, String plugin) {
        return new TenantTasks(db, plugin);
    }

    private final class TenantTasks implements Tasks {
        private final TenantDatabase db;
        private final String plugin;

        TenantTasks(TenantDatabase db, String plugin) {
            this.db = db;
            this.plugin = plugin;
        }

        @Override
        public void schedule(String handler, String key, Instant at, Map<String, Object> payload) {
            TaskRules.key(key);
            Map<String, Object> copy = TaskRules.payload(payload);
            Instant now = clock.instant();
            if (at == null || at.isAfter(now.plus(MAX_AHEAD))) {
                throw TaskRules.invalid("a task is due at most " + MAX_AHEAD.toDays() + " days ahead");
            }
            Instant due = at.isBefore(now) ? now : at;
            String id = id(plugin, handler, key);
            String nonce = UUID.randomUUID().toString();
            scheduler.schedule(new TimerRequest(db.tenant(), KIND, timerKey(plugin, nonce), due,
                    timerPayload(plugin, handler, key, nonce, copy, 1, at)));
            Document before = tasks(db).findOneAndUpdate(Filters.eq("_id", id), Updates.combine(
                            Updates.set("plugin", plugin), Updates.set("handler", handler), Updates.set("key", key),
                            Updates.set("current", nonce), Updates.set("state", "pending"), Updates.set("due", Date.from(due)),
                            Updates.set("attempt", 1), Updates.set("updatedAt", Date.from(now))),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
            cancelTimer(db.tenant(), id, before);
        }

        @Override
        public boolean cancel(String handler, String key) {
            String id = id(plugin, handler, TaskRules.key(key));
            Document before = tasks(db).findOneAndUpdate(new Document("_id", id).append("state", "pending"),
                    Updates.combine(Updates.set("state", "cancelled"), Updates.set("current", null),
                            Updates.set("updatedAt", Date.from(clock.instant()))));
            cancelTimer(db.tenant(), id, before);
            return before != null;
        }
    }

    private void cancelTimer(TenantId tenant, String id, Document before) {
        if (before != null && before.getString("current") != null && "pending".equals(before.getString("state"))) {
            scheduler.cancel(tenant, KIND, timerKey(before.getString("plugin"), before.getString("current")));
        }
    }

    static Map<String, Object> timerPayload(String plugin, String handler, String key, String nonce,
                                                    Map<String, Object> payload, int attempt, Instant scheduledFor) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("plugin", plugin);
        out.put("handler", handler);
        out.put("key", key);
        out.put("nonce", nonce);
        out.put("attempt", attempt);
        out.put("scheduledFor", scheduledFor);
        out.put("payload", payload);
        return out;
    }

    /**
     * A task timer's key: the plugin and the nonce (at most 101 characters, within the scheduler's 256 whatever the
     * handler and task key; both ride in the payload).
     */
    static String timerKey(String plugin, String nonce) {
        return plugin + "|" + nonce;
    }

    static String id(String plugin, String handler, String key) {
        return plugin + "|" + handler + "|" + key;
    }

    static MongoCollection<Document> tasks(TenantDatabase db) {
        return db.collection(COLLECTION);
    }
}

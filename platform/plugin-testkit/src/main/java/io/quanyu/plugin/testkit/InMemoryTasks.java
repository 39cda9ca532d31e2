package io.quanyu.plugin.testkit;

import io.quanyu.plugin.runtime.PluginKey;
import io.quanyu.plugin.runtime.TaskRules;
import io.quanyu.plugin.sdk.Tasks;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plugins' pending tasks, in memory, by the test host's clock: the platform's rules for keys and payloads
 * ({@link TaskRules}), the same handler and key replacing the pending task, cancellation. {@link TestHost#runDueTasks}
 * runs the due ones.
 */
final class InMemoryTasks {
    /** One pending task. */
    record Pending(String tenant, PluginKey plugin, String handler, String key, Instant due, Instant scheduledFor,
                   Map<String, Object> payload, int attempt) {
    }

    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Clock clock;

    InMemoryTasks(Clock clock) {
        this.clock = clock;
    }

    Tasks of(String tenant, PluginKey plugin) {
        return new Tasks() {
            @Override
            public void schedule(String handler, String key, Instant at, Map<String, Object> payload) {
                TaskRules.key(key);
                Map<String, Object> copy = TaskRules.payload(payload);
                if (at == null) {
                    throw TaskRules.invalid("a task needs a time");
                }
                Instant now = clock.instant();
                put(new Pending(tenant, plugin, handler, key, at.isBefore(now) ? now : at, at, copy, 1));
            }

            @Override
            public boolean cancel(String handler, String key) {
                synchronized (pending) {
                    return pending.remove(id(tenant, plugin.id(), handler, TaskRules.key(key))) != null;
                }
            }
        };
    }

    void put(Pending task) {
        synchronized (pending) {
            pending.put(id(task.tenant(), task.plugin().id(), task.handler(), task.key()), task);
        }
    }

    /** Takes the tasks due by the clock, earliest first. */
    List<Pending> takeDue() {
        synchronized (pending) {
            List<Pending> due = new ArrayList<>(pending.values().stream()
                    .filter(t -> !t.due().isAfter(clock.instant())).sorted(Comparator.comparing(Pending::due)).toList());
            due.forEach(t -> pending.remove(id(t.tenant(), t.plugin().id(), t.handler(), t.key())));
            return due;
        }
    }

    List<Pending> all() {
        synchronized (pending) {
            return List.copyOf(pending.values());
        }
    }

    private static String id(String tenant, String plugin, String handler, String key) {
        return tenant + "|" + plugin + "|" + handler + "|" + key;
    }
}

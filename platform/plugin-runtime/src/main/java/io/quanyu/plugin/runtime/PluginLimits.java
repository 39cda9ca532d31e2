package io.quanyu.plugin.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How much one plugin may take from a node.
 *
 * @param callTimeout        longest an extension call may run before its caller gets {@code PLUGIN_TIMEOUT}, unless
 *                           the manifest declares its own time for the kind ({@link #timeoutFor}); the cap for calls
 *                           someone waits for (operations, webhooks, widgets, activation, channels, journey steps)
 * @param maxConcurrentCalls calls of one plugin running at once (its bulkhead); more get {@code PLUGIN_BUSY}
 * @param logLinesPerSecond  log lines a plugin may write per second (bursts up to ten times that); the rest are dropped
 *                           and counted
 * @param httpTimeout        cap on each outgoing HTTP request's timeout
 * @param backgroundTimeout  the cap for the background kinds (jobs, tasks, subscribers) a manifest may declare up to
 */
public record PluginLimits(Duration callTimeout, int maxConcurrentCalls, int logLinesPerSecond, Duration httpTimeout,
                           Duration backgroundTimeout) {
    /** The kinds nobody waits for, which may run up to {@link #backgroundTimeout}. */
    public static final Set<ExtensionKind> BACKGROUND = Set.of(ExtensionKind.JOB, ExtensionKind.TASK, ExtensionKind.SUBSCRIBER);

    /** Background calls capped at five minutes. */
    public PluginLimits(Duration callTimeout, int maxConcurrentCalls, int logLinesPerSecond, Duration httpTimeout) {
        this(callTimeout, maxConcurrentCalls, logLinesPerSecond, httpTimeout, Duration.ofMinutes(5));
    }

    public static PluginLimits defaults() {
        return new PluginLimits(Duration.ofSeconds(10), 16, 50, Duration.ofSeconds(8));
    }

    /**
     * How long one call of {@code kind} may run: what the manifest's {@code timeouts} declares for the kind (or
     * {@link #callTimeout}), never more than the kind's cap ({@link #backgroundTimeout} for {@link #BACKGROUND}
     * kinds, {@link #callTimeout} for the others).
     */
    public Duration timeoutFor(ExtensionKind kind, Map<String, Duration> declared) {
        Duration cap = BACKGROUND.contains(kind) && backgroundTimeout.compareTo(callTimeout) > 0 ? backgroundTimeout
                : callTimeout;
        Duration wanted = declared.getOrDefault(kind.label(), callTimeout);
        return wanted.compareTo(cap) > 0 ? cap : wanted;
    }

    /** The longest any call of a release may run (how long an unload waits for running calls). */
    public Duration longest(Map<String, Duration> declared) {
        Duration out = callTimeout;
        for (ExtensionKind kind : ExtensionKind.values()) {
            Duration one = timeoutFor(kind, declared);
            out = one.compareTo(out) > 0 ? one : out;
        }
        return out;
    }
}

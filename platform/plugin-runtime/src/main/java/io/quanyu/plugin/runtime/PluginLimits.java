package io.quanyu.plugin.runtime;

import java.time.Duration;

/**
 * How much one plugin may take from a node.
 *
 * @param callTimeout        longest an extension call may run before its caller gets {@code PLUGIN_TIMEOUT}
 * @param maxConcurrentCalls calls of one plugin running at once (its bulkhead); more get {@code PLUGIN_BUSY}
 * @param logLinesPerSecond  log lines a plugin may write per second (bursts up to ten times that); the rest are dropped
 *                           and counted
 * @param httpTimeout        cap on each outgoing HTTP request's timeout
 */
public record PluginLimits(Duration callTimeout, int maxConcurrentCalls, int logLinesPerSecond, Duration httpTimeout) {

    public static PluginLimits defaults() {
        return new PluginLimits(Duration.ofSeconds(10), 16, 50, Duration.ofSeconds(8));
    }
}

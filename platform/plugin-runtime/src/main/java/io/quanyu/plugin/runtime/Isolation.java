package io.quanyu.plugin.runtime;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.plugin.sdk.PluginException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs plugin code so that it cannot take the node down: each call on its own platform thread with the plugin's class
 * loader as context loader and the tenant and plugin in the MDC, limited in time, and admitted only while the
 * plugin's bulkhead has room, for the whole release and for the call's tenant ({@link Bulkhead}: one tenant gets at
 * most half of it, so its burst cannot shut out the others). A call that overruns is interrupted and its caller answered at once; its permit comes
 * back only when its thread really ends, so a plugin that ignores interrupts fills its own bulkhead and then gets
 * {@code PLUGIN_BUSY}, while every other plugin and tenant goes on.
 * <p>
 * Platform threads, not virtual ones: virtual threads are not preempted, so a plugin spinning on the CPU would hold
 * the carrier threads every virtual thread of the node (GraphQL requests among them) needs. The operating system
 * preempts platform threads. A test spins two calls on a two-core machine and another plugin still answers.
 */
final class Isolation {
    private static final Logger LOG = LoggerFactory.getLogger(Isolation.class);
    private final PluginLimits limits;

    Isolation(PluginLimits limits) {
        this.limits = limits;
    }

    /** How long a background call waits for room in the plugin's bulkhead before it is {@code PLUGIN_BUSY}. */
    static final long BACKGROUND_WAIT_MILLIS = 5_000;

    <T> T call(LoadedPlugin plugin, String call, @Nullable CallScope scope, Callable<T> body) {
        return call(plugin, call, scope, limits.callTimeout(), false, body);
    }

    /**
     * A call that may run up to {@code timeout} (a kind's time, see {@link PluginLimits#timeoutFor}); a background
     * one (a job, task or subscriber delivery) takes its permit from the bulkhead's background half, waiting for it.
     */
    <T> T call(LoadedPlugin plugin, String call, @Nullable CallScope scope, java.time.Duration timeout, boolean background,
               Callable<T> body) {
        String tenant = scope == null ? null : scope.tenant().value();
        if (!admitted(plugin, tenant, background)) {
            throw new QuanyuException(ErrorCode.PLUGIN_BUSY, Map.of("plugin", plugin.key().id()));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Map<String, String> mdc = logContext(plugin, scope);
        Thread thread = Thread.ofPlatform().daemon(true).name("plugin-" + plugin.key())
                .unstarted(() -> run(plugin, tenant, background, mdc, body, result));
        thread.setContextClassLoader(plugin.classLoader());
        thread.start();
        return await(plugin, call, thread, result, timeout);
    }

    private static boolean admitted(LoadedPlugin plugin, @Nullable String tenant, boolean background) {
        if (!background) {
            return plugin.bulkhead().tryAcquire(tenant);
        }
        try {
            return plugin.bulkhead().acquireBackground(tenant, BACKGROUND_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Gives the permit back before answering, so a caller's next call never finds its own permit still taken. */
    private static <T> void run(LoadedPlugin plugin, @Nullable String tenant, boolean background, Map<String, String> mdc,
                                Callable<T> body, CompletableFuture<T> result) {
        MDC.setContextMap(mdc);
        T value = null;
        Throwable failure = null;
        try {
            value = body.call();
        } catch (Throwable t) {
            failure = t;
        } finally {
            MDC.clear();
            if (background) {
                plugin.bulkhead().releaseBackground(tenant);
            } else {
                plugin.bulkhead().release(tenant);
            }
        }
        if (failure != null) {
            result.completeExceptionally(failure);
        } else {
            result.complete(value);
        }
    }

    private <T> T await(LoadedPlugin plugin, String call, Thread thread, CompletableFuture<T> result,
                        java.time.Duration timeout) {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            LOG.warn("plugin {} did not answer {} within {}", plugin.key(), call, timeout);
            throw new QuanyuException(ErrorCode.PLUGIN_TIMEOUT, Map.of("plugin", plugin.key().id(), "call", call,
                    "limit", timeout.toMillis() + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt();
            throw new QuanyuException(ErrorCode.PLUGIN_TIMEOUT, Map.of("plugin", plugin.key().id(), "call", call,
                    "limit", "the caller's request"));
        } catch (ExecutionException e) {
            throw translate(plugin, call, e.getCause());
        }
    }

    /** What the caller sees of a failure inside plugin code: a stable code with the plugin's id, never a stack trace. */
    static QuanyuException translate(LoadedPlugin plugin, String call, Throwable failure) {
        if (failure instanceof QuanyuException platform) {
            return platform;
        }
        if (failure instanceof PluginException refusal) {
            return new QuanyuException(ErrorCode.PLUGIN_OPERATION_FAILED, Map.of("plugin", plugin.key().id(),
                    "call", call, "reason", String.valueOf(refusal.getMessage()), "pluginCode", refusal.code()));
        }
        LOG.error("plugin {} failed in {}", plugin.key(), call, failure);
        return new QuanyuException(ErrorCode.PLUGIN_FAILED, Map.of("plugin", plugin.key().id(), "call", call));
    }

    private static Map<String, String> logContext(LoadedPlugin plugin, @Nullable CallScope scope) {
        Map<String, String> mdc = new LinkedHashMap<>();
        Map<String, String> caller = MDC.getCopyOfContextMap();
        if (caller != null) {
            mdc.putAll(caller);
        }
        mdc.put("plugin", plugin.key().toString());
        if (scope != null) {
            mdc.put("tenant", scope.tenant().value());
            if (scope.correlationId() != null) {
                mdc.put("correlationId", scope.correlationId());
            }
        }
        return mdc;
    }
}

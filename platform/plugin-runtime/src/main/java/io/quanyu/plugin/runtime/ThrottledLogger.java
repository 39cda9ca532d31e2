package io.quanyu.plugin.runtime;

import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;

import java.io.Serial;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plugin's logger: lines go to {@code plugin.<id>} with the call's tenant, plugin and correlation id in the MDC,
 * at most {@code linesPerSecond} on average (bursts up to ten times that). A plugin that floods the log loses its
 * extra lines, not the node's disk or other tenants' log lines; the number dropped is logged when lines flow again.
 */
final class ThrottledLogger extends LegacyAbstractLogger {
    @Serial
    private static final long serialVersionUID = 1L;
    private final transient Logger delegate;
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long refilledAt = System.nanoTime();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedTotal = new AtomicLong();

    ThrottledLogger(Logger delegate, int linesPerSecond) {
        this.delegate = delegate;
        this.name = delegate.getName();
        this.perNano = linesPerSecond / 1e9;
        this.capacity = Math.max(1, linesPerSecond * 10.0);
        this.tokens = capacity;
    }

    /** Lines dropped so far. */
    long dropped() {
        return droppedTotal.get();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] arguments,
                                               Throwable throwable) {
        if (!take()) {
            dropped.incrementAndGet();
            droppedTotal.incrementAndGet();
            return;
        }
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            delegate.warn("plugin log throttled: {} lines dropped", lost);
        }
        delegate.atLevel(level).setCause(throwable).log(message, arguments == null ? new Object[0] : arguments);
    }

    private synchronized boolean take() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    @Override
    public boolean isTraceEnabled() {
        return delegate.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return delegate.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return delegate.isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        return delegate.isWarnEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
        return delegate.isErrorEnabled();
    }
}

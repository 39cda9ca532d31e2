package io.quanyu.plugin.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The test host's clock: it stands still until the test moves it, so expiry (store entries) and due times can be
 * tested without waiting. Starts at the real time of its creation.
 */
public final class TestClock extends Clock {
    private final AtomicReference<Instant> now;

    public TestClock() {
        this(Instant.now());
    }

    public TestClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    /** Sets the clock. */
    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the test clock is UTC");
    }
}

package io.quanyu.testfixtures;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The real time, moved ahead by {@link #skip}: for tests whose timers, windows and scheduler must all see a jump of
 * days while everything else runs in real time ({@link MutableClock} stands still instead).
 */
public final class SkippingClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    public void skip(Duration by) {
        offset = offset.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
}

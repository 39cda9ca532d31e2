package io.quanyu.fakes.wechat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fake's clock: the system clock plus an offset that tests and the admin API can move forward, so token expiry,
 * the 48-hour window and daily quotas can be exercised without waiting.
 */
public final class FakeTime {

    /** WeChat's quotas reset at midnight Beijing time. */
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private final AtomicLong offsetMillis = new AtomicLong();

    public Instant now() {
        return Instant.now().plusMillis(offsetMillis.get());
    }

    public long epochSecond() {
        return now().getEpochSecond();
    }

    LocalDate today() {
        return LocalDate.ofInstant(now(), BEIJING);
    }

    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time only moves forward");
        }
        offsetMillis.addAndGet(duration.toMillis());
    }
}

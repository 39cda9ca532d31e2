package io.quanyu.core.paging;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TimeCursorTest {

    @Test
    void aCursorReadsBackToTheMillisecondAndOrdersNewestFirst() {
        Instant at = Instant.parse("2026-12-06T09:00:00.123456Z");
        TimeCursor cursor = TimeCursor.decode(TimeCursor.after(at, "e-5").encode());

        assertThat(cursor).isEqualTo(new TimeCursor(at.toEpochMilli(), "e-5"));
        assertThat(cursor.time()).isEqualTo(Instant.parse("2026-12-06T09:00:00.123Z"));
        assertThat(cursor.precedes(at.minusMillis(1), "e-9")).as("older").isTrue();
        assertThat(cursor.precedes(Instant.parse("2026-12-06T09:00:00.123Z"), "e-4")).as("same time, lower id").isTrue();
        assertThat(cursor.precedes(Instant.parse("2026-12-06T09:00:00.123Z"), "e-5")).as("the item itself").isFalse();
        assertThat(cursor.precedes(at.plusMillis(1), "e-1")).as("newer").isFalse();
    }

    @Test
    void textThatIsNotACursorIsRefusedAtAfter() {
        for (String text : new String[]{"forged", "bm8tYmFy", "!!"}) {
            QuanyuException e = catchThrowableOfType(QuanyuException.class, () -> TimeCursor.decode(text));
            assertThat(e.code()).as(text).isEqualTo(ErrorCode.REQUEST_VALIDATION_FAILED);
            assertThat(e.violations()).extracting(FieldViolation::pointer).containsExactly("/after");
        }
    }
}

package io.quanyu.core.paging;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Where a page ordered newest first (by time, then id, both descending) stopped: the last item's time, to the
 * millisecond as stored, and its id, written as one opaque URL-safe string. One format for the customer 360's
 * timeline and the test kit's, so a plugin pages both alike.
 *
 * @param epochMilli the last item's time
 * @param id         the last item's id
 */
public record TimeCursor(long epochMilli, String id) {

    /** The cursor after an item. */
    public static TimeCursor after(Instant time, String id) {
        return new TimeCursor(time.toEpochMilli(), id);
    }

    /** The opaque text of the cursor. */
    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((epochMilli + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a cursor's text.
     *
     * @throws QuanyuException {@code REQUEST_VALIDATION_FAILED} at {@code /after} for text that is not a cursor
     */
    public static TimeCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            return new TimeCursor(Long.parseLong(raw.substring(0, bar)), raw.substring(bar + 1));
        } catch (RuntimeException e) {
            throw QuanyuException.invalid(List.of(new FieldViolation("/after", "cursor", "is not a cursor of this timeline")));
        }
    }

    /** Whether an item at {@code time} with {@code itemId} comes after this cursor, newest first. */
    public boolean precedes(Instant time, String itemId) {
        long millis = time.toEpochMilli();
        return millis < epochMilli || millis == epochMilli && itemId.compareTo(id) < 0;
    }

    /** The cursor's time. */
    public Instant time() {
        return Instant.ofEpochMilli(epochMilli);
    }
}

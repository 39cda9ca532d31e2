package io.quanyu.segments;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * A customer's membership of one segment: whether they are in it now, the membership's version (one more per entry
 * or exit), when they last entered and when it last changed.
 */
public record Membership(String segment, String customer, boolean member, long version, @Nullable Instant enteredAt,
                         Instant changedAt) {
}

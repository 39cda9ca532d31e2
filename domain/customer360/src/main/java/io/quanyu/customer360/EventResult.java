package io.quanyu.customer360;

import io.quanyu.core.error.FieldViolation;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * What happened to one event of a batch.
 *
 * @param status     {@code stored} (durably, now), {@code duplicate} (stored before: nothing changed) or
 *                   {@code rejected} (not stored; see code and violations)
 * @param customerId the profile the event went to (stored and duplicate)
 * @param warnings   problems a lenient event type tolerated
 */
public record EventResult(int index, @Nullable String eventId, String status, @Nullable String customerId,
                          @Nullable String code, @Nullable String message, List<FieldViolation> violations,
                          List<FieldViolation> warnings) {

    static EventResult stored(int index, String eventId, String customer, List<FieldViolation> warnings) {
        return new EventResult(index, eventId, "stored", customer, null, null, List.of(), warnings);
    }

    static EventResult duplicate(int index, String eventId, String customer) {
        return new EventResult(index, eventId, "duplicate", customer, null, null, List.of(), List.of());
    }

    static EventResult rejected(int index, @Nullable String eventId, io.quanyu.core.error.QuanyuException e) {
        return new EventResult(index, eventId, "rejected", null, e.code().name(), e.getMessage(), e.violations(), List.of());
    }
}

package io.quanyu.scheduling;

import io.quanyu.core.tenant.TenantId;

import java.time.Instant;

/**
 * A scheduled timer as the scheduler knows it.
 *
 * @param due     when it is due now (a retry moves it later)
 * @param attempt the attempt it is waiting for or last made (1 for the first call)
 * @param created whether the call that answered this created the timer (false: it existed)
 */
public record Timer(TenantId tenant, String kind, String key, Instant due, int attempt, State state, boolean created) {

    /** Where a timer is in its life. */
    public enum State {
        /** Waiting for its due time, or due and being fired. */
        PENDING,
        /** Its handler returned (or it was superseded by a newer attempt). */
        FIRED,
        /** Every attempt failed; an operator can retry it. */
        DEAD
    }
}

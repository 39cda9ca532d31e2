package io.quanyu.scheduling;

/**
 * Fires the timers of one kind. Called at least once per timer, possibly again after a node crash or on another node
 * whose lease expired: make the effect idempotent with {@link FiredTimer#idempotencyKey()}. Throwing means "try again
 * later" (exponential backoff, up to the scheduler's maximum attempts). A call should finish well within the lease.
 */
@FunctionalInterface
public interface TimerHandler {

    void fire(FiredTimer timer) throws Exception;
}

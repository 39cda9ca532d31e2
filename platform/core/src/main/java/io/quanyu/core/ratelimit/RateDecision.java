package io.quanyu.core.ratelimit;

/**
 * The answer of an {@link ApiRateLimiter}.
 *
 * @param used              calls counted in the current window, this one included
 * @param retryAfterSeconds when refused, seconds until the window resets (at least 1); 0 when allowed
 */
public record RateDecision(boolean allowed, long used, long retryAfterSeconds) {
}

package io.quanyu.scheduling;

import io.quanyu.core.tenant.TenantId;

import java.time.Instant;
import java.util.Map;

/**
 * A timer handed to its handler.
 *
 * @param due            when it was due (for a retry: when the retry was due)
 * @param attempt        1 for the first call, then 2, 3, ... after failures
 * @param idempotencyKey the same on every call for this timer, different for a timer scheduled again under the same
 *                       key after a cancel; use it as the key of the handler's side effects
 */
public record FiredTimer(TenantId tenant, String kind, String key, Instant due, Map<String, Object> payload,
                         int attempt, String idempotencyKey) {
}

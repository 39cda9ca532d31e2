package io.quanyu.scheduling;

import io.quanyu.core.tenant.TenantId;

import java.time.Instant;
import java.util.Map;

/** A timer whose every attempt failed, as an operator sees it. */
public record DeadTimer(TenantId tenant, String kind, String key, Instant due, int attempts, String lastError,
                        Instant deadAt, Map<String, Object> payload) {
}

package io.quanyu.scheduling;

import io.quanyu.core.tenant.TenantId;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A timer to schedule. {@code kind} names the handler ({@code [a-z][a-z0-9._-]*}, up to 64 characters; the prefix
 * {@code job.} is reserved for recurring jobs); {@code key} identifies the timer within the tenant and kind (1 to 256
 * characters). The payload is a small map of BSON values (strings, booleans, integers, longs, doubles, BigDecimal,
 * Instant, lists and maps of these, null), at most {@value #MAX_PAYLOAD_BYTES} bytes encoded.
 */
public record TimerRequest(TenantId tenant, String kind, String key, Instant due, Map<String, Object> payload) {
    public static final int MAX_PAYLOAD_BYTES = 16 * 1024;

    public TimerRequest {
        Objects.requireNonNull(tenant, "tenant");
        payload = payload == null ? Map.of() : payload;
    }

    /** A timer without payload. */
    public static TimerRequest of(TenantId tenant, String kind, String key, Instant due) {
        return new TimerRequest(tenant, kind, key, due, Map.of());
    }
}

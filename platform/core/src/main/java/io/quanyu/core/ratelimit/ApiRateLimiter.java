package io.quanyu.core.ratelimit;

import io.quanyu.core.tenant.TenantId;

/** Counts a tenant's API calls against its per-minute quota, across every server node. */
public interface ApiRateLimiter {

    /** Records one call and says whether it is within {@code limitPerMinute}. */
    RateDecision acquire(TenantId tenant, int limitPerMinute);
}

package io.quanyu.plugin.runtime;

import java.util.HashMap;
import java.util.Map;

/**
 * The calls one release may run at once on a node, shared fairly between tenants: at most {@code capacity} in all,
 * and at most {@link #perTenant()} (half the capacity, rounded up) for any one tenant, so one tenant's burst or
 * hanging calls leave room for the others. Background calls (jobs, tasks, subscriber deliveries) may hold at most
 * half of either (rounded up), so the calls someone waits for (a provider's webhook that must be answered within
 * seconds, an operation) always find room however much background work is queued; a background call waits a while
 * for room instead of failing at once. A call without a tenant (loading checks) counts as the platform's.
 * Thread-safe.
 */
final class Bulkhead {
    private static final String PLATFORM = "";
    private final int capacity;
    private final int perTenant;
    private final int backgroundCapacity;
    private final int backgroundPerTenant;
    private final Map<String, Integer> byTenant = new HashMap<>();
    private final Map<String, Integer> backgroundByTenant = new HashMap<>();
    private int inUse;
    private int backgroundInUse;

    Bulkhead(int capacity) {
        this.capacity = capacity;
        this.perTenant = half(capacity);
        this.backgroundCapacity = half(capacity);
        this.backgroundPerTenant = half(perTenant);
    }

    private static int half(int n) {
        return n <= 1 ? n : (n + 1) / 2;
    }

    /** The most calls one tenant may run at once. */
    int perTenant() {
        return perTenant;
    }

    /** Takes a permit for {@code tenant} when the release and the tenant's share both have room. */
    synchronized boolean tryAcquire(String tenant) {
        String who = tenant == null ? PLATFORM : tenant;
        int mine = byTenant.getOrDefault(who, 0);
        if (inUse >= capacity || mine >= perTenant) {
            return false;
        }
        inUse++;
        byTenant.put(who, mine + 1);
        return true;
    }

    /**
     * Takes a permit for a background call of {@code tenant}, waiting up to {@code millis} for room within the
     * background half; false when none came.
     */
    synchronized boolean acquireBackground(String tenant, long millis) throws InterruptedException {
        String who = tenant == null ? PLATFORM : tenant;
        long end = System.currentTimeMillis() + millis;
        while (inUse >= capacity || byTenant.getOrDefault(who, 0) >= perTenant || backgroundInUse >= backgroundCapacity
                || backgroundByTenant.getOrDefault(who, 0) >= backgroundPerTenant) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        inUse++;
        byTenant.merge(who, 1, Integer::sum);
        backgroundInUse++;
        backgroundByTenant.merge(who, 1, Integer::sum);
        return true;
    }

    /** Gives back a permit {@link #tryAcquire} took for {@code tenant}. */
    synchronized void release(String tenant) {
        String who = tenant == null ? PLATFORM : tenant;
        decrement(byTenant, who);
        inUse--;
        notifyAll();
    }

    /** Gives back a permit {@link #acquireBackground} took for {@code tenant}. */
    synchronized void releaseBackground(String tenant) {
        String who = tenant == null ? PLATFORM : tenant;
        decrement(backgroundByTenant, who);
        backgroundInUse--;
        release(tenant);
    }

    private static void decrement(Map<String, Integer> counts, String who) {
        int mine = counts.getOrDefault(who, 0);
        if (mine <= 1) {
            counts.remove(who);
        } else {
            counts.put(who, mine - 1);
        }
    }

    /** Calls running now. */
    synchronized int inUse() {
        return inUse;
    }

    /** Waits until no call runs, at most {@code millis}; answers whether none does. */
    synchronized boolean awaitIdle(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (inUse > 0) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}

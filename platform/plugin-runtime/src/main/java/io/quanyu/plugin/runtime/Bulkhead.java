package io.quanyu.plugin.runtime;

import java.util.HashMap;
import java.util.Map;

/**
 * The calls one release may run at once on a node, shared fairly between tenants: at most {@code capacity} in all,
 * and at most {@link #perTenant()} (half the capacity, rounded up) for any one tenant, so one tenant's burst or
 * hanging calls leave room for the others. A call without a tenant (loading checks) counts as the platform's.
 * Thread-safe.
 */
final class Bulkhead {
    private static final String PLATFORM = "";
    private final int capacity;
    private final int perTenant;
    private final Map<String, Integer> byTenant = new HashMap<>();
    private int inUse;

    Bulkhead(int capacity) {
        this.capacity = capacity;
        this.perTenant = capacity <= 1 ? capacity : (capacity + 1) / 2;
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

    /** Gives back a permit {@link #tryAcquire} took for {@code tenant}. */
    synchronized void release(String tenant) {
        String who = tenant == null ? PLATFORM : tenant;
        int mine = byTenant.getOrDefault(who, 0);
        if (mine <= 1) {
            byTenant.remove(who);
        } else {
            byTenant.put(who, mine - 1);
        }
        inUse--;
        notifyAll();
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

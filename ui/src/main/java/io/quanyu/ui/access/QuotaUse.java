package io.quanyu.ui.access;

/**
 * How much of one quota a tenant uses now.
 *
 * @param quota the quota's name: {@code records}, {@code objectTypes}, {@code fieldsPerObject} (the largest object),
 *              {@code plugins} or {@code apiCallsPerMinute} (this minute)
 */
public record QuotaUse(String quota, long used, long limit) {

    /** The share used, between 0 and 1. */
    public double fraction() {
        return limit <= 0 ? 1 : Math.min(1, (double) used / limit);
    }
}

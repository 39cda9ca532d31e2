package io.quanyu.core.settings;

import java.util.List;

/**
 * How much of one quota a tenant uses now.
 *
 * @param quota the quota's name: {@code records}, {@code objectTypes}, {@code fieldsPerObject} (the largest object),
 *              {@code plugins} or {@code apiCallsPerMinute} (this minute)
 */
public record QuotaUse(String quota, long used, long limit) {
    public static final String RECORDS = "records";
    public static final String OBJECT_TYPES = "objectTypes";
    public static final String FIELDS_PER_OBJECT = "fieldsPerObject";
    public static final String PLUGINS = "plugins";
    public static final String API_CALLS_PER_MINUTE = "apiCallsPerMinute";
    /** Every quota name, in the order the builder shows them. */
    public static final List<String> QUOTAS =
            List.of(RECORDS, OBJECT_TYPES, FIELDS_PER_OBJECT, PLUGINS, API_CALLS_PER_MINUTE);

    /** The share used, between 0 and 1. */
    public double fraction() {
        return limit <= 0 ? 1 : Math.min(1, (double) used / limit);
    }
}

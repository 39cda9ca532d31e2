package io.quanyu.core.tenant;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-tenant limits. They are enforced by the part of the platform that owns the resource.
 *
 * @param maxRecords        records across all objects
 * @param apiCallsPerMinute API calls (REST and GraphQL) per minute, across all server nodes
 * @param maxPlugins        plugins installed at once (enabled or not)
 * @param maxObjectTypes    custom object types (standard objects do not count)
 * @param maxFieldsPerObject fields of one object type, standard fields included
 */
public record Quotas(long maxRecords, int apiCallsPerMinute, int maxPlugins, int maxObjectTypes,
                     int maxFieldsPerObject) {
    public static final Quotas DEFAULT = new Quotas(1_000_000, 6_000, 20, 50, 200);
    static final int OBJECTS_CEILING = 1_000;
    static final int FIELDS_CEILING = 500;
    static final long RECORDS_CEILING = 1_000_000_000L;
    static final int CALLS_CEILING = 1_000_000;
    static final int PLUGINS_CEILING = 500;

    /** Checks every limit and reports each one out of range, with {@code pointerBase} before the field name. */
    public Quotas validated(String pointerBase) {
        List<FieldViolation> violations = new ArrayList<>();
        check(violations, pointerBase + "/maxRecords", maxRecords, RECORDS_CEILING);
        check(violations, pointerBase + "/apiCallsPerMinute", apiCallsPerMinute, CALLS_CEILING);
        check(violations, pointerBase + "/maxPlugins", maxPlugins, PLUGINS_CEILING);
        check(violations, pointerBase + "/maxObjectTypes", maxObjectTypes, OBJECTS_CEILING);
        check(violations, pointerBase + "/maxFieldsPerObject", maxFieldsPerObject, FIELDS_CEILING);
        if (!violations.isEmpty()) {
            throw QuanyuException.invalid(violations);
        }
        return this;
    }

    private static void check(List<FieldViolation> out, String pointer, long value, long ceiling) {
        if (value < 1 || value > ceiling) {
            out.add(new FieldViolation(pointer, "range", "must be between 1 and " + ceiling));
        }
    }
}

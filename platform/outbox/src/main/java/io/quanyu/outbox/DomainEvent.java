package io.quanyu.outbox;

import io.quanyu.core.tenant.TenantId;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to a tenant's data, in the past tense, as subscribers receive it: written in the same
 * single-document write as the change itself, then delivered at least once, in order per {@link #key()}.
 *
 * @param id   unique per event; a subscriber that sees an id twice ignores the second (delivery is at least once)
 * @param type one of the names below, past tense
 * @param key  what orders the events: the customer id for profile events and customer records, the record id
 *             otherwise; events with the same key reach each subscriber in the order they were written
 * @param data what changed, as plain values (strings, numbers, booleans, dates, lists and maps of them)
 */
public record DomainEvent(String id, String type, TenantId tenant, String key, Instant at, Map<String, Object> data) {
    /** A record was created: {@code object}, {@code id}, {@code version}. */
    public static final String RECORD_CREATED = "RecordCreated";
    /** A record's fields changed: {@code object}, {@code id}, {@code version}, {@code fields} (the changed names). */
    public static final String RECORD_CHANGED = "RecordChanged";
    /** A record was deleted (soft), restored or purged: {@code object}, {@code id}, {@code version}, {@code how}. */
    public static final String RECORD_DELETED = "RecordDeleted";
    /** Customer events were applied to a profile: {@code events} (ids), {@code types}, and the changes they made. */
    public static final String EVENTS_APPLIED = "EventsApplied";
    /** A profile was merged into another: {@code survivor}, {@code merged}, {@code merge}. */
    public static final String PROFILE_MERGED = "ProfileMerged";
    /** A merge was undone: {@code survivor}, {@code merged}, {@code merge}. */
    public static final String PROFILE_UNMERGED = "ProfileUnmerged";
    /** A profile's tags changed: {@code added}, {@code removed}. */
    public static final String TAGS_CHANGED = "TagsChanged";
    /** A profile's plugin facts changed; data: {@code plugins} (the ids whose facts changed). */
    public static final String FACTS_CHANGED = "FactsChanged";
    /** A profile's lifecycle stage changed: {@code from}, {@code to}. */
    public static final String STAGE_CHANGED = "StageChanged";
    /**
     * A customer entered a segment: {@code segment}, {@code customerId}, {@code version} (the membership's, one more
     * per transition), {@code definitionVersion}; keyed by the customer id.
     */
    public static final String SEGMENT_ENTERED = "SegmentEntered";
    /** A customer left a segment: as {@link #SEGMENT_ENTERED}. */
    public static final String SEGMENT_EXITED = "SegmentExited";
    /** A customer's consent for a channel or purpose changed: {@code channel}, {@code purpose}, {@code granted}. */
    public static final String CONSENT_CHANGED = "ConsentChanged";
    /**
     * An object type's definition was created or changed (a migration's new definition swapped in included):
     * {@code object}, {@code version}, {@code how}; keyed {@code object:<apiName>}.
     */
    public static final String OBJECT_CHANGED = "ObjectChanged";

    public DomainEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(at, "at");
        data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    }
}

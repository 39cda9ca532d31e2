package io.quanyu.plugin.sdk;

import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The tenant's records of any object type, by the object's api name. Every write is validated against the object's
 * JSON Schema and counted against the tenant's quotas, exactly as for the REST and GraphQL APIs; failures are
 * reported as {@link PluginException}s with the platform's error code.
 * <p>
 * A record is a map of field values plus {@code _id} and {@code _version}.
 * <p>
 * Filters and guards use the platform's filter language (the same as the REST query API):
 * {@code {"field": "city", "op": "eq", "value": "上海"}}, combined with {@code {"and": [...]}} or
 * {@code {"or": [...]}}; ops {@code eq ne in gt gte lt lte exists contains startsWith}; at most 8 levels and 100
 * conditions. An empty map matches everything. A field the object does not have, or a value that does not fit the
 * field's type, is {@code QUERY_INVALID}.
 * <p>
 * For invariants under concurrency (stock that is never oversold, a coupon redeemed once, a state machine) use the
 * single-step writes: {@link #create(String, String, Map)} (idempotent by the caller's key),
 * {@link #increment} (one atomic, guarded addition, at most once per key) and {@link #updateWhere} (a change applied
 * only while the record matches a guard), rather than read-then-{@link #update} retry loops.
 */
@PublicApi
public interface Records {

    /** The most records {@link #count} counts. */
    long MAX_COUNT = 1_000_000;
    /** The most records one {@link #createAll} call takes. */
    int MAX_CREATE_ALL = 1000;
    /** The longest key of {@link #create(String, String, Map)} and of {@link #increment}'s {@code onceKey}. */
    int MAX_KEY_LENGTH = 200;
    /**
     * How many recent {@code onceKey}s a record remembers: an increment is applied at most once per key among the
     * last {@value} keyed increments of that record.
     */
    int ONCE_KEYS_KEPT = 64;

    /** The record, or empty when there is none (or it is deleted). */
    Optional<Map<String, Object>> get(String object, String id);

    /**
     * One page of records matching {@code filter}, in creation order.
     *
     * @param limit  1 to 200
     * @param cursor the previous page's {@link RecordPage#nextCursor()}, or null for the first page
     */
    default RecordPage find(String object, Map<String, Object> filter, int limit, @Nullable String cursor) {
        return find(object, filter, List.of(), limit, cursor);
    }

    /**
     * One page of records matching {@code filter}, ordered by {@code sort} (then by id, so the order is total); a
     * record without a value for a sort field comes first in ascending order and last in descending order. Pass the
     * same filter and sort with the cursor of the previous page.
     *
     * @param sort   keys on single-valued fields (not multi-selects, JSON, currency or long text), or
     *               {@code _createdAt}/{@code _updatedAt}; empty for creation order
     * @param limit  1 to 200
     * @param cursor the previous page's {@link RecordPage#nextCursor()}, or null for the first page
     * @since 1.1
     */
    RecordPage find(String object, Map<String, Object> filter, List<Sort> sort, int limit, @Nullable String cursor);

    /**
     * How many records match {@code filter}, counting at most {@code atMost} (so "are there at least 3?" costs
     * three matches, not the whole collection).
     *
     * @param atMost 1 to {@value #MAX_COUNT}
     * @since 1.1
     */
    long count(String object, Map<String, Object> filter, long atMost);

    /** Creates a record and returns it as stored (with {@code _id} and {@code _version}). */
    Map<String, Object> create(String object, Map<String, Object> values);

    /**
     * Creates a record under the caller's {@code key}, once: a second call with the same object and key (a client's
     * retry, a redelivered callback) creates nothing and answers the record the first call created, as it is now
     * (with {@code _deletedAt} when it was deleted since), whatever {@code values} it passes. The record's id is
     * derived from the key, so two nodes racing on one key make one record.
     *
     * @param key 1 to {@value #MAX_KEY_LENGTH} characters, unique per object (an order number, a callback id)
     * @since 1.1
     */
    Created create(String object, String key, Map<String, Object> values);

    /**
     * {@link #create(String, String, Map)} for up to {@value #MAX_CREATE_ALL} records in one call (one read and one
     * write on the platform: a batch of coupon codes, of product codes), answered in order. Every record is checked
     * first: one the object type refuses fails the call with {@code RECORD_VALIDATION_FAILED} (its problems under
     * {@code /records/<index>}) and nothing is written. A key already used answers the record it made
     * ({@code created} false), and so does a key given twice, for its second place. A record refused by a unique field
     * ({@code RECORD_DUPLICATE}) fails the call after the others were written: the same call again creates only
     * what is missing.
     *
     * @since 1.1
     */
    List<Created> createAll(String object, List<Keyed> records);

    /**
     * Changes the given fields of a record, if it is still at {@code expectedVersion}; returns it as stored.
     * A {@code null} value clears the field.
     */
    Map<String, Object> update(String object, String id, long expectedVersion, Map<String, @Nullable Object> changes);

    /**
     * Adds {@code deltas} to number fields of one record in one atomic step, only if the record matches
     * {@code guard} at that moment, and at most once per {@code onceKey}. With {@code guard}
     * {@code {"field": "remaining", "op": "gte", "value": 1}} and deltas {@code {"remaining": -1, "claimed": 1}},
     * a thousand concurrent claims of the last 10 coupons succeed exactly ten times, without version conflicts. The
     * fields' {@code min} and {@code max} hold too: an addition that would leave them is refused like a failed guard.
     * A missing value counts from zero.
     *
     * @param deltas  integer or decimal fields (not a field a formula reads) and what to add; an integer field takes
     *                whole numbers, a decimal field at most its scale of decimals
     * @param guard   a filter on the same record; empty for none
     * @param onceKey null, or 1 to {@value #MAX_KEY_LENGTH} characters: when the record saw this key among its last
     *                {@value #ONCE_KEYS_KEPT} keyed increments, nothing is added and the record is answered as it is
     * @return the record after the addition (or as it is, for a key it saw); empty when the guard or a field's
     *         range refused the addition
     * @throws PluginException {@code RECORD_NOT_FOUND}; {@code RECORD_VALIDATION_FAILED} for a field that is not a
     *                         number, a fraction for an integer field, or a field a formula reads
     * @since 1.1
     */
    Optional<Map<String, Object>> increment(String object, String id, Map<String, ? extends Number> deltas,
                                            Map<String, Object> guard, @Nullable String onceKey);

    /**
     * Changes the given fields of a record only while it matches {@code guard}, without a version: for state
     * machines ({@code status eq "claimed"} → {@code "redeemed"}). The check and the change are one step; a
     * concurrent change to the record is retried against the guard. A {@code null} value clears the field.
     *
     * @return the record as stored after the change; empty when the record does not match the guard
     * @throws PluginException {@code RECORD_NOT_FOUND}; {@code RECORD_VALIDATION_FAILED} when the changed record is
     *                         not valid
     * @since 1.1
     */
    Optional<Map<String, Object>> updateWhere(String object, String id, Map<String, Object> guard,
                                              Map<String, @Nullable Object> changes);

    /** Moves a record to the recycle bin (it can be restored by the tenant). */
    void delete(String object, String id);

    /**
     * One key of a {@link #find(String, Map, List, int, String) find}'s order.
     *
     * @since 1.1
     */
    @PublicApi
    record Sort(String field, boolean descending) {
        public Sort {
            Objects.requireNonNull(field, "field");
        }

        public static Sort ascending(String field) {
            return new Sort(field, false);
        }

        public static Sort descending(String field) {
            return new Sort(field, true);
        }
    }

    /**
     * What {@link #create(String, String, Map)} answered.
     *
     * @param record  the record as stored now
     * @param created whether this call created it (false: an earlier call with the same key did)
     * @since 1.1
     */
    /**
     * One record of {@link #createAll}: its key (as {@link #create(String, String, Map)}'s) and its values.
     *
     * @since 1.1
     */
    @PublicApi
    record Keyed(String key, Map<String, Object> values) {
        public Keyed {
            Objects.requireNonNull(key, "key");
            values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        }
    }

    @PublicApi
    record Created(Map<String, Object> record, boolean created) {
        public Created {
            record = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(record));
        }
    }
}

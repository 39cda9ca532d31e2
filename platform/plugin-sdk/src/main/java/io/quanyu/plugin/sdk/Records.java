package io.quanyu.plugin.sdk;

import org.jspecify.annotations.Nullable;

import java.util.Map;
import java.util.Optional;

/**
 * The tenant's records of any object type, by the object's api name. Every write is validated against the object's
 * JSON Schema and counted against the tenant's quotas, exactly as for the REST and GraphQL APIs; failures are
 * reported as {@link PluginException}s with the platform's error code.
 * <p>
 * A record is a map of field values plus {@code _id} and {@code _version}.
 */
@PublicApi
public interface Records {

    /** The record, or empty when there is none (or it is deleted). */
    Optional<Map<String, Object>> get(String object, String id);

    /**
     * One page of records matching {@code filter}, in the platform's filter language (the same as the REST query
     * API): {@code {"field": "city", "op": "eq", "value": "上海"}}, combined with {@code {"and": [...]}} or
     * {@code {"or": [...]}}; ops {@code eq ne in gt gte lt lte exists contains startsWith}. An empty map matches
     * everything. Records come in creation order.
     *
     * @param limit  1 to 200
     * @param cursor the previous page's {@link RecordPage#nextCursor()}, or null for the first page
     */
    RecordPage find(String object, Map<String, Object> filter, int limit, @Nullable String cursor);

    /** Creates a record and returns it as stored (with {@code _id} and {@code _version}). */
    Map<String, Object> create(String object, Map<String, Object> values);

    /**
     * Changes the given fields of a record, if it is still at {@code expectedVersion}; returns it as stored.
     * A {@code null} value clears the field.
     */
    Map<String, Object> update(String object, String id, long expectedVersion, Map<String, @Nullable Object> changes);

    /** Moves a record to the recycle bin (it can be restored by the tenant). */
    void delete(String object, String id);
}

package io.quanyu.records;

import io.quanyu.core.tenant.TenantId;
import io.quanyu.objects.model.ObjectType;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Full-text search over records, kept up to date from the records' outbox by {@link SearchIndexer}. */
public interface RecordSearch {

    /**
     * Makes the object's index match its metadata: adds new fields in place, or, when a field's mapping changes,
     * builds a new index from {@code allRecords} and switches to it.
     */
    void prepare(TenantId tenant, ObjectType type, Consumer<Consumer<ObjectNode>> allRecords);

    /** Writes a batch; returns the ids written (an item with a newer version already indexed counts as written). */
    Set<String> apply(TenantId tenant, ObjectType type, List<Op> ops);

    /** Ids of the best matches for {@code text}, best first. */
    List<String> search(TenantId tenant, ObjectType type, String text, int size);

    /** Index {@code record} (at {@code version}), or delete the id when {@code record} is null. */
    record Op(String id, long version, ObjectNode record) {
    }
}

package io.quanyu.records;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;

import java.util.Date;

/**
 * Moves every single-valued reference to one record onto another, in every object type of the tenant, and back:
 * what merging two customer profiles needs for their orders and other records. Each moved record is marked with
 * the move's {@code trail} tag, so undoing moves exactly those records back and no others. Moved records get a new
 * version and a {@code RecordChanged} event in the same write, like any write.
 */
public final class ReferenceMoves {
    static final String TRAIL = "_trail";
    private final MetadataService metadata;
    private final java.time.Clock clock;
    private final RecordEvents events;

    /** Without a relay on this node: the event seam's sweep sends the moved records' events on. */
    public ReferenceMoves(MetadataService metadata, java.time.Clock clock) {
        this(metadata, clock, io.quanyu.outbox.OutboxSignal.NONE);
    }

    public ReferenceMoves(MetadataService metadata, java.time.Clock clock, io.quanyu.outbox.OutboxSignal signal) {
        this.metadata = metadata;
        this.clock = clock;
        this.events = new RecordEvents(clock, signal);
    }

    /** Points references to {@code from} (a {@code target} record) at {@code to}; returns how many records moved. */
    public long move(TenantDatabase db, String target, String from, String to, String trail, String actor) {
        long moved = 0;
        for (ObjectInfo info : metadata.list(db)) {
            for (FieldDef f : info.type().fields()) {
                if (f.type() == FieldType.REFERENCE && target.equals(f.target())) {
                    moved += update(db, info.type().apiName(), f.apiName(), Filters.eq(f.apiName(), from),
                            Updates.combine(Updates.set(f.apiName(), to), Updates.push(TRAIL, trail + ":" + f.apiName())), actor);
                }
            }
        }
        return moved;
    }

    /** Undoes {@link #move}: the records it marked point at {@code backTo} again. */
    public long undo(TenantDatabase db, String target, String trail, String backTo, String actor) {
        long moved = 0;
        for (ObjectInfo info : metadata.list(db)) {
            for (FieldDef f : info.type().fields()) {
                if (f.type() == FieldType.REFERENCE && target.equals(f.target())) {
                    String tag = trail + ":" + f.apiName();
                    moved += update(db, info.type().apiName(), f.apiName(), Filters.eq(TRAIL, tag),
                            Updates.combine(Updates.set(f.apiName(), backTo), Updates.pull(TRAIL, tag)), actor);
                }
            }
        }
        return moved;
    }

    private long update(TenantDatabase db, String object, String field, org.bson.conversions.Bson filter,
                        org.bson.conversions.Bson change, String actor) {
        org.bson.Document event = events.changedEach(object, java.util.List.of(field));
        long changed = db.collection(ObjectInfo.collectionOf(object)).updateMany(filter, Updates.combine(change,
                Updates.inc("_version", 1L), Updates.set("_updatedAt", new Date(clock.millis())),
                Updates.set("_updatedBy", actor), io.quanyu.outbox.Outbox.push(java.util.List.of(event)))).getModifiedCount();
        if (changed > 0) {
            events.writtenEach(db, object, event);
        }
        return changed;
    }
}

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
 * version and are queued for search indexing, like any write.
 */
public final class ReferenceMoves {
    static final String TRAIL = "_trail";
    private final MetadataService metadata;
    private final java.time.Clock clock;

    public ReferenceMoves(MetadataService metadata, java.time.Clock clock) {
        this.metadata = metadata;
        this.clock = clock;
    }

    /** Points references to {@code from} (a {@code target} record) at {@code to}; returns how many records moved. */
    public long move(TenantDatabase db, String target, String from, String to, String trail, String actor) {
        long moved = 0;
        for (ObjectInfo info : metadata.list(db)) {
            for (FieldDef f : info.type().fields()) {
                if (f.type() == FieldType.REFERENCE && target.equals(f.target())) {
                    moved += db.collection("r_" + info.type().apiName()).updateMany(Filters.eq(f.apiName(), from),
                            Updates.combine(Updates.set(f.apiName(), to), Updates.push(TRAIL, trail + ":" + f.apiName()),
                                    stamp(actor))).getModifiedCount();
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
                    moved += db.collection("r_" + info.type().apiName()).updateMany(Filters.eq(TRAIL, tag),
                            Updates.combine(Updates.set(f.apiName(), backTo), Updates.pull(TRAIL, tag), stamp(actor)))
                            .getModifiedCount();
                }
            }
        }
        return moved;
    }

    private org.bson.conversions.Bson stamp(String actor) {
        return Updates.combine(Updates.inc("_version", 1L), Updates.set("_updatedAt", new Date(clock.millis())),
                Updates.set("_updatedBy", actor), Updates.set(RecordService.PENDING, true));
    }
}

package io.quanyu.outbox;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.util.Date;

/**
 * A delivery position held by one node at a time: the document {@code {_id, cursor, owner, leaseUntil}} is taken by
 * one conditional update when it is free or its holder's lease ran out (the holder died), moved forward only while
 * held, and given back when its work is done so any node can take it next.
 */
final class Lease {
    private final MongoCollection<Document> positions;
    private final String id;
    private final String owner;
    private long cursor;

    private Lease(MongoCollection<Document> positions, String id, String owner, long cursor) {
        this.positions = positions;
        this.id = id;
        this.owner = owner;
        this.cursor = cursor;
    }

    /** The position when this node could take it now; null while another node holds it. */
    static Lease take(MongoCollection<Document> positions, String id, String owner, long now, long millis) {
        var free = Filters.and(Filters.eq("_id", id), Filters.or(Filters.eq("owner", owner), Filters.lt("leaseUntil", new Date(now)),
                Filters.exists("leaseUntil", false)));
        var update = Updates.combine(Updates.set("owner", owner), Updates.set("leaseUntil", new Date(now + millis)),
                Updates.setOnInsert("cursor", 0L));
        try {
            Document taken = positions.findOneAndUpdate(free, update,
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
            return taken == null ? null : new Lease(positions, id, owner, taken.get("cursor", Number.class).longValue());
        } catch (MongoServerException e) {
            // held by another node: the upsert met its document (findAndModify answers a command error, not a write error)
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return null;
            }
            throw e;
        }
    }

    long cursor() {
        return cursor;
    }

    /** Moves the position to {@code to} and extends the lease; false when the lease was lost meanwhile. */
    boolean advance(long to, long now, long millis) {
        boolean held = positions.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("owner", owner)),
                Updates.combine(Updates.set("cursor", to), Updates.set("leaseUntil", new Date(now + millis))))
                .getMatchedCount() == 1;
        if (held) {
            cursor = to;
        }
        return held;
    }

    /** Gives the position back: any node may take it from now on. */
    void release() {
        positions.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("owner", owner)),
                Updates.set("leaseUntil", new Date(0)));
    }
}

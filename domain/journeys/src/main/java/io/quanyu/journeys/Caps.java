package io.quanyu.journeys;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Updates;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;

/**
 * Per-arm caps of splits ({@value #COLLECTION}): per capped arm of a published version, how many customers it took
 * ({@code <journey>@<version>|<split>|<arm>}, {@code n}), and per customer the arm they were given at that split
 * ({@code <journey>@<version>|<split>|<customer>}, {@code arm}), so a repeated run, or the customer's next entry, is
 * given the same arm without counting again. A node dying between the count and the customer's record leaves a place
 * of the arm unused: a cap is never exceeded.
 */
final class Caps {
    static final String COLLECTION = "journey_caps";

    /** The arm the customer takes at the split when the arm chosen for them is capped: it while it has room, else the overflow. */
    String give(TenantDatabase db, Enrollment e, Node.Split split, Node.Arm chosen) {
        String prefix = e.journey() + "@" + e.version() + "|" + split.id() + "|";
        var caps = db.collection(COLLECTION);
        Document given = caps.find(Filters.eq("_id", prefix + "c:" + e.customer())).first();
        if (given != null) {
            return given.getString("arm");
        }
        String arm = room(db, prefix + "a:" + chosen.name(), chosen.cap()) ? chosen.name() : split.overflow();
        try {
            caps.insertOne(new Document("_id", prefix + "c:" + e.customer()).append("arm", arm));
            return arm;
        } catch (com.mongodb.MongoWriteException raced) {
            if (raced.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw raced;
            }
            return caps.find(Filters.eq("_id", prefix + "c:" + e.customer())).first().getString("arm");
        }
    }

    /** Takes one place of the arm if it has one left: one conditional increment (the upsert of a full counter is refused). */
    private static boolean room(TenantDatabase db, String counter, int cap) {
        try {
            return db.collection(COLLECTION).findOneAndUpdate(Filters.and(Filters.eq("_id", counter), Filters.lt("n", (long) cap)),
                    Updates.inc("n", 1L), new FindOneAndUpdateOptions().upsert(true)
                            .returnDocument(com.mongodb.client.model.ReturnDocument.AFTER)) != null;
        } catch (MongoServerException full) {
            if (ErrorCategory.fromErrorCode(full.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw full;
        }
    }

    /** How many customers the capped arm took so far. */
    long taken(TenantDatabase db, String journey, long version, String split, String arm) {
        Document d = db.collection(COLLECTION).find(Filters.eq("_id", journey + "@" + version + "|" + split + "|a:" + arm)).first();
        return d == null ? 0 : d.get("n", Number.class).longValue();
    }
}

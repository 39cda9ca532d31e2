package io.quanyu.customer360;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;

import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who owns which identity, in the tenant's {@code c360_identities}: one document per identity key, so an identity
 * belongs to exactly one profile and two nodes claiming it at once cannot both win (the unique {@code _id} decides).
 * Identities moved by a merge carry the merge's id in {@code mergeTrail}, so undoing it moves exactly those back.
 */
final class IdentityStore {
    static final String COLLECTION = "c360_identities";

    private MongoCollection<Document> identities(TenantDatabase db) {
        return db.collection(COLLECTION);
    }

    void ensureIndexes(TenantDatabase db) {
        identities(db).createIndex(Indexes.ascending("customerId"));
    }

    /** The owners of these identity keys that have one. */
    Map<String, String> owners(TenantDatabase db, Collection<String> keys) {
        Map<String, String> out = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        for (Document d : identities(db).find(Filters.in("_id", keys)).projection(new Document("customerId", 1))) {
            out.put(d.getString("_id"), d.getString("customerId"));
        }
        return out;
    }

    /** Gives the identity to {@code customer} unless someone owns it; returns its owner either way. */
    String claim(TenantDatabase db, Identity identity, String customer, Instant at, String source) {
        try {
            identities(db).insertOne(new Document("_id", identity.key()).append("type", identity.type())
                    .append("scope", identity.scope()).append("value", identity.value()).append("customerId", customer)
                    .append("firstSeen", Date.from(at)).append("source", source));
            return customer;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return owners(db, List.of(identity.key())).getOrDefault(identity.key(), customer);
        }
    }

    List<Document> ofCustomer(TenantDatabase db, String customer) {
        return identities(db).find(Filters.eq("customerId", customer)).sort(new Document("firstSeen", 1))
                .into(new java.util.ArrayList<>());
    }

    long move(TenantDatabase db, String from, String to, String trail) {
        return MergeTrail.move(identities(db), from, to, trail);
    }

    long undo(TenantDatabase db, String trail, String backTo) {
        return MergeTrail.undo(identities(db), trail, backTo);
    }

    long removeAll(TenantDatabase db, String customer) {
        return identities(db).deleteMany(Filters.eq("customerId", customer)).getDeletedCount();
    }
}

package io.quanyu.marketplace;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** Publisher keys in {@code mp_publishers}, one document per key, keyed by publisher and key id. */
final class PublisherKeys {
    private final MongoCollection<Document> keys;

    PublisherKeys(MongoDatabase db) {
        this.keys = db.getCollection("mp_publishers");
        keys.createIndex(Indexes.ascending("publisher", "createdAt"));
    }

    /** Stores the key; a key registered before is returned as it is stored (revoked or not). */
    PublisherKey add(PublisherKey key) {
        try {
            keys.insertOne(toDocument(key));
            return key;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return fromDocument(keys.find(Filters.eq("_id", id(key.publisher(), key.keyId()))).first());
        }
    }

    boolean revoke(String publisher, String keyId, Instant at) {
        var filter = Filters.and(Filters.eq("_id", id(publisher, keyId)), Filters.eq("revokedAt", null));
        return keys.updateOne(filter, Updates.set("revokedAt", Date.from(at))).getModifiedCount() == 1;
    }

    List<PublisherKey> of(String publisher) {
        return keys.find(Filters.eq("publisher", publisher)).sort(Sorts.ascending("createdAt"))
                .map(PublisherKeys::fromDocument).into(new ArrayList<>());
    }

    private static String id(String publisher, String keyId) {
        return publisher + "/" + keyId;
    }

    private static Document toDocument(PublisherKey k) {
        return new Document("_id", id(k.publisher(), k.keyId())).append("publisher", k.publisher())
                .append("keyId", k.keyId()).append("algorithm", k.algorithm()).append("pem", k.pem())
                .append("createdAt", Date.from(k.createdAt())).append("revokedAt", null);
    }

    private static PublisherKey fromDocument(Document d) {
        Date revoked = d.getDate("revokedAt");
        return new PublisherKey(d.getString("publisher"), d.getString("keyId"), d.getString("algorithm"),
                d.getString("pem"), d.getDate("createdAt").toInstant(), revoked == null ? null : revoked.toInstant());
    }
}

package io.quanyu.plugin.host;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.plugin.runtime.StoreRules;
import io.quanyu.plugin.sdk.PluginStore;
import io.quanyu.plugin.sdk.StoreEntry;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * A plugin's private store in the tenant's database ({@value #COLLECTION}): one document per key, its id
 * {@code <plugin>|p|<key>} (sealed entries {@code <plugin>|s|<key>}), every operation one single-document write or
 * read on that id, so each is atomic without a transaction and costs a key lookup on any MongoDB. An expired entry
 * is treated as absent by every operation and overwritten by the next write; {@link #deleteExpired} (a recurring
 * job of the server) deletes the ones nobody writes again.
 */
public final class MongoPluginStore implements PluginStore {
    /** The collection, in each tenant's database. */
    public static final String COLLECTION = "plugin_store";
    private static final int RACES = 32;
    private final MongoCollection<Document> entries;
    private final String tenant;
    private final String plugin;
    private final Clock clock;
    private final SecretBox box;
    private final boolean sealed;

    public MongoPluginStore(TenantDatabase db, String plugin, Clock clock, SecretBox box) {
        this(db.collection(COLLECTION), db.tenant().value(), plugin, clock, box, false);
    }

    private MongoPluginStore(MongoCollection<Document> entries, String tenant, String plugin, Clock clock,
                             SecretBox box, boolean sealed) {
        this.entries = entries;
        this.tenant = tenant;
        this.plugin = plugin;
        this.clock = clock;
        this.box = box;
        this.sealed = sealed;
    }

    /** Deletes every expired entry of every plugin in a tenant's database; answers how many. */
    public static long deleteExpired(TenantDatabase db, Instant now) {
        return db.collection(COLLECTION).deleteMany(Filters.lte("exp", Date.from(now))).getDeletedCount();
    }

    @Override
    public Optional<StoreEntry> get(String key) {
        Document doc = entries.find(Filters.eq("_id", id(key))).first();
        return Optional.ofNullable(doc).filter(d -> !expired(d)).map(d -> entry(key, d));
    }

    @Override
    public StoreEntry put(String key, Object value, @Nullable Duration ttl) {
        Document doc = entries.findOneAndUpdate(Filters.eq("_id", id(key)), write(key, value, ttl),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return entry(key, doc);
    }

    @Override
    public boolean putIfAbsent(String key, Object value, @Nullable Duration ttl) {
        String id = id(key);
        Object stored = stored(key, value);
        Date expires = expiry(ttl);
        Document current = entries.find(keyed(id)).first();
        if (current == null) {
            try {
                entries.insertOne(keyed(id).append("v", stored).append("plugin", plugin).append("exp", expires)
                        .append("ver", 1L));
                return true;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    return false;
                }
                throw e;
            }
        }
        return expired(current) && entries.updateOne(versioned(id, current), update(stored, expires)).getModifiedCount() == 1;
    }

    @Override
    public Optional<StoreEntry> replace(String key, long expectedVersion, Object value, @Nullable Duration ttl) {
        String id = id(key);
        Bson update = write(key, value, ttl);
        Document current = entries.find(keyed(id)).first();
        if (current == null || expired(current) || version(current) != expectedVersion) {
            return Optional.empty();
        }
        Document doc = entries.findOneAndUpdate(versioned(id, current), update,
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return Optional.ofNullable(doc).map(d -> entry(key, d));
    }

    /**
     * One {@code $inc} on the key (the common path: a key lookup); when the counter turns out to have expired before
     * it, the counter starts again from {@code delta} with a new time to live, unless another call already started
     * the next window (then this one counts again, in it).
     */
    @Override
    public long increment(String key, long delta, @Nullable Duration ttl) {
        if (sealed) {
            throw StoreRules.notACounter(key);
        }
        String id = id(key);
        StoreRules.ttl(ttl);
        for (int attempt = 0; attempt < RACES; attempt++) {
            Document counted;
            try {
                counted = entries.findOneAndUpdate(keyed(id),
                        Updates.combine(Updates.inc("v", delta), Updates.inc("ver", 1L)),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            } catch (MongoException e) {
                Document other = entries.find(keyed(id)).first();
                if (other == null || !expired(other)) {
                    throw StoreRules.notACounter(key);
                }
                counted = other;
            }
            if (counted == null) {
                if (putIfAbsent(key, delta, ttl)) {
                    return delta;
                }
                continue;
            }
            boolean whole = counted.get("v") instanceof Long || counted.get("v") instanceof Integer;
            if (!whole && !expired(counted)) {
                throw StoreRules.notACounter(key);
            }
            if (!expired(counted)) {
                return ((Number) counted.get("v")).longValue();
            }
            // The window this call saw has ended: the first call to notice starts the next one (one reset per
            // window, whatever else counted meanwhile); the others count again, in it.
            Document sameWindow = keyed(id).append("exp", counted.getDate("exp"));
            if (entries.updateOne(sameWindow, write(key, delta, ttl)).getModifiedCount() == 1) {
                return delta;
            }
        }
        throw new IllegalStateException("counter " + key + " kept changing between its checks");
    }

    @Override
    public boolean delete(String key) {
        Document gone = entries.findOneAndDelete(Filters.eq("_id", id(key)));
        return gone != null && !expired(gone);
    }

    @Override
    public PluginStore sealed() {
        return sealed ? this : new MongoPluginStore(entries, tenant, plugin, clock, box, true);
    }

    private String id(String key) {
        return plugin + (sealed ? "|s|" : "|p|") + StoreRules.key(key);
    }

    private Bson write(String key, Object value, @Nullable Duration ttl) {
        return update(stored(key, value), expiry(ttl));
    }

    /** Sets an entry's stored value and expiry and moves its version on. */
    private Bson update(Object stored, @Nullable Date expires) {
        return Updates.combine(Updates.set("v", stored), Updates.set("plugin", plugin), Updates.set("exp", expires),
                Updates.inc("ver", 1L));
    }

    /** The value as stored: a plain JSON copy, or sealed for a sealed store. */
    private Object stored(String key, Object value) {
        Object copy = StoreRules.value(value);
        return sealed ? box.seal(new String(StoreRules.json(copy), StandardCharsets.UTF_8), binding(key)) : copy;
    }

    private @Nullable Date expiry(@Nullable Duration ttl) {
        Duration checked = StoreRules.ttl(ttl);
        return checked == null ? null : Date.from(clock.instant().plus(checked));
    }

    private StoreEntry entry(String key, Document doc) {
        Object value = doc.get("v");
        Object plain = sealed ? StoreRules.fromJson(box.open((String) value, binding(key)).getBytes(StandardCharsets.UTF_8))
                : io.quanyu.plugin.runtime.JsonValues.copy(value, plugin, "store");
        Date exp = doc.getDate("exp");
        return new StoreEntry(key, plain, ((Number) doc.get("ver")).longValue(), exp == null ? null : exp.toInstant());
    }

    /** What a sealed value is bound to: it opens only for this tenant, plugin and key. */
    private String binding(String key) {
        return "store|" + tenant + "|" + plugin + "|" + key;
    }

    /**
     * A filter on one entry's id. The hot paths (get, put, increment) filter on the id alone and judge expiry in
     * Java: the embedded store serves an id-only filter from its index, while any further condition (an expiry
     * range, {@code $or}, {@code $and}) costs it several times more with many entries (measured by
     * {@code PluginStoreBenchmark}). Only the rare conditional writes add the version.
     */
    private static Document keyed(String id) {
        return new Document("_id", id);
    }

    /** The entry at the version it had when read: a conditional write that loses a race changes nothing. */
    private static Document versioned(String id, Document read) {
        return keyed(id).append("ver", version(read));
    }

    private static long version(Document doc) {
        return ((Number) doc.get("ver")).longValue();
    }

    private boolean expired(Document doc) {
        Date exp = doc.getDate("exp");
        return exp != null && !exp.toInstant().isAfter(clock.instant());
    }

}

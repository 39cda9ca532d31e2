package io.quanyu.marketplace;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.types.ObjectId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Plugin ownership in {@code mp_plugins} (one document per plugin id: its first publisher) and releases in
 * {@code mp_releases} (one document per id and version, unique). Every write is a single-document atomic write.
 */
final class ReleaseStore {
    private final MongoCollection<Document> plugins;
    private final MongoCollection<Document> releases;

    ReleaseStore(MongoDatabase db) {
        this.plugins = db.getCollection("mp_plugins");
        this.releases = db.getCollection("mp_releases");
        releases.createIndex(Indexes.ascending("pluginId", "version"), new IndexOptions().unique(true));
    }

    Optional<String> owner(String pluginId) {
        return Optional.ofNullable(plugins.find(Filters.eq("_id", pluginId)).first()).map(d -> d.getString("owner"));
    }

    /**
     * Claims a plugin id for a publisher.
     *
     * @return whether this call created the claim (so a failed publish must give it back)
     */
    boolean claim(String pluginId, String publisher, Instant at) {
        try {
            plugins.insertOne(new Document("_id", pluginId).append("owner", publisher).append("createdAt", Date.from(at)));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return false;
        }
    }

    /** Gives back a claim made by a publish that failed, unless a release of the plugin exists meanwhile. */
    void unclaim(String pluginId, String publisher) {
        if (releases.countDocuments(Filters.eq("pluginId", pluginId)) == 0) {
            plugins.deleteOne(Filters.and(Filters.eq("_id", pluginId), Filters.eq("owner", publisher)));
        }
    }

    /**
     * Inserts a release document, the last write of a publish.
     *
     * @return {@code false} when that id and version exist already
     */
    boolean insert(Release r, ObjectId packageId) {
        try {
            releases.insertOne(toDocument(r).append("packageId", packageId));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return false;
        }
    }

    Optional<Document> find(String pluginId, String version) {
        return Optional.ofNullable(releases.find(Filters.eq("_id", id(pluginId, version))).first());
    }

    List<Release> of(String pluginId) {
        return releases.find(Filters.eq("pluginId", pluginId)).map(ReleaseStore::fromDocument)
                .into(new ArrayList<>());
    }

    List<Release> all() {
        return releases.find().sort(Sorts.ascending("pluginId")).map(ReleaseStore::fromDocument).into(new ArrayList<>());
    }

    void setYanked(String pluginId, String version, boolean yanked) {
        releases.updateOne(Filters.eq("_id", id(pluginId, version)), Updates.set("yanked", yanked));
    }

    private static String id(String pluginId, String version) {
        return pluginId + "@" + version;
    }

    private static Document toDocument(Release r) {
        return new Document("_id", id(r.pluginId(), r.version())).append("pluginId", r.pluginId())
                .append("version", r.version()).append("requires", r.requires()).append("sha512", r.sha512())
                .append("size", r.size()).append("publisher", r.publisher()).append("keyId", r.keyId())
                .append("publishedAt", Date.from(r.publishedAt())).append("yanked", r.yanked())
                .append("manifest", r.manifest());
    }

    static Release fromDocument(Document d) {
        return new Release(d.getString("pluginId"), d.getString("version"), d.getString("requires"),
                d.getString("sha512"), d.get("size", Number.class).longValue(), d.getString("publisher"),
                d.getString("keyId"), d.getDate("publishedAt").toInstant(), d.getBoolean("yanked", false),
                d.getString("manifest"));
    }
}

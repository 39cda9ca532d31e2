package io.quanyu.plugin.host;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.plugin.runtime.PluginKey;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Installations in the platform database ({@code plugin_installations}, one document per tenant and plugin, so every
 * change is one atomic write) and a generation counter ({@code plugin_state}) bumped after every change, which
 * every node polls to learn cheaply that it has something to load or unload.
 */
public final class MongoInstallations {
    private final MongoCollection<Document> installations;
    private final MongoCollection<Document> state;

    public MongoInstallations(MongoDatabase platformDb) {
        this.installations = platformDb.getCollection("plugin_installations");
        this.state = platformDb.getCollection("plugin_state");
        installations.createIndex(Indexes.ascending("tenant"));
    }

    private static String id(TenantId tenant, String pluginId) {
        return tenant.value() + ":" + pluginId;
    }

    /** Records a new installation; {@code PLUGIN_ALREADY_INSTALLED} when the tenant has the plugin. */
    public void insert(Installation i) {
        try {
            installations.insertOne(toDocument(i));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                String version = find(i.tenant(), i.pluginId()).map(Installation::version).orElse("?");
                throw new QuanyuException(ErrorCode.PLUGIN_ALREADY_INSTALLED, Map.of("plugin", i.pluginId(), "version", version));
            }
            throw e;
        }
        bump();
    }

    public Optional<Installation> find(TenantId tenant, String pluginId) {
        return Optional.ofNullable(installations.find(Filters.eq("_id", id(tenant, pluginId))).first())
                .map(MongoInstallations::fromDocument);
    }

    public Installation get(TenantId tenant, String pluginId) {
        return find(tenant, pluginId).orElseThrow(() ->
                new QuanyuException(ErrorCode.PLUGIN_NOT_INSTALLED, Map.of("plugin", pluginId)));
    }

    public List<Installation> list(TenantId tenant) {
        return installations.find(Filters.eq("tenant", tenant.value())).sort(new Document("_id", 1))
                .map(MongoInstallations::fromDocument).into(new java.util.ArrayList<>());
    }

    /** Every installation of every tenant that has the plugin enabled (for scheduled jobs). */
    public List<Installation> enabledEverywhere() {
        return installations.find(Filters.eq("enabled", true)).map(MongoInstallations::fromDocument)
                .into(new java.util.ArrayList<>());
    }

    /** How many plugins the tenant has installed (for its quota). */
    public long count(TenantId tenant) {
        return installations.countDocuments(Filters.eq("tenant", tenant.value()));
    }

    /** The releases some tenant has installed: what every node must have loaded. */
    public Set<PluginKey> releasesInUse() {
        Set<PluginKey> keys = new LinkedHashSet<>();
        for (Document d : installations.find().projection(new Document("pluginId", 1).append("version", 1))) {
            keys.add(new PluginKey(d.getString("pluginId"), d.getString("version")));
        }
        return keys;
    }

    /**
     * Changes an installation if it is still at {@code expected} (its {@code updatedAt}), so two admins editing at
     * once cannot silently overwrite each other: the loser gets {@code VERSION_CONFLICT}.
     */
    public Installation update(Installation expected, Bson... changes) {
        Document updated = installations.findOneAndUpdate(
                Filters.and(Filters.eq("_id", id(expected.tenant(), expected.pluginId())),
                        Filters.eq("updatedAt", java.util.Date.from(expected.updatedAt()))),
                Updates.combine(changes), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (updated == null) {
            throw new QuanyuException(ErrorCode.VERSION_CONFLICT, Map.of("object", "plugin installation",
                    "id", expected.pluginId(), "current", "newer"));
        }
        bump();
        return fromDocument(updated);
    }

    public boolean delete(TenantId tenant, String pluginId) {
        boolean deleted = installations.deleteOne(Filters.eq("_id", id(tenant, pluginId))).getDeletedCount() == 1;
        bump();
        return deleted;
    }

    /** Removes every installation of a tenant (when the tenant is deleted). */
    public void deleteAll(TenantId tenant) {
        installations.deleteMany(Filters.eq("tenant", tenant.value()));
        bump();
    }

    /** A number that changes whenever any installation changes, on any node. */
    public long generation() {
        Document d = state.find(Filters.eq("_id", "generation")).first();
        return d == null ? 0 : d.getLong("value");
    }

    private void bump() {
        state.updateOne(Filters.eq("_id", "generation"), Updates.inc("value", 1L),
                new com.mongodb.client.model.UpdateOptions().upsert(true));
    }

    static Document toDocument(Installation i) {
        return new Document("_id", id(i.tenant(), i.pluginId())).append("tenant", i.tenant().value())
                .append("pluginId", i.pluginId()).append("version", i.version()).append("enabled", i.enabled())
                .append("settings", new Document(i.settings())).append("secrets", new Document(i.secrets()))
                .append("installedAt", java.util.Date.from(i.installedAt())).append("installedBy", i.installedBy())
                .append("updatedAt", java.util.Date.from(i.updatedAt())).append("updatedBy", i.updatedBy())
                .append("enabledSince", i.enabledSince() == null ? null : java.util.Date.from(i.enabledSince()));
    }

    static Installation fromDocument(Document d) {
        Map<String, String> secrets = new LinkedHashMap<>();
        d.get("secrets", new Document()).forEach((k, v) -> secrets.put(k, String.valueOf(v)));
        return new Installation(new TenantId(d.getString("tenant")), d.getString("pluginId"), d.getString("version"),
                d.getBoolean("enabled", false), plain(d.get("settings", new Document())), secrets,
                d.getDate("installedAt").toInstant(), d.getString("installedBy"), d.getDate("updatedAt").toInstant(),
                d.getString("updatedBy"), d.getDate("enabledSince") == null ? null : d.getDate("enabledSince").toInstant());
    }

    /** BSON documents and lists as plain maps and lists (settings are handed to plugins). */
    static Map<String, Object> plain(Document d) {
        Map<String, Object> out = new LinkedHashMap<>();
        d.forEach((k, v) -> out.put(k, plainValue(v)));
        return out;
    }

    private static Object plainValue(Object v) {
        if (v instanceof Document d) {
            return plain(d);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(MongoInstallations::plainValue).toList();
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        return v;
    }

    static Instant now(java.time.Clock clock) {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}

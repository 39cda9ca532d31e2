package io.quanyu.mongodb;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Tenant;
import io.quanyu.core.tenant.TenantExport;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.core.tenant.TenantRegistry;
import io.quanyu.core.tenant.TenantStatus;
import org.bson.Document;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tenants in the {@code tenants} collection of the platform database, one document each, keyed by tenant id. */
public final class MongoTenantRegistry implements TenantRegistry {
    private final MongoCollection<Document> tenants;

    public MongoTenantRegistry(MongoDatabase platformDatabase) {
        this.tenants = platformDatabase.getCollection("tenants");
    }

    @Override
    public void insert(Tenant tenant) {
        try {
            tenants.insertOne(toDocument(tenant));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            replaceTombstone(tenant);
        }
    }

    private void replaceTombstone(Tenant tenant) {
        var filter = Filters.and(Filters.eq("_id", tenant.id().value()),
                Filters.eq("status", TenantStatus.DELETED.name()));
        if (tenants.replaceOne(filter, toDocument(tenant)).getMatchedCount() == 0) {
            throw new QuanyuException(ErrorCode.TENANT_EXISTS, Map.of("tenant", tenant.id().value()));
        }
    }

    @Override
    public Optional<Tenant> find(TenantId id) {
        return Optional.ofNullable(tenants.find(Filters.eq("_id", id.value())).first()).map(MongoTenantRegistry::fromDocument);
    }

    @Override
    public List<Tenant> list() {
        return tenants.find().sort(Sorts.ascending("_id")).map(MongoTenantRegistry::fromDocument).into(new java.util.ArrayList<>());
    }

    @Override
    public boolean replaceIfStatus(Tenant tenant, TenantStatus expected) {
        var filter = Filters.and(Filters.eq("_id", tenant.id().value()), Filters.eq("status", expected.name()));
        return tenants.replaceOne(filter, toDocument(tenant)).getMatchedCount() == 1;
    }

    @Override
    public void remove(TenantId id) {
        tenants.deleteOne(Filters.eq("_id", id.value()));
    }

    static Document toDocument(Tenant t) {
        var quotas = new Document("maxRecords", t.quotas().maxRecords())
                .append("apiCallsPerMinute", t.quotas().apiCallsPerMinute())
                .append("maxPlugins", t.quotas().maxPlugins())
                .append("maxObjectTypes", t.quotas().maxObjectTypes())
                .append("maxFieldsPerObject", t.quotas().maxFieldsPerObject());
        var doc = new Document("_id", t.id().value()).append("name", t.name()).append("status", t.status().name())
                .append("quotas", quotas).append("createdAt", Date.from(t.createdAt()))
                .append("createdBy", t.createdBy()).append("updatedAt", Date.from(t.updatedAt()));
        if (t.export() != null) {
            doc.append("export", new Document("file", t.export().file()).append("collections", t.export().collections())
                    .append("documents", t.export().documents()).append("bytes", t.export().bytes())
                    .append("at", Date.from(t.export().at())));
        }
        return doc;
    }

    static Tenant fromDocument(Document d) {
        var q = d.get("quotas", Document.class);
        var quotas = new Quotas(q.get("maxRecords", Number.class).longValue(), q.getInteger("apiCallsPerMinute"),
                q.getInteger("maxPlugins"), q.getInteger("maxObjectTypes", Quotas.DEFAULT.maxObjectTypes()),
                q.getInteger("maxFieldsPerObject", Quotas.DEFAULT.maxFieldsPerObject()));
        var e = d.get("export", Document.class);
        var export = e == null ? null : new TenantExport(e.getString("file"), e.getInteger("collections"),
                e.get("documents", Number.class).longValue(), e.get("bytes", Number.class).longValue(),
                e.getDate("at").toInstant());
        return new Tenant(new TenantId(d.getString("_id")), d.getString("name"),
                TenantStatus.valueOf(d.getString("status")), quotas, d.getDate("createdAt").toInstant(),
                d.getString("createdBy"), d.getDate("updatedAt").toInstant(), export);
    }
}

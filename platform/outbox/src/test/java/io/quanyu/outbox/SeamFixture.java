package io.quanyu.outbox;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** A tenant with a source collection whose documents carry events, as a store writes them. */
final class SeamFixture {
    static final String SOURCE = "r_thing";

    private SeamFixture() {
    }

    static TenantDatabase tenant(MongoClient client, String id) {
        return new MongoTenantDatabases(client).forTenant(new TenantContext(new TenantId(id), "s", "test",
                Set.of(Role.TENANT_ADMIN), false));
    }

    static String freshTenant() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Inserts a document with one event keyed {@code key}; returns the event's id. */
    static String insert(TenantDatabase db, String docId, String key, int n) {
        Document event = Outbox.entry(DomainEvent.RECORD_CREATED, key, Instant.now(), Map.of("n", n, "doc", docId));
        db.collection(SOURCE).insertOne(new Document("_id", docId).append("n", n).append("eventId", event.getString("_id"))
                .append(Outbox.FIELD, List.of(event)));
        return event.getString("_id");
    }

    /** Changes a document and adds its event in the same write; returns the event's id. */
    static String change(TenantDatabase db, String docId, String key, int n) {
        Document event = Outbox.entry(DomainEvent.RECORD_CHANGED, key, Instant.now(), Map.of("n", n, "doc", docId));
        db.collection(SOURCE).updateOne(Filters.eq("_id", docId), com.mongodb.client.model.Updates.combine(
                com.mongodb.client.model.Updates.set("n", n), Outbox.push(List.of(event))));
        return event.getString("_id");
    }

    static SeamOptions fast(String node) {
        return SeamOptions.defaults(node).withTimings(50, 200, 1_000, 2_000).withRetries(3, 10);
    }
}

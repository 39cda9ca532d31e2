package io.quanyu.customer360;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.records.RecordService;
import org.bson.Document;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * A customer's privacy rights: export everything the platform holds about them as JSON, and erase them: identities
 * removed, events anonymised (identities and properties dropped, kept as counted facts of "someone"), the customer
 * record purged and the profile emptied. Both are written to the tenant's audit log ({@code c360_audit}).
 */
public final class Privacy {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final IdentityStore identities;
    private final EventStore events;
    private final ProfileStore profiles;
    private final RecordService records;
    private final MergeService merges;
    private final Clock clock;

    Privacy(IdentityStore identities, EventStore events, ProfileStore profiles, RecordService records, MergeService merges,
            Clock clock) {
        this.identities = identities;
        this.events = events;
        this.profiles = profiles;
        this.records = records;
        this.merges = merges;
        this.clock = clock;
    }

    public ObjectNode export(TenantDatabase db, String customer, String actor) {
        ObjectNode out = JSON.createObjectNode();
        out.put("customerId", customer).put("exportedAt", clock.instant().toString()).put("exportedBy", actor);
        out.set("record", records.get(db, "customer", customer, true));
        out.set("identities", JSON.readTree(MergeTrail.json(identities.ofCustomer(db, customer))));
        profiles.find(db, customer).ifPresent(p -> out.set("profile", JSON.readTree(ProfileStore.toDocument(p).toJson())));
        out.set("events", JSON.readTree(MergeTrail.json(events.events(db).find(Filters.eq("customerId", customer))
                .sort(Sorts.ascending("time")).into(new java.util.ArrayList<>()))));
        out.set("orders", JSON.readTree(MergeTrail.json(db.collection("r_order").find(Filters.eq("customer", customer))
                .into(new java.util.ArrayList<>()))));
        out.set("merges", JSON.readTree(MergeTrail.json(merges.mergesOf(db, customer))));
        audit(db, "export", customer, actor, null);
        return out;
    }

    /** Erases a customer; returns the audit entry. */
    public Document erase(TenantDatabase db, String customer, String actor) {
        records.get(db, "customer", customer, true);
        long removed = identities.removeAll(db, customer);
        long anonymised = events.events(db).updateMany(Filters.eq("customerId", customer), Updates.combine(
                Updates.set("customerId", "erased"), Updates.set("identities", List.of()),
                Updates.set("properties", new Document()), Updates.set("erased", true))).getModifiedCount();
        eraseRecord(db, customer, actor);
        db.collection(ProfileStore.COLLECTION).deleteOne(Filters.eq("_id", customer));
        return audit(db, "erase", customer, actor, new Document("identitiesRemoved", removed).append("eventsAnonymised", anonymised));
    }

    private void eraseRecord(TenantDatabase db, String customer, String actor) {
        ObjectNode current = records.get(db, "customer", customer, true);
        if (!current.has("_deletedAt")) {
            records.delete(db, "customer", customer, actor);
        }
        records.purge(db, "customer", customer, actor);
    }

    private Document audit(TenantDatabase db, String action, String customer, String actor, Document details) {
        Document entry = new Document("_id", "a" + UUID.randomUUID().toString().replace("-", "")).append("action", action)
                .append("customerId", customer).append("by", actor).append("at", new Date(clock.millis()))
                .append("details", details);
        db.collection("c360_audit").insertOne(entry);
        return entry;
    }

    public List<Document> auditLog(TenantDatabase db, String customer) {
        return db.collection("c360_audit").find(Filters.eq("customerId", customer)).sort(Sorts.descending("at"))
                .into(new java.util.ArrayList<>());
    }
}

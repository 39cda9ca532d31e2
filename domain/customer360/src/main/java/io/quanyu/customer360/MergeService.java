package io.quanyu.customer360;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.records.ReferenceMoves;
import io.quanyu.records.RecordService;
import org.bson.Document;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Merges two customer profiles and undoes merges. A merge keeps its lineage in {@code c360_merges}: both records
 * and profiles as they were, which attribute values it changed, and a trail tag on every identity, event and
 * referencing record it moved, so {@link #unmerge} restores the two profiles, their identities, events and references
 * as they were (events that arrived after the merge stay with the survivor). No multi-document transaction is
 * needed: each step is idempotent and the merge records how far it got.
 */
public final class MergeService {
    private final IdentityStore identities;
    private final EventStore events;
    private final ProfileStore profiles;
    private final ReferenceMoves references;
    private final RecordService records;
    private final AttributeMerge attributes;
    private final Clock clock;

    MergeService(IdentityStore identities, EventStore events, ProfileStore profiles, ReferenceMoves references,
                 RecordService records, AttributeMerge attributes, Clock clock) {
        this.identities = identities;
        this.events = events;
        this.profiles = profiles;
        this.references = references;
        this.records = records;
        this.attributes = attributes;
        this.clock = clock;
    }

    private static MongoCollection<Document> merges(TenantDatabase db) {
        return db.collection("c360_merges");
    }

    private static MongoCollection<Document> suggestions(TenantDatabase db) {
        return db.collection("c360_merge_suggestions");
    }

    /** Merges for identity resolution: the survivor is the known (non-anonymous), then the older profile. */
    String mergeForEvent(TenantDatabase db, String a, String b, String actor, String eventId) {
        ProfileState pa = profile(db, a);
        ProfileState pb = profile(db, b);
        boolean aWins = pa.anonymous != pb.anonymous ? !pa.anonymous : !pa.createdAt.isAfter(pb.createdAt);
        String survivor = aWins ? a : b;
        merge(db, survivor, aWins ? b : a, actor, "automatic: event " + eventId + " names an auto-merge identity of each");
        return survivor;
    }

    /** Merges {@code merged} into {@code survivor}; returns the merge's record. */
    public Document merge(TenantDatabase db, String survivor, String merged, String actor, String reason) {
        if (survivor.equals(merged)) {
            throw new QuanyuException(ErrorCode.MERGE_REFUSED, Map.of("reason", "a customer cannot be merged into itself"));
        }
        ProfileState s = live(db, survivor);
        ProfileState m = live(db, merged);
        String id = "m" + UUID.randomUUID().toString().replace("-", "");
        ObjectNode survivorRecord = records.get(db, "customer", survivor, false);
        ObjectNode mergedRecord = records.get(db, "customer", merged, false);
        Document merge = new Document("_id", id).append("survivor", survivor).append("merged", merged)
                .append("status", "merging").append("reason", reason).append("at", new Date(clock.millis())).append("by", actor)
                .append("survivorRecord", Document.parse(survivorRecord.toString()))
                .append("mergedRecord", Document.parse(mergedRecord.toString()))
                .append("survivorTags", new Document(s.tags)).append("mergedTags", new Document(m.tags))
                .append("survivorFacts", new Document(new java.util.LinkedHashMap<String, Object>(PluginFacts.copy(s.facts))))
                .append("mergedFacts", new Document(new java.util.LinkedHashMap<String, Object>(PluginFacts.copy(m.facts))));
        merges(db).insertOne(merge);
        m.mergedInto = survivor;
        saveOrFail(db, m);
        identities.move(db, merged, survivor, id);
        events.move(db, merged, survivor, id);
        references.move(db, "customer", merged, survivor, id, actor);
        Document changes = attributes.merge(db, survivorRecord, mergedRecord, actor);
        absorb(db, survivor, merged);
        records.delete(db, "customer", merged, actor);
        merges(db).updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("status", "done"),
                Updates.set("attributeChanges", changes)));
        closeSuggestions(db, survivor, merged, "merged");
        return merges(db).find(Filters.eq("_id", id)).first();
    }

    private void absorb(TenantDatabase db, String survivor, String merged) {
        for (int attempt = 0; attempt < 10; attempt++) {
            ProfileState s = profile(db, survivor);
            s.absorb(profile(db, merged));
            if (profiles.saveAll(db, List.of(s)).isEmpty()) {
                return;
            }
        }
        throw new IllegalStateException("profile " + survivor + " kept changing during the merge");
    }

    /** Undoes a merge: both profiles, their identities, events, references and attributes as they were. */
    public Document unmerge(TenantDatabase db, String mergeId, String actor) {
        Document merge = merges(db).find(Filters.eq("_id", mergeId)).first();
        if (merge == null) {
            throw new QuanyuException(ErrorCode.MERGE_NOT_FOUND, Map.of("merge", mergeId));
        }
        if (!"done".equals(merge.getString("status"))) {
            throw new QuanyuException(ErrorCode.UNMERGE_REFUSED, Map.of("merge", mergeId, "reason", "it is " + merge.getString("status")));
        }
        String survivor = merge.getString("survivor");
        String merged = merge.getString("merged");
        ProfileState s = profile(db, survivor);
        if (s.mergedInto != null) {
            throw new QuanyuException(ErrorCode.UNMERGE_REFUSED, Map.of("merge", mergeId,
                    "reason", survivor + " was merged into " + s.mergedInto + " since; undo that merge first"));
        }
        merges(db).updateOne(Filters.eq("_id", mergeId), Updates.set("status", "unmerging"));
        identities.undo(db, mergeId, merged);
        events.undo(db, mergeId, merged);
        references.undo(db, "customer", mergeId, merged, actor);
        records.restore(db, "customer", merged, actor);
        attributes.undo(db, merge, actor);
        rebuild(db, merged, null, merge.get("mergedTags", Document.class), null);
        rebuild(db, survivor, merge.get("mergedTags", Document.class), null, merge);
        merges(db).updateOne(Filters.eq("_id", mergeId), Updates.combine(Updates.set("status", "undone"),
                Updates.set("undoneAt", new Date(clock.millis())), Updates.set("undoneBy", actor)));
        return merges(db).find(Filters.eq("_id", mergeId)).first();
    }

    /**
     * Recomputes a profile's own aggregates from its events (the one place that reads history: an undo); the
     * survivor of an undone {@code merge} also gives back the plugin facts it gained from the merged profile.
     */
    private void rebuild(TenantDatabase db, String customer, Document dropTags, Document restoreTags, Document merge) {
        for (int attempt = 0; attempt < 10; attempt++) {
            ProfileState p = profile(db, customer);
            p.resetOwn();
            p.mergedInto = null;
            events.ofCustomer(db, customer).forEach(p::apply);
            if (dropTags != null) {
                dropTags.keySet().forEach(p.tags::remove);
            }
            if (restoreTags != null) {
                restoreTags.forEach((k, v) -> p.tags.put(k, (Document) v));
            }
            if (merge != null) {
                PluginFacts.unabsorb(p.facts, merge.get("survivorFacts", new Document()), merge.get("mergedFacts", new Document()));
                p.regrouped = Map.entry(merge.getString("merged"), false);
            }
            if (profiles.saveAll(db, List.of(p)).isEmpty()) {
                return;
            }
        }
        throw new IllegalStateException("profile " + customer + " kept changing during the unmerge");
    }

    /** Records that two profiles may be the same person (once per pair while open). */
    void suggest(TenantDatabase db, String a, String b, String reason) {
        String pair = a.compareTo(b) < 0 ? a + ":" + b : b + ":" + a;
        try {
            suggestions(db).insertOne(new Document("_id", "s" + UUID.randomUUID().toString().replace("-", ""))
                    .append("pair", pair).append("customers", List.of(a, b)).append("reason", reason)
                    .append("status", "open").append("at", new Date(clock.millis())));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    void ensureIndexes(TenantDatabase db) {
        suggestions(db).createIndex(new Document("pair", 1), new com.mongodb.client.model.IndexOptions().unique(true)
                .partialFilterExpression(Filters.eq("status", "open")));
    }

    /** Open suggestions, newest first; those of one customer when {@code customer} is given. */
    public List<Document> suggestions(TenantDatabase db, String customer) {
        var filter = customer == null ? Filters.eq("status", "open")
                : Filters.and(Filters.eq("status", "open"), Filters.eq("customers", customer));
        return suggestions(db).find(filter).sort(Sorts.descending("at")).limit(200).into(new java.util.ArrayList<>());
    }

    /** Accepts a suggestion: merges its second profile into its first. */
    public Document accept(TenantDatabase db, String suggestionId, String actor) {
        Document s = openSuggestion(db, suggestionId);
        List<String> pair = s.getList("customers", String.class);
        return merge(db, pair.get(0), pair.get(1), actor, "suggestion " + suggestionId + " accepted");
    }

    public void dismiss(TenantDatabase db, String suggestionId, String actor) {
        openSuggestion(db, suggestionId);
        suggestions(db).updateOne(Filters.eq("_id", suggestionId), Updates.combine(Updates.set("status", "dismissed"),
                Updates.set("closedBy", actor), Updates.set("closedAt", new Date(clock.millis()))));
    }

    private Document openSuggestion(TenantDatabase db, String id) {
        Document s = suggestions(db).find(Filters.and(Filters.eq("_id", id), Filters.eq("status", "open"))).first();
        if (s == null) {
            throw new QuanyuException(ErrorCode.SUGGESTION_NOT_FOUND, Map.of("suggestion", id));
        }
        return s;
    }

    private void closeSuggestions(TenantDatabase db, String a, String b, String status) {
        String pair = a.compareTo(b) < 0 ? a + ":" + b : b + ":" + a;
        suggestions(db).updateMany(Filters.and(Filters.eq("pair", pair), Filters.eq("status", "open")),
                Updates.set("status", status));
    }

    /** Merges of a customer (as survivor or merged), newest first. */
    public List<Document> mergesOf(TenantDatabase db, String customer) {
        return merges(db).find(Filters.or(Filters.eq("survivor", customer), Filters.eq("merged", customer)))
                .projection(new Document("survivorRecord", 0).append("mergedRecord", 0))
                .sort(Sorts.descending("at")).into(new java.util.ArrayList<>());
    }

    private ProfileState profile(TenantDatabase db, String id) {
        return profiles.find(db, id).orElseThrow(() -> new QuanyuException(ErrorCode.CUSTOMER_NOT_FOUND, Map.of("customer", id)));
    }

    private ProfileState live(TenantDatabase db, String id) {
        ProfileState p = profile(db, id);
        if (p.mergedInto != null) {
            throw new QuanyuException(ErrorCode.CUSTOMER_MERGED, Map.of("customer", id, "survivor", p.mergedInto));
        }
        return p;
    }

    private void saveOrFail(TenantDatabase db, ProfileState state) {
        for (int attempt = 0; attempt < 10; attempt++) {
            if (profiles.saveAll(db, List.of(state)).isEmpty()) {
                return;
            }
            ProfileState fresh = profile(db, state.id);
            fresh.mergedInto = state.mergedInto;
            state = fresh;
        }
        throw new IllegalStateException("profile " + state.id + " kept changing");
    }
}

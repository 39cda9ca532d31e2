package io.quanyu.segments;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The uploaded lists of list segments ({@value #COLLECTION}): one document per list and identity key
 * ({@code phone||+8613800138000}), so a list follows identities, not profiles: a merge or unmerge moves the identity
 * and the membership with it, and an identity nobody owns yet joins the segment when a customer with it appears. A
 * customer is on a list when any of their identities is; rules read it as {@value #FACT} (list keys).
 */
final class SegmentLists {
    static final String COLLECTION = "seg_list_entries";
    /** The facts field of the lists a customer is on. */
    static final String FACT = "lists";
    private static final int CHUNK = 1_000;

    /** What an upload changed: the identity keys that joined and left the list. */
    record Change(Set<String> added, Set<String> removed) {
    }

    void ensureIndexes(TenantDatabase db) {
        entries(db).createIndex(Indexes.compoundIndex(Indexes.ascending("identity"), Indexes.ascending("list")));
        entries(db).createIndex(Indexes.ascending("list"));
    }

    /**
     * Makes the list exactly these identity keys: the missing ones are added first, then the ones not uploaded again
     * are removed, so a crash in between leaves a list that holds at least the new upload (an upload again finishes).
     */
    Change replace(TenantDatabase db, String list, Set<String> keys) {
        Set<String> current = keys(db, list);
        Set<String> added = new LinkedHashSet<>(keys);
        added.removeAll(current);
        Set<String> removed = new LinkedHashSet<>(current);
        removed.removeAll(keys);
        List<String> toAdd = List.copyOf(added);
        for (int from = 0; from < toAdd.size(); from += CHUNK) {
            List<Document> docs = new ArrayList<>();
            for (String key : toAdd.subList(from, Math.min(toAdd.size(), from + CHUNK))) {
                docs.add(new Document("_id", list + "\n" + key).append("list", list).append("identity", key));
            }
            try {
                entries(db).insertMany(docs, new InsertManyOptions().ordered(false));
            } catch (com.mongodb.MongoBulkWriteException e) {
                if (e.getWriteErrors().stream().anyMatch(w -> w.getCategory() != com.mongodb.ErrorCategory.DUPLICATE_KEY)) {
                    throw e;
                }
            }
        }
        List<String> toRemove = List.copyOf(removed);
        for (int from = 0; from < toRemove.size(); from += CHUNK) {
            List<String> ids = toRemove.subList(from, Math.min(toRemove.size(), from + CHUNK)).stream()
                    .map(key -> list + "\n" + key).toList();
            entries(db).deleteMany(Filters.in("_id", ids));
        }
        return new Change(added, removed);
    }

    /** The identity keys on the list. */
    Set<String> keys(TenantDatabase db, String list) {
        Set<String> out = new HashSet<>();
        for (Document d : entries(db).find(Filters.eq("list", list)).projection(new Document("identity", 1))) {
            out.add(d.getString("identity"));
        }
        return out;
    }

    /** How many identities the list holds. */
    long size(TenantDatabase db, String list) {
        return entries(db).countDocuments(Filters.eq("list", list));
    }

    /** The lists any of these identity keys is on. */
    Set<String> listsOf(TenantDatabase db, Collection<String> identityKeys) {
        Set<String> out = new java.util.TreeSet<>();
        if (identityKeys.isEmpty()) {
            return out;
        }
        for (Document d : entries(db).find(Filters.in("identity", identityKeys)).projection(new Document("list", 1))) {
            out.add(d.getString("list"));
        }
        return out;
    }

    /** Forgets a list (its segment was deleted). */
    void drop(TenantDatabase db, String list) {
        entries(db).deleteMany(Filters.eq("list", list));
    }

    private static MongoCollection<Document> entries(TenantDatabase db) {
        return db.collection(COLLECTION);
    }
}

package io.quanyu.segments;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.outbox.DomainEvent;
import io.quanyu.outbox.Outbox;
import io.quanyu.outbox.OutboxSignal;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who is in which segment ({@value #COLLECTION}, one document per segment and customer). A change of membership is
 * one conditional write that also carries its {@code SegmentEntered} or {@code SegmentExited} domain event, with the
 * membership's version (one more per transition), so each transition is announced exactly once and in version order.
 * <p>
 * Each document keeps the definition version and the profile version its state was decided on; a decision taken on
 * older facts than the stored one (a backfill page read before an event the stream has already applied) is dropped.
 */
final class Memberships {
    static final String COLLECTION = "seg_members";
    /**
     * The event field that tells a segment from an earlier one of the same key (deleted, then made again): its
     * creation time in epoch milliseconds. A membership's version starts again at 1 in a new segment.
     */
    static final String GENERATION = "generation";
    private static final int ATTEMPTS = 8;
    private final OutboxSignal signal;

    Memberships(OutboxSignal signal) {
        this.signal = signal;
    }

    void ensureIndexes(TenantDatabase db) {
        members(db).createIndexes(List.of(
                new IndexModel(Indexes.ascending("segment", "member", "customer")),
                new IndexModel(Indexes.ascending("customer", "member"))));
    }

    /** The keys of the segments the customer is in. */
    Set<String> of(TenantDatabase db, String customer) {
        Set<String> out = new LinkedHashSet<>();
        for (Document d : members(db).find(Filters.and(Filters.eq("customer", customer), Filters.eq("member", true)))
                .projection(new Document("segment", 1))) {
            out.add(d.getString("segment"));
        }
        return out;
    }

    /** The segments of each customer, for a page of customers at once. */
    Map<String, Set<String>> ofAll(TenantDatabase db, Collection<String> customers) {
        Map<String, Set<String>> out = new HashMap<>();
        for (Document d : members(db).find(Filters.and(Filters.in("customer", customers), Filters.eq("member", true)))
                .projection(new Document("segment", 1).append("customer", 1))) {
            out.computeIfAbsent(d.getString("customer"), c -> new LinkedHashSet<>()).add(d.getString("segment"));
        }
        return out;
    }

    /** A customer's memberships, current and past, by segment key. */
    List<Membership> history(TenantDatabase db, String customer) {
        List<Membership> out = new ArrayList<>();
        for (Document d : members(db).find(Filters.eq("customer", customer)).sort(Sorts.ascending("segment"))) {
            out.add(member(d));
        }
        return out;
    }

    /** The membership documents of the segment for these customers, by customer (absent ones left out): one read by key. */
    Map<String, Document> documents(TenantDatabase db, String segment, Collection<String> customers) {
        Map<String, Document> out = new HashMap<>();
        for (Document d : members(db).find(Filters.in("_id", customers.stream().map(c -> id(segment, c)).toList()))) {
            out.put(d.getString("customer"), d);
        }
        return out;
    }

    /**
     * Every membership that ever changed, of the segments in {@code generations}, as the transition that left it (to
     * fill a new {@link SegmentIndex}); one pass over the collection.
     */
    void each(TenantDatabase db, Map<String, Long> generations, java.util.function.Consumer<SegmentIndex.Transition> sink) {
        for (Document d : members(db).find(Filters.gt("version", 0L))) {
            Long generation = generations.get(d.getString("segment"));
            if (generation != null) {
                Membership m = member(d);
                sink.accept(new SegmentIndex.Transition(m.segment(), generation, m.customer(), m.version(), m.member(), m.changedAt()));
            }
        }
    }

    Optional<Membership> find(TenantDatabase db, String segment, String customer) {
        return Optional.ofNullable(members(db).find(Filters.eq("_id", id(segment, customer))).first()).map(Memberships::member);
    }

    /** Members of the segment in customer id order after {@code after}. */
    List<Membership> members(TenantDatabase db, String segment, @Nullable String after, int limit) {
        Bson in = Filters.and(Filters.eq("segment", segment), Filters.eq("member", true));
        List<Membership> out = new ArrayList<>();
        for (Document d : members(db).find(after == null ? in : Filters.and(in, Filters.gt("customer", after)))
                .sort(Sorts.ascending("customer")).limit(limit)) {
            out.add(member(d));
        }
        return out;
    }

    /** Members per segment, for all segments at once (one aggregation); segments without members are absent. */
    Map<String, Long> counts(TenantDatabase db) {
        Map<String, Long> out = new HashMap<>();
        for (Document d : members(db).aggregate(List.of(com.mongodb.client.model.Aggregates.match(Filters.eq("member", true)),
                com.mongodb.client.model.Aggregates.group("$segment", com.mongodb.client.model.Accumulators.sum("n", 1L))))) {
            out.put(d.getString("_id"), ((Number) d.get("n")).longValue());
        }
        return out;
    }

    long count(TenantDatabase db, String segment) {
        return members(db).countDocuments(Filters.and(Filters.eq("segment", segment), Filters.eq("member", true)));
    }

    /** Forgets a deleted segment's memberships (no exit is announced: the segment is gone, not its members' state). */
    void forget(TenantDatabase db, String segment) {
        members(db).deleteMany(Filters.eq("segment", segment));
    }

    /**
     * Sets the customer's membership of the segment as an evaluation found it, unless the stored state was decided on
     * newer facts (a higher definition version, or the same and a higher profile version).
     *
     * @param profileVersion  the profile's version the evaluation read; null when the profile is gone (merged into
     *                        another), which leaves whatever the stored state was decided on
     * @param recordUnchanged whether to store the newer versions even when the membership stays (while a backfill of
     *                        the segment runs, so that its older pages cannot undo what the stream decided)
     * @return the transition made ({@code SegmentEntered}, {@code SegmentExited}), or empty
     */
    Optional<String> apply(TenantDatabase db, Segment definition, String customer,
                           @Nullable Long profileVersion, boolean member, Instant at, boolean recordUnchanged) {
        return apply(db, definition, customer, profileVersion, member, at, recordUnchanged, null, false);
    }

    /**
     * {@link #apply} with the membership document already read ({@code read}, null when absent) by a caller that read
     * a page of them at once ({@link #documents}); a write that finds it changed reads it again.
     */
    Optional<String> apply(TenantDatabase db, Segment definition, String customer, @Nullable Long profileVersion,
                           boolean member, Instant at, boolean recordUnchanged, @Nullable Document read, boolean wasRead) {
        String id = id(definition.key(), customer);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Document current = attempt == 0 && wasRead ? read : members(db).find(Filters.eq("_id", id)).first();
            Optional<Write> write = decide(definition, customer, profileVersion, member, at, recordUnchanged, current);
            if (write.isEmpty()) {
                return Optional.empty();
            }
            if (write(db, id, write.get().expected(), write.get().update())) {
                if (write.get().transition() != null) {
                    signal.written(db, COLLECTION, id);
                }
                return Optional.ofNullable(write.get().transition());
            }
        }
        throw new IllegalStateException("the membership " + id + " kept changing under " + ATTEMPTS + " attempts");
    }

    /** A backfill page's verdict on one customer: the profile version it read and whether the rule matched. */
    record Verdict(String customer, long profileVersion, boolean member) {
    }

    /**
     * Sets a page of memberships of the segment as a backfill page found them, each as {@link #apply} would, in one
     * bulk write over the documents read with the page ({@code read}, by customer): the writes that found their
     * document changed meanwhile (another node's, or the stream's) are done again one by one, reading it afresh.
     *
     * @return how many transitions were made
     */
    int applyAll(TenantDatabase db, Segment definition, List<Verdict> verdicts, Instant at, Map<String, Document> read) {
        List<com.mongodb.client.model.WriteModel<Document>> writes = new ArrayList<>();
        List<Verdict> written = new ArrayList<>();
        List<Write> decided = new ArrayList<>();
        for (Verdict v : verdicts) {
            decide(definition, v.customer(), v.profileVersion(), v.member(), at, false, read.get(v.customer())).ifPresent(w -> {
                String id = id(definition.key(), v.customer());
                writes.add(w.expected() == null
                        ? new com.mongodb.client.model.UpdateOneModel<>(absent(id), w.update(), new com.mongodb.client.model.UpdateOptions().upsert(true))
                        : new com.mongodb.client.model.UpdateOneModel<>(at(id, w.expected()), w.update()));
                written.add(v);
                decided.add(w);
            });
        }
        if (writes.isEmpty()) {
            return 0;
        }
        Set<Integer> failed = new java.util.HashSet<>();
        try {
            members(db).bulkWrite(writes, new com.mongodb.client.model.BulkWriteOptions().ordered(false));
        } catch (com.mongodb.MongoBulkWriteException e) {
            for (var error : e.getWriteErrors()) {
                if (error.getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                failed.add(error.getIndex());
            }
        }
        // an update whose document had changed matched nothing: the documents now tell which writes took effect
        Map<String, Document> now = documents(db, definition.key(), written.stream().map(Verdict::customer).toList());
        int transitions = 0;
        for (int i = 0; i < written.size(); i++) {
            Verdict v = written.get(i);
            Write w = decided.get(i);
            Document stored = now.get(v.customer());
            boolean took = !failed.contains(i) && stored != null && stored.getObjectId(WRITE) != null
                    && stored.getObjectId(WRITE).equals(w.mark());
            if (took) {
                if (w.transition() != null) {
                    signal.written(db, COLLECTION, id(definition.key(), v.customer()));
                    transitions++;
                }
            } else if (apply(db, definition, v.customer(), v.profileVersion(), v.member(), at, false, stored, true).isPresent()) {
                transitions++;
            }
        }
        return transitions;
    }

    /**
     * A write of the membership and the version its document must still be at ({@code expected}, null when it must be
     * absent), marked with a new id ({@value #WRITE}) so that a bulk of them can tell which took effect.
     */
    private record Write(Bson update, @Nullable Long expected, @Nullable String transition, org.bson.types.ObjectId mark) {
    }

    /** The field that names the last write of a membership document (a bulk reads it back to see which writes took). */
    private static final String WRITE = "write";

    /**
     * What to write so that the membership is as an evaluation found it, given the stored document ({@code current},
     * null when absent); empty when nothing is to change (the stored state was decided on newer facts, or already is).
     */
    private static Optional<Write> decide(Segment definition, String customer, @Nullable Long profileVersion,
                                          boolean member, Instant at, boolean recordUnchanged, @Nullable Document current) {
        String segment = definition.key();
        long definitionVersion = definition.version();
        if (current == null && !member && !recordUnchanged) {
            return Optional.empty();
        }
        long version = current == null ? 0 : current.get("version", Number.class).longValue();
        if (current != null && profileVersion != null && older(current, definitionVersion, profileVersion)) {
            return Optional.empty();
        }
        boolean was = current != null && current.getBoolean("member", false);
        if (was == member && (!recordUnchanged || profileVersion == null
                || (current != null && sameVersions(current, definitionVersion, profileVersion)))) {
            return Optional.empty();
        }
        org.bson.types.ObjectId mark = new org.bson.types.ObjectId();
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("segment", segment), Updates.set("customer", customer),
                Updates.set("definitionVersion", definitionVersion), Updates.set(WRITE, mark)));
        if (profileVersion != null) {
            updates.add(Updates.set("profileVersion", profileVersion));
        }
        String type = null;
        if (was != member) {
            type = member ? DomainEvent.SEGMENT_ENTERED : DomainEvent.SEGMENT_EXITED;
            updates.add(Updates.set("member", member));
            updates.add(Updates.set("version", version + 1));
            updates.add(Updates.set("changedAt", Date.from(at)));
            if (member) {
                updates.add(Updates.set("enteredAt", Date.from(at)));
            }
            updates.add(Outbox.push(List.of(Outbox.entry(type, customer, at, Map.of("segment", segment,
                    "customerId", customer, "version", version + 1, "definitionVersion", definitionVersion,
                    GENERATION, generation(definition))))));
        } else if (current == null) {
            updates.add(Updates.set("member", false));
            updates.add(Updates.set("version", 0L));
            updates.add(Updates.set("changedAt", Date.from(at)));
        }
        return Optional.of(new Write(Updates.combine(updates), current == null ? null : version, type, mark));
    }

    static long generation(Segment segment) {
        return segment.createdAt().toEpochMilli();
    }

    /** Each segment's generation, by key. */
    static Map<String, Long> generations(List<Segment> segments) {
        Map<String, Long> out = new HashMap<>();
        segments.forEach(s -> out.put(s.key(), generation(s)));
        return out;
    }

    /** The write, if the document is still at {@code version} (absent when null); false when another write came first. */
    private static boolean write(TenantDatabase db, String id, @Nullable Long version, Bson update) {
        if (version == null) {
            try {
                members(db).updateOne(absent(id), update, new com.mongodb.client.model.UpdateOptions().upsert(true));
                return true;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    return false;
                }
                throw e;
            }
        }
        return members(db).updateOne(at(id, version), update).getMatchedCount() == 1;
    }

    /** The membership document, if no write made it yet (an upsert on it fails on the key when one did). */
    private static Bson absent(String id) {
        return Filters.and(Filters.eq("_id", id), Filters.exists("version", false));
    }

    /** The membership document, if it is still at this version. */
    private static Bson at(String id, long version) {
        return Filters.and(Filters.eq("_id", id), Filters.eq("version", version));
    }

    private static boolean older(Document current, long definitionVersion, long profileVersion) {
        long storedDefinition = number(current, "definitionVersion");
        return definitionVersion < storedDefinition
                || (definitionVersion == storedDefinition && profileVersion < number(current, "profileVersion"));
    }

    private static boolean sameVersions(Document current, long definitionVersion, long profileVersion) {
        return number(current, "definitionVersion") == definitionVersion && number(current, "profileVersion") == profileVersion;
    }

    private static long number(Document d, String field) {
        Number n = d.get(field, Number.class);
        return n == null ? -1 : n.longValue();
    }

    private static Membership member(Document d) {
        Date entered = d.getDate("enteredAt");
        return new Membership(d.getString("segment"), d.getString("customer"), d.getBoolean("member", false),
                number(d, "version"), entered == null ? null : entered.toInstant(), d.getDate("changedAt").toInstant());
    }

    static String id(String segment, String customer) {
        return segment + "|" + customer;
    }

    private static MongoCollection<Document> members(TenantDatabase db) {
        return db.collection(COLLECTION);
    }
}

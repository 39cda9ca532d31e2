package io.quanyu.customer360;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.outbox.Outbox;
import io.quanyu.outbox.OutboxSignal;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Profiles' aggregates in the tenant's {@code c360_profiles} (one document per customer record id). Every save is
 * conditional on the version read, so two nodes applying events to one profile never lose an update: the loser
 * reloads and applies again (its events' ids are in the applied ring, so nothing is counted twice).
 */
final class ProfileStore {
    /** Set on a profile created before its customer record, until the record exists. */
    static final String RECORD_PENDING = "recordPending";
    static final String COLLECTION = "c360_profiles";
    private final Clock clock;
    private final OutboxSignal signal;

    ProfileStore(Clock clock, OutboxSignal signal) {
        this.clock = clock;
        this.signal = signal;
    }

    private MongoCollection<Document> profiles(TenantDatabase db) {
        return db.collection(COLLECTION);
    }

    Optional<ProfileState> find(TenantDatabase db, String id) {
        return Optional.ofNullable(profiles(db).find(Filters.eq("_id", id)).first()).map(ProfileStore::fromDocument);
    }

    Map<String, ProfileState> findAll(TenantDatabase db, Collection<String> ids) {
        Map<String, ProfileState> out = new LinkedHashMap<>();
        for (Document d : profiles(db).find(Filters.in("_id", ids))) {
            ProfileState state = fromDocument(d);
            out.put(state.id, state);
        }
        return out;
    }

    /**
     * Live profiles in id order after {@code after}, read lazily from one query (the embedded store answers an id
     * range by reading the collection, so a caller that goes page by page should keep one cursor, not query per page).
     */
    com.mongodb.client.MongoCursor<ProfileState> live(TenantDatabase db, String after) {
        Bson live = Filters.eq("mergedInto", null);
        return profiles(db).find(after == null ? live : Filters.and(Filters.gt("_id", after), live))
                .sort(com.mongodb.client.model.Sorts.ascending("_id")).batchSize(500).map(ProfileStore::fromDocument).cursor();
    }

    long countLive(TenantDatabase db) {
        return profiles(db).countDocuments(Filters.eq("mergedInto", null));
    }

    /** Creates the profile document of a new customer (a no-op when it exists). */
    void create(TenantDatabase db, ProfileState state) {
        create(db, state, false);
    }

    /**
     * Creates a profile; with {@code recordPending}, flagged ({@value #RECORD_PENDING}) until {@link #recordCreated}
     * says its customer record followed, so a crash between the two is finished later ({@link #recordPending}).
     * Saves of the state leave the flag as it is.
     */
    void create(TenantDatabase db, ProfileState state, boolean recordPending) {
        try {
            Document doc = toDocument(state);
            if (recordPending) {
                doc.append(RECORD_PENDING, true);
            }
            profiles(db).insertOne(doc);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    /** The profile's customer record exists: the flag of {@link #create} goes. */
    void recordCreated(TenantDatabase db, String id) {
        profiles(db).updateOne(Filters.eq("_id", id), com.mongodb.client.model.Updates.unset(RECORD_PENDING));
    }

    /** Those of these profiles still waiting for their customer record (a crash came between the two). */
    java.util.Set<String> recordPending(TenantDatabase db, Collection<String> ids) {
        java.util.Set<String> out = new java.util.HashSet<>();
        if (!ids.isEmpty()) {
            profiles(db).find(Filters.and(Filters.in("_id", ids), Filters.eq(RECORD_PENDING, true)))
                    .projection(new Document("_id", 1)).forEach(d -> out.add(d.getString("_id")));
        }
        return out;
    }

    void delete(TenantDatabase db, String id) {
        profiles(db).deleteOne(Filters.eq("_id", id));
    }

    /** Saves each state if its stored version is still the one it was read at; returns the ids that lost a race. */
    List<String> saveAll(TenantDatabase db, Collection<ProfileState> states) {
        if (states.isEmpty()) {
            return List.of();
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        Map<String, List<Document>> events = new java.util.HashMap<>();
        for (ProfileState s : states) {
            events.put(s.id, ProfileEvents.of(s, clock.instant()));
            writes.add(new UpdateOneModel<>(Filters.and(Filters.eq("_id", s.id), Filters.eq("v", s.version)),
                    update(s, events.get(s.id))));
        }
        var result = profiles(db).bulkWrite(writes, new com.mongodb.client.model.BulkWriteOptions().ordered(false));
        if (result.getMatchedCount() == states.size()) {
            states.forEach(s -> saved(db, s, !events.get(s.id).isEmpty()));
            return List.of();
        }
        Map<String, ProfileState> now = findAll(db, states.stream().map(s -> s.id).toList());
        List<String> lost = new ArrayList<>();
        for (ProfileState s : states) {
            ProfileState stored = now.get(s.id);
            if (stored != null && stored.version == s.version + 1 && stored.applied.equals(s.applied)) {
                saved(db, s, !events.get(s.id).isEmpty());
            } else {
                lost.add(s.id);
            }
        }
        return lost;
    }

    /**
     * Every field of the state, and its domain events since the last save pushed onto the document's outbox in the
     * same write (a field-wise {@code $set} rather than a replace, so events the relay has not taken yet stay).
     */
    private static Bson update(ProfileState s, List<Document> events) {
        List<Bson> updates = new ArrayList<>();
        toDocument(s).append("v", s.version + 1).forEach((field, value) -> {
            if (!field.equals("_id")) {
                updates.add(Updates.set(field, value));
            }
        });
        if (!events.isEmpty()) {
            updates.add(Outbox.push(events));
        }
        return Updates.combine(updates);
    }

    private void saved(TenantDatabase db, ProfileState s, boolean withEvents) {
        s.version++;
        s.stored();
        if (withEvents) {
            signal.written(db, COLLECTION, s.id);
        }
    }

    static Document toDocument(ProfileState s) {
        Document d = new Document("_id", s.id).append("v", s.version).append("anonymous", s.anonymous)
                .append("createdAt", Date.from(s.createdAt)).append("firstSeen", ProfileState.date(s.firstSeen))
                .append("lastSeen", ProfileState.date(s.lastSeen)).append("counts", new Document(new LinkedHashMap<>(s.counts)))
                .append("channels", new ArrayList<>(s.channels)).append("identityTypes", new ArrayList<>(s.identityTypes));
        d.append("orders", new Document("count", s.ordersCount).append("amount", ProfileState.decimal(s.ordersAmount))
                .append("firstAt", ProfileState.date(s.firstOrderAt)).append("lastAt", ProfileState.date(s.lastOrderAt)));
        d.append("social", new Document("shares", s.shares).append("followers", new Document(new LinkedHashMap<>(s.followers)))
                .append("referredVisitors", s.referredVisitors).append("referredCustomers", s.referredCustomers)
                .append("referredOrderValue", ProfileState.decimal(s.referredOrderValue)));
        return d.append("referredBy", s.referredBy).append("tags", new Document(new LinkedHashMap<>(s.tags)))
                .append("facts", new Document(PluginFacts.copy(s.facts)))
                .append("stage", s.stage).append("stageHistory", new ArrayList<>(s.stageHistory))
                .append("applied", new ArrayList<>(s.applied)).append("mergedInto", s.mergedInto);
    }

    static ProfileState fromDocument(Document d) {
        ProfileState s = new ProfileState(d.getString("_id"), d.getDate("createdAt").toInstant(), d.getBoolean("anonymous", true));
        s.version = d.get("v", Number.class) == null ? 0 : d.get("v", Number.class).longValue();
        s.firstSeen = instant(d.getDate("firstSeen"));
        s.lastSeen = instant(d.getDate("lastSeen"));
        d.get("counts", new Document()).forEach((k, v) -> s.counts.put(k, ((Number) v).longValue()));
        s.channels.addAll(d.getList("channels", String.class, List.of()));
        s.identityTypes.addAll(d.getList("identityTypes", String.class, List.of()));
        Document orders = d.get("orders", new Document());
        s.ordersCount = number(orders.get("count"));
        s.ordersAmount = decimal(orders.get("amount"));
        s.firstOrderAt = instant(orders.getDate("firstAt"));
        s.lastOrderAt = instant(orders.getDate("lastAt"));
        Document social = d.get("social", new Document());
        s.shares = number(social.get("shares"));
        social.get("followers", new Document()).forEach((k, v) -> s.followers.put(k, ((Number) v).longValue()));
        s.referredVisitors = number(social.get("referredVisitors"));
        s.referredCustomers = number(social.get("referredCustomers"));
        s.referredOrderValue = decimal(social.get("referredOrderValue"));
        s.referredBy = d.getString("referredBy");
        d.get("tags", new Document()).forEach((k, v) -> s.tags.put(k, (Document) v));
        d.get("facts", new Document()).forEach((k, v) -> s.facts.put(k, (Document) v));
        s.stage = d.getString("stage") == null ? "stranger" : d.getString("stage");
        s.stageHistory.addAll(d.getList("stageHistory", Document.class, List.of()));
        s.applied.addAll(d.getList("applied", String.class, List.of()));
        s.mergedInto = d.getString("mergedInto");
        s.stored();
        return s;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    private static BigDecimal decimal(Object value) {
        return value instanceof Decimal128 d ? d.bigDecimalValue() : value instanceof Number n ? new BigDecimal(n.toString()) : BigDecimal.ZERO;
    }
}

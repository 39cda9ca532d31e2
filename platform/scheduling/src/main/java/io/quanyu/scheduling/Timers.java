package io.quanyu.scheduling;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quanyu.core.tenant.TenantId;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static com.mongodb.client.model.Filters.eq;

/**
 * Schedule, find, cancel and the operator's view of dead timers. A timer's pointer ({@code sched_timers}, keyed by
 * tenant, kind and key) is inserted before its entry is written: the unique {@code _id} makes scheduling idempotent,
 * and a repeat finishes what an interrupted first call left (a pointer whose entry is missing).
 */
final class Timers {
    private final Store store;
    private final Placement placement;
    private final Clock clock;

    Timers(Store store, Placement placement, Clock clock) {
        this.store = store;
        this.placement = placement;
        this.clock = clock;
    }

    List<Timer> scheduleAll(List<TimerRequest> requests, boolean allowJobs) {
        List<NewEntry> entries = TimerRequests.entries(requests, allowJobs);
        List<Placement.Location> locations = placement.allocate(entries);
        Set<Integer> existing = insertPointers(entries, locations);
        writeNew(entries, locations, existing);
        List<Timer> answers = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            NewEntry entry = entries.get(i);
            answers.add(existing.contains(i) ? repeat(entry, allowJobs) : timer(entry, Timer.State.PENDING, true));
        }
        return answers;
    }

    /** Writes the entries of the timers this call created (a refused one is placed again). */
    private void writeNew(List<NewEntry> entries, List<Placement.Location> locations, Set<Integer> existing) {
        List<NewEntry> fresh = new ArrayList<>();
        List<Placement.Location> freshLocations = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (!existing.contains(i)) {
                fresh.add(entries.get(i));
                freshLocations.add(locations.get(i));
            }
        }
        List<Integer> refused = placement.write(fresh, freshLocations);
        placement.relocate(refused.stream().map(fresh::get).toList());
    }

    /** Inserts the pointers; answers the indexes whose pointer already existed. */
    private Set<Integer> insertPointers(List<NewEntry> entries, List<Placement.Location> locations) {
        List<Document> pointers = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            pointers.add(placement.pointer(entries.get(i), locations.get(i)));
        }
        Set<Integer> existing = new HashSet<>();
        try {
            store.timers.insertMany(pointers, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (!Store.isDuplicateKey(e)) {
                throw e;
            }
            e.getWriteErrors().stream().map(BulkWriteError::getIndex).forEach(existing::add);
        }
        return existing;
    }

    /** A repeated schedule: the existing timer, after completing an interrupted first call if need be. */
    private Timer repeat(NewEntry requested, boolean allowJobs) {
        Document pointer = store.timers.find(eq("_id", requested.timerId())).first();
        if (pointer == null) {
            return again(requested, allowJobs);
        }
        if ("dead".equals(pointer.getString("state"))) {
            return timer(pointer, Timer.State.DEAD);
        }
        String slot = pointer.getString("slot");
        Document chunk = store.chunks.find(eq("_id", pointer.getString("chunk")))
                .projection(Projections.include("t." + slot, "x." + slot, "done")).first();
        Document entry = entry(chunk, slot);
        if (entry != null && entry.containsKey("f")) {
            return timer(pointer, Timer.State.FIRED);
        }
        if (cancelled(chunk, slot)) {
            store.timers.deleteOne(eq("_id", requested.timerId()));
            return again(requested, allowJobs);
        }
        return entry != null ? unfired(pointer, entry, chunk.getBoolean("done", false)) : unwritten(pointer, requested);
    }

    /** The pointer exists but its entry was never written (the first call stopped in between): write it now. */
    private Timer unwritten(Document pointer, NewEntry requested) {
        NewEntry missing = stored(pointer, requested.payload());
        List<Integer> refused = placement.write(List.of(missing), List.of(location(pointer)));
        placement.relocate(refused.isEmpty() ? List.of() : List.of(missing));
        return timer(pointer, Timer.State.PENDING);
    }

    private Timer again(NewEntry requested, boolean allowJobs) {
        TimerRequest request = new TimerRequest(new TenantId(requested.tenant()), requested.kind(), requested.key(),
                requested.due(), Payloads.fromBson(requested.payload()));
        return scheduleAll(List.of(request), allowJobs).getFirst();
    }

    /** A written entry not fired yet; one left unfired in a finished chunk (a crash while placing) is placed again. */
    private Timer unfired(Document pointer, Document entry, boolean chunkDone) {
        if (chunkDone) {
            placement.relocate(List.of(stored(pointer, entry.get("p", Document.class))));
        }
        return timer(pointer, Timer.State.PENDING);
    }

    Optional<Timer> find(TenantId tenant, String kind, String key) {
        Document pointer = store.timers.find(eq("_id", Store.timerId(tenant.value(), kind, key))).first();
        if (pointer == null) {
            return Optional.empty();
        }
        if ("dead".equals(pointer.getString("state"))) {
            return Optional.of(timer(pointer, Timer.State.DEAD));
        }
        String slot = pointer.getString("slot");
        Document chunk = store.chunks.find(eq("_id", pointer.getString("chunk")))
                .projection(Projections.include("t." + slot, "x." + slot)).first();
        Document entry = entry(chunk, slot);
        if (entry != null && entry.containsKey("f")) {
            return Optional.of(timer(pointer, Timer.State.FIRED));
        }
        return cancelled(chunk, slot) ? Optional.empty() : Optional.of(timer(pointer, Timer.State.PENDING));
    }

    /**
     * Marks the entry cancelled ({@code x.<slot>}) with one upsert on its chunk. It will not fire if no node had
     * claimed the chunk at that moment: the claim is one atomic write on the same document, so the two are ordered,
     * and a claim that came first makes the cancel answer false (and take its mark back).
     */
    boolean cancel(TenantId tenant, String kind, String key) {
        String id = Store.timerId(tenant.value(), kind, key);
        Document pointer = store.timers.find(eq("_id", id)).first();
        if (pointer == null) {
            return false;
        }
        boolean dead = "dead".equals(pointer.getString("state"));
        if (!dead && !markCancelled(pointer.getString("chunk"), pointer.getString("slot"))) {
            return false;
        }
        store.dead.deleteOne(eq("_id", id));
        store.timers.deleteOne(eq("_id", id));
        return true;
    }

    private boolean markCancelled(String chunk, String slot) {
        Bson claimState = Projections.include("owner", "sealed", "t." + slot + ".f");
        if (claimed(store.chunks.find(eq("_id", chunk)).projection(claimState).first(), slot)) {
            return false;
        }
        Document after = store.chunks.findOneAndUpdate(eq("_id", chunk), Updates.set("x." + slot, Date.from(clock.instant())),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER).projection(claimState));
        if (claimed(after, slot)) {
            store.chunks.updateOne(eq("_id", chunk), Updates.unset("x." + slot));
            return false;
        }
        return true;
    }

    private static boolean claimed(Document chunk, String slot) {
        if (chunk == null) {
            return false;
        }
        Document entry = entry(chunk, slot);
        return chunk.get("owner") != null || chunk.getBoolean("sealed", false) || entry != null && entry.containsKey("f");
    }

    List<DeadTimer> deadTimers(TenantId tenant, int limit) {
        List<DeadTimer> out = new ArrayList<>();
        store.dead.find(eq("tenant", tenant.value())).sort(Sorts.ascending("deadAt")).limit(limit)
                .forEach(d -> out.add(new DeadTimer(tenant, d.getString("kind"), d.getString("key"),
                        d.getDate("due").toInstant(), d.getInteger("a"), d.getString("error"),
                        d.getDate("deadAt").toInstant(), Payloads.fromBson(d.get("p", Document.class)))));
        return out;
    }

    boolean retry(TenantId tenant, String kind, String key) {
        String id = Store.timerId(tenant.value(), kind, key);
        Document dead = store.dead.find(eq("_id", id)).first();
        if (dead == null) {
            return false;
        }
        placement.relocate(List.of(new NewEntry(tenant.value(), kind, key, dead.getString("i"), clock.instant(), 1,
                dead.getInteger("g", 0), dead.get("p", Document.class), true)));
        store.dead.deleteOne(eq("_id", id));
        return true;
    }

    private static Document entry(Document chunk, String slot) {
        Document entries = chunk == null ? null : chunk.get("t", Document.class);
        return entries == null ? null : entries.get(slot, Document.class);
    }

    private static boolean cancelled(Document chunk, String slot) {
        Document marks = chunk == null ? null : chunk.get("x", Document.class);
        return marks != null && marks.containsKey(slot);
    }

    private static Placement.Location location(Document pointer) {
        return new Placement.Location(pointer.getString("chunk"), pointer.getString("slot"));
    }

    private static NewEntry stored(Document pointer, Document payload) {
        String[] id = Store.timerIdParts(pointer.getString("_id"));
        return new NewEntry(id[0], id[1], id[2], pointer.getString("i"), pointer.getDate("due").toInstant(), pointer.getInteger("a"),
                pointer.getInteger("g", 0), payload, false);
    }

    private static Timer timer(NewEntry entry, Timer.State state, boolean created) {
        return new Timer(new TenantId(entry.tenant()), entry.kind(), entry.key(), entry.due(), entry.attempt(), state, created);
    }

    private static Timer timer(Document pointer, Timer.State state) {
        String[] id = Store.timerIdParts(pointer.getString("_id"));
        return new Timer(new TenantId(id[0]), id[1], id[2], pointer.getDate("due").toInstant(), pointer.getInteger("a"),
                state, false);
    }
}

package io.quanyu.scheduling;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.mongodb.client.model.Filters.eq;

/**
 * Puts timer entries into chunks. A slot is handed out by one {@code $inc} on the bucket document of the due time;
 * a bucket already sealed (its time has passed and a node is firing it) refuses, so the slot is taken from a later
 * bucket. A timer due now goes to the first bucket ending at least a margin (half a bucket, at least 100 ms) from now,
 * so the entry is written before the bucket is sealed. The entry is then written with one upsert on its chunk; a
 * chunk sealed meanwhile refuses the same way (the entry written there is marked cancelled, {@code x.<slot>}) and the
 * entry is placed again. Everything is keyed by {@code _id}.
 */
final class Placement {
    private static final int MAX_TRIES = 10_000;
    private static final FindOneAndUpdateOptions UPSERT_AFTER = new FindOneAndUpdateOptions().upsert(true)
            .returnDocument(ReturnDocument.AFTER);

    private final Store store;
    private final Clock clock;
    private final long marginMillis;

    Placement(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.marginMillis = Math.max(100, store.bucketMillis / 2);
    }

    /** The bucket an entry goes to: of its due time, but never one ending within the margin (it may be sealed by
     * the time the entry is written). */
    private long target(NewEntry entry) {
        long soonest = store.bucketOf(clock.instant().plusMillis(marginMillis));
        return Math.max(Math.max(store.bucketOf(entry.due()), soonest), store.origin);
    }

    /** Where an entry goes: its chunk and its slot in the chunk's map. */
    record Location(String chunk, String slot) {
    }

    private record Group(long bucket, String tenant) {
    }

    /** A slot for each entry, in the bucket of its due time or the first later one not sealed. */
    List<Location> allocate(List<NewEntry> entries) {
        Map<Group, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            NewEntry entry = entries.get(i);
            groups.computeIfAbsent(new Group(target(entry), entry.tenant()), g -> new ArrayList<>()).add(i);
        }
        Location[] locations = new Location[entries.size()];
        groups.forEach((group, indexes) -> {
            long[] reserved = reserve(group.bucket(), group.tenant(), indexes.size());
            for (int j = 0; j < indexes.size(); j++) {
                long slot = reserved[1] + j;
                locations[indexes.get(j)] = new Location(
                        Store.chunkId(reserved[0], group.tenant(), store.chunkNo(slot)), Store.slotName(slot));
            }
        });
        return List.of(locations);
    }

    /** {bucket, first slot} of {@code count} slots reserved for the tenant. */
    private long[] reserve(long bucket, String tenant, int count) {
        String counter = "n." + tenant;
        for (int tries = 0; tries < MAX_TRIES; tries++) {
            Document after = store.buckets.findOneAndUpdate(eq("_id", bucket), Updates.inc(counter, count),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)
                            .projection(Projections.include("sealed", counter)));
            if (!after.getBoolean("sealed", false)) {
                return new long[]{bucket, ((Number) after.get("n", Document.class).get(tenant)).longValue() - count};
            }
            bucket = Math.max(bucket + 1, store.bucketOf(clock.instant()));
        }
        throw new IllegalStateException("no open bucket found after " + MAX_TRIES + " tries; are the nodes' clocks far apart?");
    }

    /**
     * Writes the entries at their locations; answers the indexes of those that met a sealed chunk (they are marked
     * cancelled there and must be placed again).
     */
    List<Integer> write(List<NewEntry> entries, List<Location> locations) {
        Map<String, List<Integer>> byChunk = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            byChunk.computeIfAbsent(locations.get(i).chunk(), c -> new ArrayList<>()).add(i);
        }
        List<Integer> refused = new ArrayList<>();
        byChunk.forEach((chunk, indexes) -> {
            Document set = new Document();
            indexes.forEach(i -> set.append("t." + locations.get(i).slot(), entries.get(i).stored()));
            Document after = store.chunks.findOneAndUpdate(eq("_id", chunk), new Document("$set", set),
                    UPSERT_AFTER.projection(Projections.include("sealed")));
            if (after.getBoolean("sealed", false)) {
                markCancelled(chunk, indexes.stream().map(i -> locations.get(i).slot()).toList());
                refused.addAll(indexes);
            }
        });
        return refused;
    }

    private void markCancelled(String chunk, List<String> slots) {
        Document set = new Document();
        Date now = Date.from(clock.instant());
        slots.forEach(slot -> set.append("x." + slot, now));
        store.chunks.updateOne(eq("_id", chunk), new Document("$set", set));
    }

    /**
     * Places entries whose timers already have a pointer (a retry, a relocation, an operator's retry): a fresh slot
     * each, then the pointer is moved to it. The old entry, if any, is left for its firing node to mark.
     */
    void relocate(List<NewEntry> entries) {
        List<NewEntry> pending = entries.stream().map(NewEntry::relocated).toList();
        while (!pending.isEmpty()) {
            List<Location> locations = allocate(pending);
            Set<Integer> refused = Set.copyOf(write(pending, locations));
            List<NewEntry> again = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                if (refused.contains(i)) {
                    again.add(pending.get(i));
                } else {
                    point(pending.get(i), locations.get(i));
                }
            }
            pending = again;
        }
    }

    private void point(NewEntry entry, Location location) {
        store.timers.updateOne(eq("_id", entry.timerId()), Updates.combine(Updates.set("chunk", location.chunk()),
                Updates.set("slot", location.slot()), Updates.set("a", entry.attempt()), Updates.max("g", entry.generation()),
                Updates.set("due", Date.from(entry.due())), Updates.unset("state")));
    }

    /** The pointer document of a new timer placed at {@code location}. */
    Document pointer(NewEntry entry, Location location) {
        return new Document("_id", entry.timerId()).append("i", entry.incarnation()).append("due", Date.from(entry.due()))
                .append("chunk", location.chunk()).append("slot", location.slot()).append("a", entry.attempt())
                .append("g", entry.generation()).append("at", Date.from(clock.instant()));
    }
}

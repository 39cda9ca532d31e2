package io.quanyu.scheduling;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static com.mongodb.client.model.Filters.eq;

/**
 * Fires one claimed chunk: reads it with the claim (one atomic write that also names this node as owner), fires its
 * entries in due order on the node's handler permits, records outcomes in batches, keeps the lease, then seals the
 * chunk (no entry can land in it afterwards), fires what arrived before the seal, and marks it done. A run that loses
 * its lease or meets an error stops without sealing; the chunk is then claimed again and its unrecorded entries fire
 * again (at least once).
 */
final class ChunkRun {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkRun.class);
    private static final FindOneAndUpdateOptions AFTER = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

    /** What a handler call left: the slot and its outcome. */
    private record Done(String slot, String outcome, Date at) {
    }

    private final Engine engine;
    private final String chunk;
    private final Set<String> handled = new HashSet<>();
    private final BlockingQueue<Done> completed = new LinkedBlockingQueue<>();
    private final List<Done> unrecorded = new ArrayList<>();
    private long heldUntil;
    private int running;
    private boolean failed;

    ChunkRun(Engine engine, String chunk, long heldUntil) {
        this.engine = engine;
        this.chunk = chunk;
        this.heldUntil = heldUntil;
    }

    /** Runs the chunk to the end; answers whether it is done. */
    boolean run() throws InterruptedException {
        Document claimed = engine.store().chunks.findOneAndUpdate(eq("_id", chunk), Updates.combine(
                Updates.set("owner", engine.options().nodeId()), Updates.set("claimedAt", Date.from(clock().instant())),
                Updates.pushEach("tk", List.of(Leases.id(chunk, heldUntil - 1), Leases.id(chunk, heldUntil)))),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        if (!claimed.getBoolean("done", false)) {
            fireAll(claimed);
            if (!held()) {
                return false;
            }
            fireAll(engine.store().chunks.findOneAndUpdate(eq("_id", chunk), Updates.set("sealed", true), AFTER));
            if (!held()) {
                return false;
            }
            engine.store().chunks.updateOne(eq("_id", chunk), Updates.set("done", true));
        }
        engine.store().buckets.updateOne(eq("_id", Store.bucketOfChunk(chunk)), Updates.addToSet("dc", chunk));
        return true;
    }

    private boolean held() {
        return heldUntil != Leases.NONE && !failed;
    }

    private void fireAll(Document chunkDoc) throws InterruptedException {
        for (Map.Entry<String, Document> entry : due(chunkDoc)) {
            if (!permit()) {
                break;
            }
            running++;
            Thread.ofVirtual().start(() -> fireOne(entry.getKey(), entry.getValue()));
            drain(false);
        }
        drain(true);
    }

    /** Waits for a handler permit, keeping the lease meanwhile; false when the lease is lost. */
    private boolean permit() throws InterruptedException {
        while (keepLease()) {
            if (engine.workers().tryAcquire(pollMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /** Entries written, not yet handled, fired or cancelled, earliest due first. */
    private List<Map.Entry<String, Document>> due(Document chunkDoc) {
        Document entries = chunkDoc.get("t", Document.class);
        if (entries == null) {
            return List.of();
        }
        Document cancelled = chunkDoc.get("x", Document.class);
        List<Map.Entry<String, Document>> due = new ArrayList<>();
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            Document entry = (Document) e.getValue();
            boolean stopped = entry.containsKey("f") || cancelled != null && cancelled.containsKey(e.getKey());
            if (!stopped && handled.add(e.getKey())) {
                due.add(Map.entry(e.getKey(), entry));
            }
        }
        due.sort(Comparator.comparing(e -> e.getValue().getDate("d")));
        return due;
    }

    private void fireOne(String slot, Document entry) {
        String outcome = null;
        try {
            outcome = engine.firing().fire(chunk, entry);
        } catch (RuntimeException e) {
            LOG.warn("timer {} in chunk {} could not be fired; it fires again later", slot, chunk, e);
        } finally {
            engine.workers().release();
            completed.add(new Done(slot, outcome, Date.from(clock().instant())));
        }
    }

    /** Collects finished calls; records a batch when full (or all of them when {@code all}, waiting for the rest). */
    private void drain(boolean all) throws InterruptedException {
        while (running > 0) {
            Done done = all ? completed.poll(pollMillis(), TimeUnit.MILLISECONDS) : completed.poll();
            if (done == null && !all) {
                break;
            }
            if (done == null) {
                keepLease();
            } else {
                collect(done);
            }
        }
        if (all) {
            record();
        }
    }

    private void collect(Done done) {
        running--;
        if (done.outcome() == null) {
            failed = true;
        } else {
            unrecorded.add(done);
        }
        if (unrecorded.size() >= engine.options().progressBatch()) {
            record();
        }
    }

    private void record() {
        if (unrecorded.isEmpty()) {
            return;
        }
        Document set = new Document();
        for (Done done : unrecorded) {
            set.append("t." + done.slot() + ".f", done.at()).append("t." + done.slot() + ".o", done.outcome());
        }
        engine.store().chunks.updateOne(eq("_id", chunk), new Document("$set", set));
        unrecorded.clear();
    }

    private boolean keepLease() {
        if (heldUntil == Leases.NONE) {
            return false;
        }
        long before = heldUntil;
        heldUntil = engine.leases().renew(chunk, heldUntil, clock().instant());
        if (heldUntil != Leases.NONE && heldUntil != before) {
            engine.store().chunks.updateOne(eq("_id", chunk), Updates.push("tk", Leases.id(chunk, heldUntil)));
        }
        if (heldUntil == Leases.NONE) {
            LOG.warn("node {} lost the lease of chunk {}; another node fires the rest", engine.options().nodeId(), chunk);
        }
        return heldUntil != Leases.NONE;
    }

    private long pollMillis() {
        return Math.max(10, Math.min(200, engine.options().lease().toMillis() / 4));
    }

    private Clock clock() {
        return engine.clock();
    }
}

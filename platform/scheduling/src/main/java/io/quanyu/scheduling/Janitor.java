package io.quanyu.scheduling;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static com.mongodb.client.model.Filters.eq;

/**
 * Forgets done buckets older than the retention period: their chunks, lease tickets and the pointers of timers that
 * ended there (a pointer that moved on to a later entry, or belongs to a dead timer, stays). Buckets are taken one at
 * a time, in order, by moving the purge mark with {@code $max} and reading the value before: the node that moved it
 * purges that bucket. Every read and delete is by {@code _id}.
 */
final class Janitor {
    private static final Logger LOG = LoggerFactory.getLogger(Janitor.class);
    private static final int BATCH = 50;

    private final Engine engine;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile Thread worker;

    Janitor(Engine engine) {
        this.engine = engine;
    }

    /** Starts purging on a virtual thread when something is old enough and no purge runs on this node. */
    void nudge() {
        if (!stopped && busy.compareAndSet(false, true)) {
            worker = Thread.ofVirtual().name("quanyu-scheduler-janitor").start(() -> {
                try {
                    while (!stopped && purgeNext()) {
                        LOG.debug("purged a bucket");
                    }
                } catch (RuntimeException e) {
                    LOG.warn("purging old timers failed; it is tried again later", e);
                } finally {
                    busy.set(false);
                }
            });
        }
    }

    /** Stops purging and waits up to {@code millis} for a purge under way. */
    void stop(long millis) throws InterruptedException {
        stopped = true;
        Thread running = worker;
        if (running != null) {
            running.join(millis);
        }
    }

    /** Purges the oldest bucket not purged if it is done and past retention; answers whether it did. */
    boolean purgeNext() {
        Document state = engine.store().state.find(eq("_id", Store.STATE)).projection(Projections.include("wm", "pm")).first();
        long bucket = state.getLong("pm");
        Instant horizon = engine.clock().instant().minus(engine.options().retention());
        if (bucket >= state.getLong("wm") || engine.store().bucketEnd(bucket).isAfter(horizon)) {
            return false;
        }
        Document before = engine.store().state.findOneAndUpdate(eq("_id", Store.STATE), Updates.max("pm", bucket + 1),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE).projection(Projections.include("pm")));
        if (before.getLong("pm") == bucket) {
            purge(bucket);
        }
        return true;
    }

    private void purge(long bucket) {
        Document doc = engine.store().buckets.find(eq("_id", bucket)).first();
        if (doc == null) {
            return;
        }
        List<String> chunks = new ArrayList<>();
        Document counts = doc.get("n", Document.class);
        if (counts != null) {
            counts.forEach((tenant, count) -> {
                long n = engine.store().chunksFor(((Number) count).longValue());
                for (long i = 0; i < n; i++) {
                    chunks.add(Store.chunkId(bucket, tenant, i));
                }
            });
        }
        for (int i = 0; i < chunks.size(); i += BATCH) {
            purgeChunks(chunks.subList(i, Math.min(chunks.size(), i + BATCH)));
        }
        engine.store().buckets.deleteOne(eq("_id", bucket));
    }

    private void purgeChunks(List<String> ids) {
        Map<String, String> places = new HashMap<>();
        List<String> tickets = new ArrayList<>();
        for (Document chunk : engine.store().chunks.find(Filters.in("_id", ids))) {
            tickets.addAll(chunk.getList("tk", String.class, List.of()));
            places.putAll(places(chunk));
        }
        deleteAll(engine.store().timers, ended(places));
        deleteAll(engine.store().leases, tickets);
        deleteAll(engine.store().chunks, ids);
    }

    /** Timer id → {@code <chunk>/<slot>} of every entry in the chunk. */
    private static Map<String, String> places(Document chunk) {
        Map<String, String> places = new HashMap<>();
        Document entries = chunk.get("t", Document.class);
        String id = chunk.getString("_id");
        String tenant = Store.tenantOfChunk(id);
        if (entries != null) {
            entries.forEach((slot, entry) -> places.put(Store.timerId(tenant, ((Document) entry).getString("k"),
                    ((Document) entry).getString("key")), id + "/" + slot));
        }
        return places;
    }

    /** The timers whose pointer still names the given place and that are not dead: they ended there. */
    private List<String> ended(Map<String, String> places) {
        List<String> ended = new ArrayList<>();
        engine.store().timers.find(Filters.in("_id", places.keySet())).projection(Projections.include("chunk", "slot", "state"))
                .forEach(p -> {
                    String at = p.getString("chunk") + "/" + p.getString("slot");
                    if (p.get("state") == null && at.equals(places.get(p.getString("_id")))) {
                        ended.add(p.getString("_id"));
                    }
                });
        return ended;
    }

    private static void deleteAll(MongoCollection<Document> collection, List<String> ids) {
        if (!ids.isEmpty()) {
            collection.deleteMany(Filters.in("_id", ids));
        }
    }
}

package io.quanyu.scheduling;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static com.mongodb.client.model.Filters.eq;

/**
 * Finds due work for one node, round after round. A round looks at the buckets that have ended, from the watermark
 * (the first bucket not done) on, plus always the most recent ones; seals them (no more slots are handed out in a
 * sealed bucket); lists their chunks not done per tenant; and claims chunks round-robin across tenants (the turn
 * carrying over between rounds), so a tenant with a million due timers delays another tenant's one due timer by
 * about one chunk per node, not by its backlog. A bucket
 * whose chunks are all done is done, and the watermark moves past it.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    static final int WINDOW = 600;
    static final int RECENT = 10;

    private final Engine engine;
    private final Semaphore chunkSlots;
    private final Semaphore wake = new Semaphore(0);
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<Long> sealed = new HashSet<>();
    private final Set<Long> done = new HashSet<>();
    private final Map<String, Long> refusedUntil = new HashMap<>();
    private String lastServed = "";

    Dispatcher(Engine engine) {
        this.engine = engine;
        this.chunkSlots = new Semaphore(engine.options().chunksInFlight());
    }

    /** One round; answers whether it started any chunk. */
    boolean round() {
        Instant now = engine.clock().instant();
        long nowBucket = engine.store().bucketOf(now);
        long watermark = watermark();
        List<Long> window = window(watermark, nowBucket);
        if (window.isEmpty()) {
            return false;
        }
        seal(window);
        List<Document> buckets = read(window);
        Map<String, Deque<String>> queues = queues(buckets);
        advance(watermark, nowBucket);
        return start(interleave(queues), now) > 0;
    }

    /** Waits up to {@code millis} for a chunk to finish (or for {@link #wakeUp()}). */
    void pause(long millis) throws InterruptedException {
        wake.tryAcquire(Math.max(1, millis), TimeUnit.MILLISECONDS);
        wake.drainPermits();
    }

    void wakeUp() {
        wake.release();
    }

    boolean idle() {
        return inFlight.isEmpty();
    }

    private long watermark() {
        Document state = engine.store().state.find(eq("_id", Store.STATE)).projection(Projections.include("wm")).first();
        return state.getLong("wm");
    }

    /** Ended buckets to look at: from the watermark on, and the most recent ones when the watermark is far behind. */
    private List<Long> window(long watermark, long nowBucket) {
        List<Long> window = new ArrayList<>();
        long end = Math.min(nowBucket, watermark + WINDOW);
        addNotDone(window, watermark, end);
        addNotDone(window, Math.max(end, nowBucket - RECENT), nowBucket);
        return window;
    }

    private void addNotDone(List<Long> window, long from, long to) {
        for (long b = from; b < to; b++) {
            if (!done.contains(b)) {
                window.add(b);
            }
        }
    }

    private void seal(List<Long> window) {
        List<WriteModel<Document>> seals = new ArrayList<>();
        for (long bucket : window) {
            if (!sealed.contains(bucket)) {
                seals.add(new UpdateOneModel<>(eq("_id", bucket), Updates.set("sealed", true), new UpdateOptions().upsert(true)));
            }
        }
        if (!seals.isEmpty()) {
            engine.store().buckets.bulkWrite(seals);
            window.forEach(sealed::add);
        }
    }

    private List<Document> read(List<Long> window) {
        List<Document> buckets = engine.store().buckets.find(Filters.in("_id", window)).into(new ArrayList<>());
        buckets.sort((a, b) -> Long.compare(a.getLong("_id"), b.getLong("_id")));
        return buckets;
    }

    /** Per tenant, in bucket order, the chunks not done; buckets with none left are done. */
    private Map<String, Deque<String>> queues(List<Document> buckets) {
        Map<String, Deque<String>> queues = new LinkedHashMap<>();
        for (Document bucket : buckets) {
            if (queueChunksLeft(bucket, queues) == 0) {
                done.add(bucket.getLong("_id"));
            }
        }
        return queues;
    }

    /** Adds the bucket's chunks not done to their tenants' queues; answers how many. */
    private int queueChunksLeft(Document bucket, Map<String, Deque<String>> queues) {
        Set<String> finished = new HashSet<>(bucket.getList("dc", String.class, List.of()));
        Document counts = bucket.get("n", Document.class);
        int left = 0;
        for (String tenant : counts == null ? Set.<String>of() : counts.keySet()) {
            long chunks = engine.store().chunksFor(((Number) counts.get(tenant)).longValue());
            for (long n = 0; n < chunks; n++) {
                String chunk = Store.chunkId(bucket.getLong("_id"), tenant, n);
                if (!finished.contains(chunk)) {
                    queues.computeIfAbsent(tenant, t -> new ArrayDeque<>()).add(chunk);
                    left++;
                }
            }
        }
        return left;
    }

    private void advance(long watermark, long nowBucket) {
        long next = watermark;
        while (next < nowBucket && done.contains(next)) {
            done.remove(next);
            sealed.remove(next);
            next++;
        }
        if (next > watermark) {
            engine.store().state.updateOne(eq("_id", Store.STATE), Updates.max("wm", next));
        }
    }

    /**
     * The chunks in round-robin order across tenants (in tenant order), starting with the tenant after the one this
     * node started a chunk for last, so the turn carries over from round to round.
     */
    private List<String> interleave(Map<String, Deque<String>> queues) {
        List<String> tenants = new ArrayList<>(new TreeSet<>(queues.keySet()));
        int first = 0;
        while (first < tenants.size() && tenants.get(first).compareTo(lastServed) <= 0) {
            first++;
        }
        List<String> order = new ArrayList<>();
        boolean any = !tenants.isEmpty();
        while (any) {
            any = false;
            for (int i = 0; i < tenants.size(); i++) {
                String chunk = queues.get(tenants.get((first + i) % tenants.size())).poll();
                if (chunk != null) {
                    order.add(chunk);
                    any = true;
                }
            }
        }
        return order;
    }

    /** Claims and launches chunks in order while this node has chunk slots; answers how many it started. */
    private int start(List<String> order, Instant now) {
        long window = engine.leases().window(now);
        refusedUntil.values().removeIf(w -> w < window);
        int started = 0;
        for (String chunk : order) {
            if (inFlight.contains(chunk) || refusedUntil.containsKey(chunk)) {
                continue;
            }
            if (!chunkSlots.tryAcquire()) {
                break;
            }
            started += claim(chunk, now, window) ? 1 : 0;
        }
        return started;
    }

    /** Claims one chunk (a free slot is held) and launches it; another node holding it is remembered for the window. */
    private boolean claim(String chunk, Instant now, long window) {
        long heldUntil;
        try {
            heldUntil = engine.leases().claim(chunk, now);
        } catch (RuntimeException e) {
            chunkSlots.release();
            throw e;
        }
        if (heldUntil == Leases.NONE) {
            chunkSlots.release();
            refusedUntil.put(chunk, window);
            return false;
        }
        launch(chunk, heldUntil);
        lastServed = Store.tenantOfChunk(chunk);
        return true;
    }

    private void launch(String chunk, long heldUntil) {
        inFlight.add(chunk);
        Thread.ofVirtual().name("quanyu-chunk-" + chunk).start(() -> {
            try {
                new ChunkRun(engine, chunk, heldUntil).run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("chunk {} stopped; it is claimed again when its lease ends", chunk, e);
            } finally {
                inFlight.remove(chunk);
                chunkSlots.release();
                wakeUp();
            }
        });
    }
}

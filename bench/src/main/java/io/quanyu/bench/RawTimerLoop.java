package io.quanyu.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.mongodb.client.model.Filters.eq;

/**
 * The baseline of {@link SchedulingBenchmark}: the reads and writes the scheduler makes to fire timers, done by a
 * plain loop with the raw driver and no scheduler (same store, same documents, same concurrency: 4 chunk threads,
 * 16 effect writers): read and seal the ended buckets, then per chunk insert two lease tickets, claim it (one
 * findOneAndUpdate returning it), insert each timer's effect, record outcomes 50 at a time, seal it, mark it done and
 * add it to its bucket's done chunks.
 */
final class RawTimerLoop {
    private static final int CHUNK_THREADS = 4;
    private static final int WRITERS = 16;
    private static final int PROGRESS = 50;

    private RawTimerLoop() {
    }

    /** Fires every timer of the prepared database; answers timers per second. */
    static double run(MongoDatabase db) throws Exception {
        long start = System.nanoTime();
        List<String> chunks = chunks(db);
        int timers;
        try (ExecutorService chunkThreads = Executors.newFixedThreadPool(CHUNK_THREADS);
             ExecutorService writers = Executors.newFixedThreadPool(WRITERS)) {
            List<Future<Integer>> fired = new ArrayList<>();
            for (String chunk : chunks) {
                fired.add(chunkThreads.submit(() -> fire(db, chunk, writers)));
            }
            timers = 0;
            for (Future<Integer> f : fired) {
                timers += f.get();
            }
        }
        return timers / ((System.nanoTime() - start) / 1e9);
    }

    /** Seals every ended bucket from the watermark on and lists their chunks. */
    private static List<String> chunks(MongoDatabase db) {
        Document state = db.getCollection("sched_state").find(eq("_id", "state")).first();
        long now = System.currentTimeMillis() / state.getLong("bucketMillis");
        List<Long> window = new ArrayList<>();
        List<WriteModel<Document>> seals = new ArrayList<>();
        for (long b = state.getLong("wm"); b < now; b++) {
            window.add(b);
            seals.add(new UpdateOneModel<>(eq("_id", b), Updates.set("sealed", true), new UpdateOptions().upsert(true)));
        }
        MongoCollection<Document> buckets = db.getCollection("sched_buckets");
        buckets.bulkWrite(seals);
        List<String> chunks = new ArrayList<>();
        for (Document bucket : buckets.find(Filters.in("_id", window))) {
            Document counts = bucket.get("n", Document.class);
            if (counts != null) {
                counts.forEach((tenant, n) -> chunks.addAll(chunkIds(bucket.getLong("_id"), tenant,
                        ((Number) n).longValue(), state.getInteger("chunkSize"))));
            }
        }
        return chunks;
    }

    private static List<String> chunkIds(long bucket, String tenant, long slots, int chunkSize) {
        List<String> ids = new ArrayList<>();
        for (long c = 0; c < (slots + chunkSize - 1) / chunkSize; c++) {
            ids.add(bucket + "|" + tenant + "|" + c);
        }
        return ids;
    }

    private static int fire(MongoDatabase db, String chunk, ExecutorService writers) throws Exception {
        MongoCollection<Document> chunks = db.getCollection("sched_chunks");
        db.getCollection("sched_leases").insertMany(List.of(new Document("_id", chunk + "#1").append("owner", "raw"),
                new Document("_id", chunk + "#2").append("owner", "raw")), new InsertManyOptions().ordered(true));
        Document claimed = chunks.findOneAndUpdate(eq("_id", chunk), Updates.combine(Updates.set("owner", "raw"),
                Updates.set("claimedAt", new Date()), Updates.pushEach("tk", List.of(chunk + "#1", chunk + "#2"))),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        List<String> slots = new ArrayList<>();
        List<Future<?>> writes = effects(db.getCollection("effects"), chunk, claimed, slots, writers);
        record(chunks, chunk, slots, writes);
        chunks.findOneAndUpdate(eq("_id", chunk), Updates.set("sealed", true), new FindOneAndUpdateOptions()
                .returnDocument(ReturnDocument.AFTER));
        chunks.updateOne(eq("_id", chunk), Updates.set("done", true));
        db.getCollection("sched_buckets").updateOne(eq("_id", Long.parseLong(chunk.substring(0, chunk.indexOf('|')))),
                Updates.addToSet("dc", chunk));
        return slots.size();
    }

    /** Starts one effect insert per entry of the claimed chunk (keyed as the scheduler's idempotency key is). */
    private static List<Future<?>> effects(MongoCollection<Document> effects, String chunk, Document claimed,
                                           List<String> slots, ExecutorService writers) {
        Document entries = claimed.get("t", Document.class);
        String tenant = chunk.substring(chunk.indexOf('|') + 1, chunk.lastIndexOf('|'));
        List<Future<?>> writes = new ArrayList<>();
        for (Map.Entry<String, Object> e : entries == null ? List.<Map.Entry<String, Object>>of() : entries.entrySet()) {
            Document entry = (Document) e.getValue();
            String key = tenant + "|" + entry.getString("k") + "|" + entry.getString("key") + "|" + entry.getString("i");
            slots.add(e.getKey());
            writes.add(writers.submit(() -> effects.insertOne(new Document("_id", key).append("at", new Date()))));
        }
        return writes;
    }

    /** Waits for the effects in order, recording their outcomes 50 at a time as the scheduler does. */
    private static void record(MongoCollection<Document> chunks, String chunk, List<String> slots, List<Future<?>> writes)
            throws Exception {
        Document set = new Document();
        for (int i = 0; i < slots.size(); i++) {
            writes.get(i).get();
            set.append("t." + slots.get(i) + ".f", new Date()).append("t." + slots.get(i) + ".o", "ok");
            if (set.size() >= 2 * PROGRESS || i == slots.size() - 1) {
                chunks.updateOne(eq("_id", chunk), new Document("$set", set));
                set = new Document();
            }
        }
    }
}

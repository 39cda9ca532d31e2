package io.quanyu.scheduling;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;

/**
 * A scheduler node in its own JVM, for {@link SchedulerCrashTest}: its handler appends every call to {@code calls}
 * and inserts the effect keyed by the timer's idempotency key into {@code effects} (a duplicate key means the effect
 * is already there). Arguments: connection string, database, node id. Runs until killed.
 */
public final class CrashNode {

    private CrashNode() {
    }

    static SchedulerOptions options(String node) {
        return Nodes.fast(node).withLease(Duration.ofSeconds(1));
    }

    public static void main(String[] args) throws Exception {
        String node = args[2];
        MongoClient client = MongoClients.create(args[0]);
        MongoDatabase database = client.getDatabase(args[1]);
        MongoCollection<Document> calls = database.getCollection("calls");
        MongoCollection<Document> effects = database.getCollection("effects");
        DefaultScheduler scheduler = new DefaultScheduler(database, Clock.systemUTC(), options(node));
        scheduler.register("effect", timer -> {
            calls.insertOne(new Document("key", timer.key()).append("node", node));
            try {
                effects.insertOne(new Document("_id", timer.idempotencyKey()).append("key", timer.key()).append("node", node));
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
        });
        scheduler.start();
        System.out.println("started " + node);
        Thread.currentThread().join();
    }
}

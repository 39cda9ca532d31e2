package io.quanyu.outbox;

import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;

import java.time.Clock;
import java.util.List;

/**
 * A node in its own JVM for {@link NodeCrashTest}: writes documents with events, relays and delivers them to a
 * subscriber whose effect is one document per event id, until it is killed.
 * Arguments: MongoDB connection string, tenant id, how many documents to write.
 */
public final class CrashingNode {
    private CrashingNode() {
    }

    public static void main(String[] args) throws Exception {
        var client = MongoClients.create(args[0]);
        TenantDatabase db = SeamFixture.tenant(client, args[1]);
        EventSeam seam = new EventSeam(() -> List.of(db), SeamFixture.fast("doomed"), Clock.systemUTC());
        seam.subscribe(effects(db)).start();
        int count = Integer.parseInt(args[2]);
        for (int i = 0; i < count; i++) {
            SeamFixture.insert(db, "doc" + i, "customer" + (i % 50), i);
            seam.written(db, SeamFixture.SOURCE, "doc" + i);
            if (i % 100 == 0) {
                System.out.println("written " + i);
                System.out.flush();
            }
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    /** One effect document per event id, however often the event is handed over; every call is counted. */
    static Subscriber effects(TenantDatabase db) {
        return new Subscriber() {
            public String name() {
                return "effects";
            }

            public void handle(DomainEvent event) {
                db.collection("effects").updateOne(Filters.eq("_id", event.id()),
                        Updates.combine(Updates.setOnInsert("key", event.key()), Updates.inc("calls", 1)),
                        new UpdateOptions().upsert(true));
            }
        };
    }

    static long effects(TenantDatabase db, String field) {
        long total = 0;
        for (Document d : db.collection("effects").find()) {
            total += field == null ? 1 : d.getInteger(field, 0);
        }
        return total;
    }
}

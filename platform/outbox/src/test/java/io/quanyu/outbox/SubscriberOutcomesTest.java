package io.quanyu.outbox;

import com.mongodb.client.model.Filters;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.testfixtures.InJvmMongoExtension;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Runs handed over at once, "unavailable" as a pause rather than a failure, and events of multi-document updates. */
class SubscriberOutcomesTest {
    @RegisterExtension
    static final InJvmMongoExtension MONGO = new InJvmMongoExtension();
    private TenantDatabase db;
    private EventSeam seam;

    @BeforeEach
    void tenant() {
        db = SeamFixture.tenant(MONGO.client(), SeamFixture.freshTenant());
        seam = new EventSeam(() -> List.of(db), SeamFixture.fast("n1"), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        seam.close();
    }

    /** Takes whole runs; throws Unavailable while {@code down}. */
    static final class Bulk implements Subscriber {
        final AtomicBoolean down = new AtomicBoolean();
        final List<Integer> runs = new CopyOnWriteArrayList<>();
        final List<DomainEvent> seen = new CopyOnWriteArrayList<>();
        final List<Integer> singles = new CopyOnWriteArrayList<>();

        public String name() {
            return "bulk";
        }

        public void handle(DomainEvent event) {
            singles.add(1);
            seen.add(event);
        }

        @Override
        public void handleAll(List<DomainEvent> events) throws Unavailable {
            if (down.get()) {
                throw new Unavailable("index down", new IllegalStateException("connection refused"));
            }
            runs.add(events.size());
            seen.addAll(events);
        }
    }

    @Test
    void eventsArriveInRunsAndAnUnavailableSubscriberKeepsItsPlaceWithoutDeadLetters() {
        Bulk bulk = new Bulk();
        bulk.down.set(true);
        seam.subscribe(bulk).start();
        for (int i = 0; i < 50; i++) {
            SeamFixture.insert(db, "d" + i, "k" + i, i);
            seam.written(db, SeamFixture.SOURCE, "d" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> seam.lag(db, "bulk") == 50);
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(bulk.seen).isEmpty();
        assertThat(seam.deadLetters(db, "bulk")).as("an outage is not a failure of the events").isEmpty();

        bulk.down.set(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> seam.lag(db, "bulk") == 0);
        assertThat(bulk.seen).extracting(e -> e.data().get("doc")).hasSize(50).doesNotHaveDuplicates();
        assertThat(bulk.singles).as("every run was taken whole").isEmpty();
        assertThat(bulk.runs).as("fewer calls than events").hasSizeLessThan(50);
    }

    @Test
    void aRunThatFailsIsHandedOverOneByOne() {
        List<String> handled = new CopyOnWriteArrayList<>();
        seam.subscribe(new Subscriber() {
            public String name() {
                return "careful";
            }

            public void handle(DomainEvent event) {
                handled.add(event.key());
            }

            @Override
            public void handleAll(List<DomainEvent> events) {
                throw new IllegalStateException("one of them is odd");
            }
        }).start();
        SeamFixture.insert(db, "a", "ka", 1);
        SeamFixture.insert(db, "b", "kb", 2);
        seam.written(db, SeamFixture.SOURCE, "a");
        seam.written(db, SeamFixture.SOURCE, "b");
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.containsAll(List.of("ka", "kb")));
        assertThat(seam.deadLetters(db, "careful")).isEmpty();
    }

    @Test
    void aSubscriberWaitingToRetryAnEventHoldsUpNoOtherSubscriber() {
        seam.close();
        seam = new EventSeam(() -> List.of(db), SeamFixture.fast("n1").withRetries(5, 2_000), Clock.systemUTC());
        List<Integer> poisonAttempts = new CopyOnWriteArrayList<>();
        seam.subscribe(new Subscriber() {
            public String name() {
                return "stuck";
            }

            public void handle(DomainEvent event) {
                if (event.key().equals("poison")) {
                    poisonAttempts.add(1);
                    throw new IllegalStateException("cannot take it");
                }
            }
        });
        Bulk other = new Bulk();
        seam.subscribe(other).start();
        SeamFixture.insert(db, "p", "poison", 0);
        seam.written(db, SeamFixture.SOURCE, "p");
        for (int i = 0; i < 5; i++) {
            SeamFixture.insert(db, "f" + i, "poison", i + 1);
            seam.written(db, SeamFixture.SOURCE, "f" + i);
        }
        // Pauses of 2, 4, 8 and 16 s lie ahead of the stuck subscriber; the other one is served at once.
        await().atMost(Duration.ofSeconds(2)).until(() -> other.seen.size() == 6);
        assertThat(poisonAttempts).hasSizeBetween(1, 2);
        assertThat(seam.lag(db, "stuck")).as("the stuck subscriber keeps its place, in order per key").isEqualTo(6);
        assertThat(seam.deadLetters(db, "stuck")).isEmpty();
    }

    @Test
    void aSubscriberBusyWithASlowCallHoldsUpNoOtherSubscriberOfThePartition() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<String> slowSeen = new CopyOnWriteArrayList<>();
        seam.subscribe(new Subscriber() {
            public String name() {
                return "slow";
            }

            public void handle(DomainEvent event) throws InterruptedException {
                release.await();
                slowSeen.add(event.key());
            }
        });
        Bulk other = new Bulk();
        seam.subscribe(other).start();
        for (int i = 0; i < 3; i++) {
            SeamFixture.insert(db, "s" + i, "same-key", i);
            seam.written(db, SeamFixture.SOURCE, "s" + i);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> other.seen.size() == 3);
        assertThat(slowSeen).as("still in its first call").isEmpty();
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> slowSeen.size() == 3);
    }

    @Test
    void aForgottenSubscriberLosesItsPositionsAndDeadLettersInThatTenantAndStartsAgainAtTheOldestEvent() {
        seam.close();
        seam = new EventSeam(() -> List.of(db), SeamFixture.fast("n1").withRetries(1, 10), Clock.systemUTC());
        List<String> seen = new CopyOnWriteArrayList<>();
        seam.subscribe(new Subscriber() {
            public String name() {
                return "gone";
            }

            public void handle(DomainEvent event) {
                seen.add(event.key());
                if (event.key().equals("bad")) {
                    throw new IllegalStateException("refused");
                }
            }
        }).start();
        SeamFixture.insert(db, "g1", "bad", 1);
        seam.written(db, SeamFixture.SOURCE, "g1");
        SeamFixture.insert(db, "g2", "good", 2);
        seam.written(db, SeamFixture.SOURCE, "g2");
        await().atMost(Duration.ofSeconds(10)).until(() -> seam.lag(db, "gone") == 0);
        assertThat(seam.deadLetters(db, "gone")).hasSize(1);
        long positions = db.collection(EventLog.POSITIONS).countDocuments();

        seam.forget(db, "gone");

        assertThat(seam.deadLetters(db, "gone")).isEmpty();
        assertThat(db.collection(EventLog.POSITIONS).countDocuments()).isLessThan(positions);
        seam.poll();
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 4);
        assertThat(seen).containsExactly("bad", "good", "bad", "good");
    }

    @Test
    void anUpdateOfManyDocumentsPublishesOneEventPerDocumentKeyedByIt() {
        Bulk bulk = new Bulk();
        seam.subscribe(bulk).start();
        for (int i = 0; i < 5; i++) {
            db.collection(SeamFixture.SOURCE).insertOne(new Document("_id", "m" + i).append("colour", "red"));
        }
        Document each = Outbox.eachEntry(DomainEvent.RECORD_CHANGED, "id", Instant.now(), Map.of("fields", List.of("colour")));
        db.collection(SeamFixture.SOURCE).updateMany(Filters.eq("colour", "red"), com.mongodb.client.model.Updates.combine(
                com.mongodb.client.model.Updates.set("colour", "blue"), Outbox.push(List.of(each))));
        List<Object> changed = new ArrayList<>();
        db.collection(SeamFixture.SOURCE).find(Filters.eq(Outbox.FIELD + "._id", each.get("_id"))).forEach(d -> changed.add(d.get("_id")));
        changed.forEach(id -> seam.written(db, SeamFixture.SOURCE, id));

        await().atMost(Duration.ofSeconds(10)).until(() -> bulk.seen.size() == 5);
        assertThat(bulk.seen).extracting(DomainEvent::key).containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4");
        assertThat(bulk.seen).extracting(e -> e.data().get("id")).containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4");
        assertThat(bulk.seen).extracting(DomainEvent::id).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).startsWith(each.getString("_id") + "/"));
        assertThat(bulk.seen).allSatisfy(e -> assertThat(e.data()).containsEntry("fields", List.of("colour")));
    }
}

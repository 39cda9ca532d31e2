package io.quanyu.outbox;

import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.testfixtures.InJvmMongoExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventSeamTest {
    @RegisterExtension
    static final InJvmMongoExtension MONGO = new InJvmMongoExtension();
    final List<EventSeam> seams = new ArrayList<>();
    TenantDatabase db;

    @AfterEach
    void close() {
        seams.forEach(EventSeam::close);
    }

    private EventSeam node(String name, SeamOptions options) {
        if (db == null) {
            db = SeamFixture.tenant(MONGO.client(), SeamFixture.freshTenant());
        }
        TenantDatabase tenant = db;
        EventSeam seam = new EventSeam(() -> List.of(tenant), options, Clock.systemUTC());
        seams.add(seam);
        return seam;
    }

    /** Records what it is handed, in order; ignores an event id it saw (as every subscriber must). */
    static final class Recorder implements Subscriber {
        final String name;
        final List<DomainEvent> seen = new CopyOnWriteArrayList<>();
        final Set<String> ids = ConcurrentHashMap.newKeySet();
        final Set<String> types;

        Recorder(String name, Set<String> types) {
            this.name = name;
            this.types = types;
        }

        Recorder(String name) {
            this(name, Set.of());
        }

        public String name() {
            return name;
        }

        public Set<String> types() {
            return types;
        }

        public void handle(DomainEvent event) {
            if (ids.add(event.id())) {
                seen.add(event);
            }
        }
    }

    @Test
    void eventsWrittenWithTheirChangeReachEverySubscriberInOrderPerKey() {
        var first = new Recorder("first");
        var second = new Recorder("second");
        EventSeam seam = node("n1", SeamFixture.fast("n1")).subscribe(first).subscribe(second).start();
        for (int i = 0; i < 40; i++) {
            String doc = "d" + (i % 4);
            if (i < 4) {
                SeamFixture.insert(db, doc, doc, i);
            } else {
                SeamFixture.change(db, doc, doc, i);
            }
            seam.written(db, SeamFixture.SOURCE, doc);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> first.seen.size() == 40 && second.seen.size() == 40);
        for (Recorder r : List.of(first, second)) {
            for (int k = 0; k < 4; k++) {
                String key = "d" + k;
                List<Integer> order = r.seen.stream().filter(e -> e.key().equals(key))
                        .map(e -> ((Number) e.data().get("n")).intValue()).toList();
                assertThat(order).as(r.name + " for " + key).isSorted().hasSize(10);
            }
        }
        assertThat(first.seen.getFirst().tenant()).isEqualTo(db.tenant());
        assertThat(db.collection(SeamFixture.SOURCE).countDocuments(new org.bson.Document(Outbox.FIELD + ".0",
                new org.bson.Document("$exists", true)))).as("relayed events leave their documents").isZero();
    }

    @Test
    void eventsWhoseSignalWasLostAreSweptUp() {
        var recorder = new Recorder("late");
        node("n1", SeamFixture.fast("n1")).subscribe(recorder).start();
        String id = SeamFixture.insert(db, "quiet", "quiet", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.ids.contains(id));
    }

    @Test
    void aSubscriberGetsOnlyTheTypesItAsksFor() {
        var creations = new Recorder("creations", Set.of(io.quanyu.outbox.DomainEvent.RECORD_CREATED));
        var all = new Recorder("all");
        EventSeam seam = node("n1", SeamFixture.fast("n1")).subscribe(creations).subscribe(all).start();
        SeamFixture.insert(db, "x", "x", 1);
        SeamFixture.change(db, "x", "x", 2);
        seam.written(db, SeamFixture.SOURCE, "x");
        await().atMost(Duration.ofSeconds(10)).until(() -> all.seen.size() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> creations.seen.size() == 1);
        assertThat(creations.seen).extracting(DomainEvent::type).containsExactly(DomainEvent.RECORD_CREATED);
    }

    @Test
    void twoNodesDeliverEveryEventToEachSubscriberOnce() {
        Map<String, Set<String>> delivered = new ConcurrentHashMap<>();
        List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
        // No sweep while both are alive: a sweep that overlaps a slow relay appends again (at least once, by design).
        EventSeam one = node("one", SeamFixture.fast("one").withTimings(50, 60_000, 60_000, 2_000));
        EventSeam two = node("two", SeamFixture.fast("two").withTimings(50, 60_000, 60_000, 2_000));
        for (EventSeam seam : List.of(one, two)) {
            for (String name : List.of("alpha", "beta")) {
                seam.subscribe(new Subscriber() {
                    public String name() {
                        return name;
                    }

                    public void handle(DomainEvent event) {
                        if (!delivered.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(event.id())) {
                            duplicates.add(name + " " + event.id());
                        }
                    }
                });
            }
            seam.start();
        }
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            EventSeam writer = i % 2 == 0 ? one : two;
            written.add(SeamFixture.insert(db, "doc" + i, "key" + (i % 17), i));
            writer.written(db, SeamFixture.SOURCE, "doc" + i);
        }
        // The bound only stops a hang: CI runs this while Elasticsearch and Keycloak start on the same two cores.
        await().atMost(Duration.ofSeconds(90)).until(() -> delivered.getOrDefault("alpha", Set.of()).size() == 200
                && delivered.getOrDefault("beta", Set.of()).size() == 200);
        assertThat(delivered.get("alpha")).containsExactlyInAnyOrderElementsOf(written);
        assertThat(duplicates).as("both nodes alive: each event goes to each subscriber once").isEmpty();
    }

    @Test
    void aFailingEventIsRetriedThenKeptAsADeadLetterAndReplayed() {
        AtomicBoolean broken = new AtomicBoolean(true);
        List<String> handled = new CopyOnWriteArrayList<>();
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        Subscriber picky = new Subscriber() {
            public String name() {
                return "picky";
            }

            public void handle(DomainEvent event) {
                if (event.key().equals("poison") && broken.get()) {
                    attempts.add(1);
                    throw new IllegalStateException("cannot digest " + event.id());
                }
                handled.add(event.key());
            }
        };
        EventSeam seam = node("n1", SeamFixture.fast("n1")).subscribe(picky).start();
        SeamFixture.insert(db, "a", "poison", 1);
        SeamFixture.change(db, "a", "poison", 2);
        seam.written(db, SeamFixture.SOURCE, "a");
        await().atMost(Duration.ofSeconds(10)).until(() -> seam.deadLetters(db, "picky").size() == 2);
        assertThat(attempts).hasSize(6);
        SeamFixture.insert(db, "b", "fine", 3);
        seam.written(db, SeamFixture.SOURCE, "b");
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains("fine"));

        var letter = seam.deadLetters(db, "picky").getFirst();
        assertThat(letter.error()).contains("cannot digest");
        assertThat(letter.attempts()).isEqualTo(3);
        assertThat(seam.replay(db, letter.id())).as("still broken").isFalse();
        broken.set(false);
        assertThat(seam.replay(db, letter.id())).isTrue();
        assertThat(seam.deadLetters(db, "picky")).hasSize(1).extracting(DeadLetter::id).doesNotContain(letter.id());
        assertThat(seam.replay(db, "picky|no-such-event")).isFalse();
    }

    @Test
    void aNumberTakenButNeverWrittenIsPassedOverAfterTheGrace() {
        var recorder = new Recorder("patient");
        var options = new SeamOptions("n1", 1, 50, 200, 0, 2_000, 200, 3, 10, 300, 3_600_000, name -> name.startsWith("r_"));
        EventSeam seam = node("n1", options).subscribe(recorder).start();
        db.collection(EventLog.HEADS).insertOne(new org.bson.Document("_id", "p0").append("head", 1L)); // a relay died
        SeamFixture.insert(db, "after", "k", 1);
        seam.written(db, SeamFixture.SOURCE, "after");
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.seen.size() == 1);
        assertThat(recorder.seen.getFirst().data()).containsEntry("doc", "after");
    }

    @Test
    void theSweepDropsFromTheLogWhatEverySubscriberPassed() {
        var recorder = new Recorder("reader");
        EventSeam seam = node("n1", SeamFixture.fast("n1").withRetention(0)).subscribe(recorder).start();
        for (int i = 0; i < 30; i++) {
            SeamFixture.insert(db, "t" + i, "k" + (i % 3), i);
            seam.written(db, SeamFixture.SOURCE, "t" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.seen.size() == 30);
        seam.sweep();
        assertThat(db.collection(EventLog.LOG).countDocuments()).isZero();
        SeamFixture.insert(db, "later", "k1", 99);
        seam.written(db, SeamFixture.SOURCE, "later");
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.seen.size() == 31);
    }

    @Test
    void aNodeWithoutTheSubscriberKeepsWhatTheRetentionKeepsForIt() {
        EventSeam bare = node("bare", SeamFixture.fast("bare")).start();
        for (int i = 0; i < 20; i++) {
            SeamFixture.insert(db, "r" + i, "k" + (i % 4), i);
            bare.written(db, SeamFixture.SOURCE, "r" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> db.collection(EventLog.LOG).countDocuments() == 20);
        bare.sweep();
        assertThat(db.collection(EventLog.LOG).countDocuments()).as("young events stay for subscribers elsewhere").isEqualTo(20);
        var late = new Recorder("late");
        node("reader", SeamFixture.fast("reader")).subscribe(late).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> late.seen.size() == 20);
    }

    @Test
    void aSubscriberAddedAfterATrimStartsWhereTheLogBeginsWithoutWaitingOnGaps() {
        var first = new Recorder("first");
        EventSeam seam = node("n1", SeamFixture.fast("n1").withRetention(0)).subscribe(first).start();
        for (int i = 0; i < 40; i++) {
            SeamFixture.insert(db, "s" + i, "k" + (i % 2), i);
            seam.written(db, SeamFixture.SOURCE, "s" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> first.seen.size() == 40);
        seam.sweep();
        assertThat(db.collection(EventLog.LOG).countDocuments()).isZero();
        var newcomer = new Recorder("newcomer");
        EventSeam other = node("n2", SeamFixture.fast("n2")).subscribe(newcomer).start();
        SeamFixture.insert(db, "fresh", "k0", 99);
        other.written(db, SeamFixture.SOURCE, "fresh");
        await().atMost(Duration.ofSeconds(2)).until(() -> newcomer.seen.size() == 1);
        assertThat(newcomer.seen.getFirst().data()).containsEntry("doc", "fresh");
    }
}

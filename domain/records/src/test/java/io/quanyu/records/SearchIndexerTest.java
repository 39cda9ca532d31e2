package io.quanyu.records;

import io.quanyu.core.tenant.TenantId;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.outbox.EventSeam;
import io.quanyu.outbox.SeamOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SearchIndexerTest extends RecordsTestSupport {
    private final FakeSearch search = new FakeSearch();
    private SearchIndexer indexer;
    private EventSeam seam;
    private MetadataService signalled;
    private RecordService writer;

    @BeforeEach
    void object() {
        indexer = new SearchIndexer(metadata, search, tenant -> db);
        TenantDatabase tenant = db;
        seam = new EventSeam(() -> List.of(tenant), SeamOptions.defaults("n1").withTimings(50, 200, 1_000, 2_000)
                .withRetries(2, 10), Clock.systemUTC()).subscribe(indexer).start();
        signalled = new MetadataService(Clock.systemUTC(), Runnable::run, seam);
        writer = new RecordService(signalled, Clock.systemUTC(), seam);
        signalled.create(db, json("{'apiName': 'note', 'label': {'en': 'Note'}, 'fields': [{'apiName': 'text', 'type': 'text', 'label': {'en': 'T'}}]}"),
                "tester", quotas);
    }

    @AfterEach
    void close() {
        seam.close();
    }

    @Test
    void aNewObjectGetsItsIndexFromItsObjectChangedEvent() {
        await().atMost(Duration.ofSeconds(10)).until(() -> search.prepared.contains("note"));
        assertThat(search.docs).isEmpty();
    }

    @Test
    void writtenRecordsAreIndexedDeletedOnesRemovedPurgedOnesGone() {
        String a = writer.create(db, "note", json("{'text': 'a'}"), "t", quotas).path("_id").asString();
        String b = writer.create(db, "note", json("{'text': 'b'}"), "t", quotas).path("_id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> search.docs.keySet().equals(Set.of(a, b)));
        assertThat(seam.lag(db, SearchIndexer.NAME)).isZero();

        writer.delete(db, "note", b, "t");
        await().atMost(Duration.ofSeconds(10)).until(() -> search.docs.keySet().equals(Set.of(a)));
        writer.purge(db, "note", b, "t");
        await().atMost(Duration.ofSeconds(10)).until(() -> db.collection("r_note").countDocuments(new org.bson.Document("_id", b)) == 0);
        assertThat(seam.deadLetters(db, SearchIndexer.NAME)).isEmpty();
    }

    @Test
    void anOutageKeepsTheEventsWaitingWithoutDeadLettersAndIndexingCatchesUp() {
        await().atMost(Duration.ofSeconds(10)).until(() -> seam.lag(db, SearchIndexer.NAME) == 0);
        search.down = true;
        for (int i = 0; i < 20; i++) {
            writer.create(db, "note", json("{'text': 'x" + i + "'}"), "t", quotas);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> seam.lag(db, SearchIndexer.NAME) == 20);
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(search.docs).isEmpty();
        assertThat(seam.deadLetters(db, SearchIndexer.NAME)).isEmpty();
        search.down = false;
        await().atMost(Duration.ofSeconds(10)).until(() -> search.docs.size() == 20);
        assertThat(search.bulks).as("written in bulk, not one request per record").isLessThan(20);
    }

    @Test
    void aRefusedRecordIsRetriedThenDeadLetteredWhileTheOthersGoOn() {
        search.refuse = "poison";
        writer.create(db, "note", json("{'text': 'poison'}"), "t", quotas);
        String fine = writer.create(db, "note", json("{'text': 'fine'}"), "t", quotas).path("_id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> seam.deadLetters(db, SearchIndexer.NAME).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> search.docs.containsKey(fine));
    }

    @Test
    void recordsAMigrationChangesAreIndexedAgainWithTheirNewValues() {
        String id = writer.create(db, "note", json("{'text': 'old'}"), "t", quotas).path("_id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> search.docs.containsKey(id));
        signalled.change(db, "note", json("{'apiName': 'note', 'label': {'en': 'Note'}, 'fields': ["
                + "{'apiName': 'text', 'type': 'text', 'label': {'en': 'T'}},"
                + "{'apiName': 'tier', 'type': 'text', 'label': {'en': 'Tier'}, 'required': true, 'default': 'gold'}]}"), "t", quotas);
        await().atMost(Duration.ofSeconds(10)).until(() -> "gold".equals(search.docs.get(id).path("tier").asString(null)));
    }

    private static final class FakeSearch implements RecordSearch {
        final List<String> prepared = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Map<String, ObjectNode> docs = new java.util.concurrent.ConcurrentHashMap<>();
        volatile boolean down;
        volatile String refuse;
        volatile int bulks;

        @Override
        public void prepare(TenantId tenant, ObjectType type, Consumer<Consumer<ObjectNode>> allRecords) {
            prepared.add(type.apiName());
        }

        @Override
        public Set<String> apply(TenantId tenant, ObjectType type, List<Op> ops) {
            if (down) {
                throw new io.quanyu.core.error.QuanyuException(io.quanyu.core.error.ErrorCode.DEPENDENCY_UNAVAILABLE,
                        Map.of("dependency", "Search"));
            }
            bulks++;
            Set<String> written = new HashSet<>();
            for (Op op : ops) {
                if (op.record() == null) {
                    docs.remove(op.id());
                } else if (op.record().path("text").asString("").equals(refuse)) {
                    continue;
                } else {
                    docs.put(op.id(), op.record());
                }
                written.add(op.id());
            }
            return written;
        }

        @Override
        public List<String> search(TenantId tenant, ObjectType type, String text, int size) {
            return List.of();
        }
    }
}

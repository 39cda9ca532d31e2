package io.quanyu.records;

import io.quanyu.core.tenant.TenantId;
import io.quanyu.objects.model.ObjectType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchIndexerTest extends RecordsTestSupport {
    private final FakeSearch search = new FakeSearch();
    private SearchIndexer indexer;

    @BeforeEach
    void object() {
        indexer = new SearchIndexer(metadata, search, Clock.systemUTC());
        define("{'apiName': 'note', 'label': {'en': 'Note'}, 'fields': [{'apiName': 'text', 'type': 'text', 'label': {'en': 'T'}}]}");
    }

    @Test
    void objectsWithoutPendingRecordsGetNoIndex() {
        indexer.drain(db);
        assertThat(search.prepared).isEmpty();
    }

    @Test
    void pendingRecordsAreWrittenAndUnmarkedDeletedOnesRemovedPurgedOnesGone() {
        String a = records.create(db, "note", json("{'text': 'a'}"), "t", quotas).path("_id").asString();
        String b = records.create(db, "note", json("{'text': 'b'}"), "t", quotas).path("_id").asString();
        assertThat(indexer.drain(db)).isEqualTo(2);
        assertThat(search.prepared).containsExactly("note");
        assertThat(search.docs).containsOnlyKeys(a, b);
        assertThat(indexer.pending(db, "note")).isZero();

        records.delete(db, "note", b, "t");
        indexer.drain(db);
        assertThat(search.docs).containsOnlyKeys(a);
        records.purge(db, "note", b, "t");
        indexer.drain(db);
        assertThat(db.collection("r_note").countDocuments(new org.bson.Document("_id", b))).isZero();
    }

    @Test
    void anOutageLeavesEverythingPendingAndTheNextRunCatchesUp() {
        records.create(db, "note", json("{'text': 'x'}"), "t", quotas);
        search.down = true;
        assertThatThrownBy(() -> indexer.drain(db)).isInstanceOf(IllegalStateException.class);
        assertThat(indexer.pending(db, "note")).isEqualTo(1);
        search.down = false;
        indexer.drain(db);
        assertThat(indexer.pending(db, "note")).isZero();
        assertThat(search.docs).hasSize(1);
    }

    private static final class FakeSearch implements RecordSearch {
        final List<String> prepared = new ArrayList<>();
        final Map<String, ObjectNode> docs = new HashMap<>();
        boolean down;

        @Override
        public void prepare(TenantId tenant, ObjectType type, Consumer<Consumer<ObjectNode>> allRecords) {
            prepared.add(type.apiName());
        }

        @Override
        public Set<String> apply(TenantId tenant, ObjectType type, List<Op> ops) {
            if (down) {
                throw new IllegalStateException("search is down");
            }
            Set<String> written = new HashSet<>();
            for (Op op : ops) {
                if (op.record() == null) {
                    docs.remove(op.id());
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

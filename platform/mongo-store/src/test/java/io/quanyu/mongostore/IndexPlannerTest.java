package io.quanyu.mongostore;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which documents a query is matched on: only those an index finds by the query's equalities, or all (null). */
class IndexPlannerTest {
    private final MemoryUniqueIndex ids = new MemoryUniqueIndex("_id_", List.of(new IndexKey("_id", true)), false);
    private final LeadingKeyIndex<Integer> customers = new LeadingKeyIndex<>("customer_1_member_1",
            List.of(new IndexKey("customer", true), new IndexKey("member", true)), false);
    private final List<Index<Integer>> indexes = List.of(ids, customers);

    IndexPlannerTest() {
        add(0, new Document("_id", "a").append("customer", "c1").append("member", true));
        add(1, new Document("_id", "b").append("customer", "c2").append("member", false));
        add(2, new Document("_id", "c").append("customer", List.of("c1", "c3")).append("member", true));
        add(3, new Document("_id", "d").append("customer", 7L));
    }

    private void add(int position, Document document) {
        ids.add(document, position, null);
        customers.add(document, position, null);
    }

    @Test
    void anIdWithMoreConditionsIsFoundByTheIdIndex() {
        assertThat(IndexPlanner.candidates(indexes, new Document("_id", "b").append("version", 3))).containsExactly(1);
        assertThat(IndexPlanner.candidates(indexes, new Document("_id", new Document("$in", List.of("d", "a", "zz")))
                .append("x", 1))).containsExactly(0, 3);
    }

    @Test
    void aSecondaryIndexFindsByItsFirstKeyIncludingArrayElementsAndEqualNumbers() {
        assertThat(IndexPlanner.candidates(indexes, new Document("customer", "c1").append("member", true))).containsExactly(0, 2);
        assertThat(IndexPlanner.candidates(indexes, new Document("customer", new Document("$in", List.of("c3", "c2")))))
                .containsExactly(1, 2);
        assertThat(IndexPlanner.candidates(indexes, new Document("customer", 7.0))).containsExactly(3);
        assertThat(IndexPlanner.candidates(indexes, new Document("$and", List.of(new Document("member", true),
                new Document("customer", new Document("$eq", "c2")))))).containsExactly(1);
    }

    @Test
    void theSmallerCandidateSetWins() {
        assertThat(IndexPlanner.candidates(indexes, new Document("customer", "c1").append("_id", "a"))).containsExactly(0);
    }

    @Test
    void whatNoIndexNarrowsIsLeftToTheStore() {
        assertThat(IndexPlanner.candidates(indexes, new Document("member", true))).isNull();
        assertThat(IndexPlanner.candidates(indexes, new Document("customer", new Document("$gte", "c1")))).isNull();
        assertThat(IndexPlanner.candidates(indexes, new Document("customer", null))).isNull();
        assertThat(IndexPlanner.candidates(indexes, new Document("_id", "a"))).as("the store's own plan").isNull();
    }

    @Test
    void aRemovedOrChangedDocumentIsFoundUnderItsNewValueOnly() {
        customers.updateInPlace(new Document("_id", "a").append("customer", "c1"), new Document("_id", "a").append("customer", "c9"), 0, null);
        customers.remove(new Document("_id", "c").append("customer", List.of("c1", "c3")));
        assertThat(IndexPlanner.candidates(indexes, new Document("customer", "c1").append("m", 1))).isEmpty();
        assertThat(IndexPlanner.candidates(indexes, new Document("customer", "c9").append("m", 1))).containsExactly(0);
        assertThat(customers.getCount()).isEqualTo(3);
    }
}

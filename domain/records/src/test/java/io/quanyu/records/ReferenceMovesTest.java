package io.quanyu.records;

import io.quanyu.outbox.DomainEvent;
import io.quanyu.outbox.Outbox;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Moving references (a customer merge) and undoing it: new versions, and a RecordChanged per moved record. */
class ReferenceMovesTest extends RecordsTestSupport {
    private final ReferenceMoves moves = new ReferenceMoves(metadata, Clock.systemUTC());

    @Test
    void everyMovedRecordGetsANewVersionAndItsOwnRecordChangedInTheSameWrite() {
        define("{'apiName': 'shop', 'label': {'en': 'Shop'}, 'fields': [{'apiName': 'name', 'type': 'text', 'label': {'en': 'N'}}]}");
        define("{'apiName': 'visit', 'label': {'en': 'Visit'}, 'fields': [{'apiName': 'shop', 'type': 'reference', 'target': 'shop', 'label': {'en': 'S'}}]}");
        String from = records.create(db, "shop", json("{'name': 'old'}"), "t", quotas).path("_id").asString();
        String to = records.create(db, "shop", json("{'name': 'new'}"), "t", quotas).path("_id").asString();
        String v1 = records.create(db, "visit", json("{'shop': '" + from + "'}"), "t", quotas).path("_id").asString();
        String v2 = records.create(db, "visit", json("{'shop': '" + from + "'}"), "t", quotas).path("_id").asString();

        assertThat(moves.move(db, "shop", from, to, "m1", "merger")).isEqualTo(2);
        for (String id : List.of(v1, v2)) {
            Document raw = db.collection("r_visit").find(new Document("_id", id)).first();
            assertThat(raw.getString("shop")).isEqualTo(to);
            assertThat(raw.get("_version", Number.class).longValue()).isEqualTo(2L);
            List<Document> events = raw.getList(Outbox.FIELD, Document.class);
            assertThat(events).extracting(e -> e.getString("type"))
                    .containsExactly(DomainEvent.RECORD_CREATED, DomainEvent.RECORD_CHANGED);
            Document changed = events.get(1);
            assertThat(changed.getString("each")).as("completed per record by the relay: key and data.id").isEqualTo("id");
            assertThat(changed.get("data", Document.class)).containsEntry("object", "visit")
                    .containsEntry("fields", List.of("shop"));
        }

        assertThat(moves.undo(db, "shop", "m1", from, "merger")).isEqualTo(2);
        Set<String> backAt = new java.util.HashSet<>();
        db.collection("r_visit").find().forEach(d -> backAt.add(d.getString("shop")));
        assertThat(backAt).containsExactly(from);
    }
}

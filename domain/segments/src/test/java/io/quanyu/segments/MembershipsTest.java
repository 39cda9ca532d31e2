package io.quanyu.segments;

import io.quanyu.conditions.Conditions;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.outbox.DomainEvent;
import io.quanyu.outbox.Outbox;
import io.quanyu.testfixtures.InJvmMongoExtension;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backfill page's bulk of membership writes ({@link Memberships#applyAll}) against documents that changed after the
 * page read them: each write that did not take is decided again on the document as it now is, so the page neither
 * undoes the stream's newer decision nor announces a transition twice.
 */
class MembershipsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @RegisterExtension
    static final InJvmMongoExtension MONGO = new InJvmMongoExtension();

    @Test
    void aPageWrittenOverDocumentsThatChangedSinceItsReadKeepsTheNewerDecisions() {
        TenantDatabase db = new MongoTenantDatabases(MONGO.client()).forTenant(new TenantContext(TenantId.of("memberships"),
                "t", "t", Set.of(Role.TENANT_ADMIN), false));
        List<String> signalled = new CopyOnWriteArrayList<>();
        Memberships memberships = new Memberships((d, collection, id) -> signalled.add(String.valueOf(id)));
        Instant now = Instant.parse("2026-12-06T10:00:00Z");
        Segment segment = new Segment("big", Map.of("en", "big"), null, JSON.readTree("{\"field\": \"x\", \"op\": \"eq\", \"value\": 1}"),
                Conditions.parse(JSON.readTree("{\"field\": \"x\", \"op\": \"eq\", \"value\": 1}")), Set.of(), 1, now, "t", now, "t",
                new Segment.Backfill(1, null, 0, false, null));
        memberships.apply(db, segment, "c-stays", 5L, true, now, false);
        memberships.apply(db, segment, "c-leaves", 2L, true, now, false);
        Map<String, Document> read = memberships.documents(db, "big",
                List.of("c-new", "c-raced", "c-stream", "c-stays", "c-out", "c-leaves"));
        // after the page's read, the stream on newer facts: enters c-raced (absent when read), takes c-stream in and
        // c-stays out (so the page's update of c-stays finds another version)
        memberships.apply(db, segment, "c-raced", 9L, true, now, false);
        memberships.apply(db, segment, "c-stream", 9L, true, now, false);
        memberships.apply(db, segment, "c-stays", 7L, false, now, false);
        signalled.clear();

        int transitions = memberships.applyAll(db, segment, List.of(
                new Memberships.Verdict("c-new", 3, true),
                new Memberships.Verdict("c-raced", 3, true),
                new Memberships.Verdict("c-stream", 3, false),
                new Memberships.Verdict("c-stays", 5, true),
                new Memberships.Verdict("c-out", 3, false),
                new Memberships.Verdict("c-leaves", 3, false)), now, read);

        assertThat(transitions).isEqualTo(2);
        assertThat(signalled).containsExactlyInAnyOrder(Memberships.id("big", "c-new"), Memberships.id("big", "c-leaves"));
        assertThat(memberships.find(db, "big", "c-stays").orElseThrow().member()).as("the stream's exit stays").isFalse();
        assertThat(memberships.find(db, "big", "c-leaves")).get().satisfies(m -> {
            assertThat(m.member()).isFalse();
            assertThat(m.version()).isEqualTo(2);
        });
        assertThat(memberships.find(db, "big", "c-new")).get().satisfies(m -> {
            assertThat(m.member()).isTrue();
            assertThat(m.version()).isEqualTo(1);
        });
        assertThat(memberships.find(db, "big", "c-raced")).get().satisfies(m -> assertThat(m.version()).isEqualTo(1));
        assertThat(memberships.find(db, "big", "c-stream").orElseThrow().member()).as("the stream's newer facts win").isTrue();
        assertThat(memberships.find(db, "big", "c-out")).isEmpty();
        List<Document> announced = db.collection(Memberships.COLLECTION).find().into(new java.util.ArrayList<>()).stream()
                .flatMap(d -> d.getList(Outbox.FIELD, Document.class, List.of()).stream()).toList();
        assertThat(announced.stream().filter(e -> DomainEvent.SEGMENT_ENTERED.equals(e.getString("type"))).count())
                .as("one entry event per entered customer, none twice").isEqualTo(5);
    }
}

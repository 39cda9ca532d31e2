package io.quanyu.records;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordServiceTest extends RecordsTestSupport {

    @BeforeEach
    void objects() {
        define("""
                {'apiName': 'memberCard', 'label': {'en': 'Member card', 'zh-CN': '会员卡'}, 'displayField': 'cardNo',
                 'fields': [
                  {'apiName': 'cardNo', 'type': 'text', 'label': {'en': 'No.'}, 'required': true, 'unique': true},
                  {'apiName': 'owner', 'type': 'reference', 'label': {'en': 'Owner'}, 'target': 'customer', 'onDelete': 'cascade'},
                  {'apiName': 'store', 'type': 'reference', 'label': {'en': 'Store'}, 'target': 'store', 'onDelete': 'setNull'},
                  {'apiName': 'points', 'type': 'integer', 'label': {'en': 'Points'}, 'default': 0},
                  {'apiName': 'balance', 'type': 'decimal', 'label': {'en': 'Balance'}, 'precision': 12, 'scale': 2},
                  {'apiName': 'tier', 'type': 'singleSelect', 'label': {'en': 'Tier'},
                   'options': [{'value': 'silver', 'label': {'en': 'Silver'}}, {'value': 'gold', 'label': {'en': 'Gold'}}]},
                  {'apiName': 'issuedAt', 'type': 'datetime', 'label': {'en': 'Issued'}},
                  {'apiName': 'serial', 'type': 'autoNumber', 'label': {'en': 'Serial'}, 'prefix': 'MC', 'digits': 5},
                  {'apiName': 'worth', 'type': 'formula', 'label': {'en': 'Worth'}, 'expression': 'points / 100 + balance', 'resultType': 'decimal'}
                 ]}
                """);
    }

    private ObjectNode card(String json) {
        return records.create(db, "memberCard", json(json), "tester", quotas);
    }

    private String customer(String name) {
        return records.create(db, "customer", json("{'name': '" + name + "'}"), "tester", quotas).path("_id").asString();
    }

    @Test
    void createReadUpdateWithVersionsAndComputedFields() {
        ObjectNode created = card("{'cardNo': 'A1', 'balance': 12.5, 'issuedAt': '2026-11-24T08:00:00+08:00'}");
        assertThat(created.path("_version").asLong()).isEqualTo(1);
        assertThat(created.path("serial").asString()).isEqualTo("MC00001");
        assertThat(created.path("points").asLong()).isZero();
        assertThat(created.path("issuedAt").asString()).isEqualTo("2026-11-24T00:00:00Z");
        String id = created.path("_id").asString();
        ObjectNode updated = records.update(db, "memberCard", id, json("{'_version': 1, 'points': 250, 'tier': 'gold'}"), "tester");
        assertThat(updated.path("_version").asLong()).isEqualTo(2);
        assertThat(updated.path("worth").decimalValue()).isEqualByComparingTo("15");
        assertThat(records.get(db, "memberCard", id, false)).isEqualTo(updated);
        ObjectNode cleared = records.update(db, "memberCard", id, json("{'_version': 2, 'tier': null}"), "tester");
        assertThat(cleared.has("tier")).isFalse();
        assertThat(card("{'cardNo': 'A2'}").path("serial").asString()).isEqualTo("MC00002");
    }

    @Test
    void staleVersionIsAConflict() {
        String id = card("{'cardNo': 'A1'}").path("_id").asString();
        records.update(db, "memberCard", id, json("{'_version': 1, 'points': 1}"), "tester");
        assertCode(ErrorCode.VERSION_CONFLICT, () -> records.update(db, "memberCard", id, json("{'_version': 1, 'points': 2}"), "tester"));
        assertCode(ErrorCode.RECORD_VALIDATION_FAILED, () -> records.update(db, "memberCard", id, json("{'points': 2}"), "tester"));
        assertThat(records.get(db, "memberCard", id, false).path("points").asLong()).isEqualTo(1);
    }

    @Test
    void twoConcurrentUpdatesOfTheSameVersionExactlyOneWins() throws Exception {
        try (var pool = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < 20; round++) {
                String id = card("{'cardNo': 'C" + round + "'}").path("_id").asString();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> outcomes = new ArrayList<>();
                for (int writer = 0; writer < 2; writer++) {
                    int points = writer + 1;
                    outcomes.add(pool.submit(() -> {
                        start.await();
                        try {
                            records.update(db, "memberCard", id, json("{'_version': 1, 'points': " + points + "}"), "w" + points);
                            return true;
                        } catch (QuanyuException e) {
                            assertThat(e.code()).isEqualTo(ErrorCode.VERSION_CONFLICT);
                            return false;
                        }
                    }));
                }
                start.countDown();
                int wins = 0;
                for (var outcome : outcomes) {
                    wins += outcome.get() ? 1 : 0;
                }
                assertThat(wins).isEqualTo(1);
                assertThat(records.get(db, "memberCard", id, false).path("_version").asLong()).isEqualTo(2);
            }
        }
    }

    @Test
    void uniqueFieldsRefuseDuplicates() {
        card("{'cardNo': 'SAME'}");
        assertThatThrownBy(() -> card("{'cardNo': 'SAME'}")).isInstanceOfSatisfying(QuanyuException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RECORD_DUPLICATE);
            assertThat(e.violations()).extracting(FieldViolation::pointer).containsExactly("/cardNo");
        });
        assertThat(Usage.records(db)).isEqualTo(1);
    }

    @Test
    void danglingReferencesAreRefusedAndNothingIsWritten() {
        assertThatThrownBy(() -> card("{'cardNo': 'X1', 'owner': 'nosuchcustomer'}"))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::pointer, FieldViolation::code)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("/owner", "reference")));
        assertThat(records.query(db, "memberCard", new RecordQuery(null, null, 10, null, false)).totalCount()).isZero();
    }

    @Test
    void deleteRulesRestrictSetNullAndCascade() {
        String alice = customer("Alice");
        String store = records.create(db, "store", json("{'code': 'S1', 'name': '旗舰店'}"), "tester", quotas).path("_id").asString();
        String cardId = card("{'cardNo': 'D1', 'owner': '" + alice + "', 'store': '" + store + "'}").path("_id").asString();
        records.create(db, "order", json("{'orderNo': 'O1', 'customer': '" + alice + "', 'orderedAt': '2026-11-01T10:00:00Z'}"),
                "tester", quotas);

        assertCode(ErrorCode.RECORD_REFERENCED, () -> records.delete(db, "customer", alice, "tester"));
        assertThat(records.get(db, "memberCard", cardId, false).path("owner").asString()).isEqualTo(alice);

        records.delete(db, "store", store, "tester");
        assertThat(records.get(db, "memberCard", cardId, false).has("store")).isFalse();

        String bob = customer("Bob");
        String bobsCard = card("{'cardNo': 'D2', 'owner': '" + bob + "'}").path("_id").asString();
        records.delete(db, "customer", bob, "tester");
        assertCode(ErrorCode.RECORD_NOT_FOUND, () -> records.get(db, "memberCard", bobsCard, false));
        assertThat(records.get(db, "memberCard", bobsCard, true).has("_deletedAt")).isTrue();
    }

    @Test
    void softDeleteRestoreAndPurge() {
        String id = card("{'cardNo': 'P1'}").path("_id").asString();
        assertCode(ErrorCode.RECORD_VALIDATION_FAILED, () -> records.purge(db, "memberCard", id, "tester"));
        records.delete(db, "memberCard", id, "tester");
        assertCode(ErrorCode.RECORD_NOT_FOUND, () -> records.get(db, "memberCard", id, false));
        assertThat(records.restore(db, "memberCard", id, "tester").has("_deletedAt")).isFalse();
        records.delete(db, "memberCard", id, "tester");
        records.purge(db, "memberCard", id, "tester");
        assertCode(ErrorCode.RECORD_NOT_FOUND, () -> records.get(db, "memberCard", id, true));
        assertThat(Usage.records(db)).isZero();
    }

    @Test
    void filtersSortsAndPagesWithCursorsAndTotals() {
        for (int i = 0; i < 25; i++) {
            String tier = i % 3 == 0 ? null : (i % 3 == 1 ? "'silver'" : "'gold'");
            card("{'cardNo': 'Q" + (100 + i) + "', 'points': " + (i * 10) + ", 'balance': " + (i % 5) + ".5"
                    + (tier == null ? "" : ", 'tier': " + tier) + "}");
        }
        var gold = records.query(db, "memberCard", new RecordQuery(json("{'field': 'tier', 'op': 'eq', 'value': 'gold'}"),
                null, 50, null, false));
        assertThat(gold.totalCount()).isEqualTo(8);
        var uncounted = records.query(db, "memberCard", new RecordQuery(json("{'field': 'tier', 'op': 'eq', 'value': 'gold'}"),
                null, 50, null, false).withoutTotal());
        assertThat(uncounted.totalCount()).as("not counted").isEqualTo(-1);
        assertThat(uncounted.records()).hasSize(8);
        var range = records.query(db, "memberCard", new RecordQuery(json("""
                {'and': [{'field': 'points', 'op': 'gte', 'value': 50}, {'field': 'points', 'op': 'lt', 'value': 100},
                         {'or': [{'field': 'tier', 'op': 'in', 'value': ['silver']}, {'field': 'tier', 'op': 'exists', 'value': false}]}]}
                """), null, 50, null, false));
        assertThat(range.records()).extracting(r -> r.path("points").asLong()).containsExactlyInAnyOrder(60L, 70L, 90L);
        assertThat(records.query(db, "memberCard", new RecordQuery(json("{'field': 'cardNo', 'op': 'startsWith', 'value': 'Q11'}"),
                null, 50, null, false)).totalCount()).isEqualTo(10);
        assertThat(records.query(db, "memberCard", new RecordQuery(json("{'field': 'balance', 'op': 'gt', 'value': 3}"),
                null, 50, null, false)).totalCount()).isEqualTo(10);

        List<String> seen = new ArrayList<>();
        String after = null;
        var sort = List.of(new RecordQuery.Sort("tier", true), new RecordQuery.Sort("points", false));
        do {
            Page page = records.query(db, "memberCard", new RecordQuery(null, sort, 7, after, false));
            assertThat(page.totalCount()).isEqualTo(25);
            page.records().forEach(r -> seen.add(r.path("tier").asString("") + ":" + r.path("points").asLong()));
            after = page.hasNextPage() ? page.endCursor() : null;
        } while (after != null);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates();
        assertThat(seen.subList(0, 8)).allMatch(s -> s.startsWith("silver:"));
        assertThat(seen.subList(16, 25)).allMatch(s -> s.startsWith(":"));
        assertThat(seen.get(16)).isEqualTo(":0");
    }

    @Test
    void platformFieldsAreFilteredByTheirOwnTypes() {
        card("{'cardNo': 'Z1'}");
        assertThat(count("{'field': '_createdAt', 'op': 'gte', 'value': '2020-01-01T00:00:00Z'}")).isEqualTo(1);
        assertThat(count("{'field': '_createdAt', 'op': 'lt', 'value': '2020-01-01T00:00:00Z'}")).isZero();
        assertThat(count("{'field': '_createdBy', 'op': 'eq', 'value': 'tester'}")).isEqualTo(1);
        assertThat(count("{'field': '_createdBy', 'op': 'eq', 'value': '2026-13-45T99'}")).as("a name, not a date").isZero();
    }

    private long count(String filter) {
        return records.query(db, "memberCard", new RecordQuery(json(filter), null, 10, null, false)).totalCount();
    }

    @Test
    void queriesNamingUnknownFieldsOrOperatorsAreRefused() {
        for (String filter : List.of("{'field': '$where', 'op': 'eq', 'value': 1}", "{'field': 'a.b', 'op': 'eq', 'value': 1}",
                "{'field': 'points', 'op': '$gt', 'value': 1}", "{'field': 'points', 'op': 'eq', 'value': 'many'}",
                "{'and': []}", "{'field': 'points', 'op': 'in', 'value': 3}")) {
            assertCode(ErrorCode.QUERY_INVALID, () -> records.query(db, "memberCard", new RecordQuery(json(filter), null, 10, null, false)));
        }
        assertCode(ErrorCode.QUERY_INVALID, () -> records.query(db, "memberCard", new RecordQuery(null, null, 10, "garbage", false)));
        assertCode(ErrorCode.QUERY_INVALID, () -> records.query(db, "memberCard", new RecordQuery(null, null, 1000, null, false)));
    }

    @Test
    void bulkUpsertGivesOneResultPerRecord() {
        card("{'cardNo': 'B1', 'points': 1}");
        var results = records.bulkUpsert(db, "memberCard", json("""
                [{'cardNo': 'B1', 'points': 100}, {'cardNo': 'B2'}, {'cardNo': 'B3', 'tier': 'diamond'}, {'points': 5}]
                """), "cardNo", "tester", quotas);
        assertThat(results).extracting(BulkResult::outcome).containsExactly("updated", "created", "failed", "failed");
        assertThat(results.get(2).code()).isEqualTo("RECORD_VALIDATION_FAILED");
        var b1 = records.query(db, "memberCard", new RecordQuery(json("{'field': 'cardNo', 'op': 'eq', 'value': 'B1'}"), null, 1, null, false));
        assertThat(b1.records().getFirst().path("points").asLong()).isEqualTo(100);
        assertCode(ErrorCode.REQUEST_VALIDATION_FAILED, () -> records.bulkUpsert(db, "memberCard",
                JSON.valueToTree(java.util.Collections.nCopies(1001, java.util.Map.of("cardNo", "x"))), "cardNo", "tester", quotas));
        assertCode(ErrorCode.QUERY_INVALID, () -> records.bulkUpsert(db, "memberCard", json("[]"), "points", "tester", quotas));
    }

    @Test
    void everyWriteCarriesItsDomainEventInTheSameDocument() {
        String single = card("{'cardNo': 'E1'}").path("_id").asString();
        var created = records.bulkUpsert(db, "memberCard", json("[{'cardNo': 'E2'}, {'cardNo': 'E1', 'points': 3}]"),
                "cardNo", "tester", quotas);
        String bulk = created.getFirst().id();
        records.delete(db, "memberCard", bulk, "tester");
        assertThat(outbox(single)).containsExactly("RecordCreated", "RecordChanged");
        assertThat(outbox(bulk)).containsExactly("RecordCreated", "RecordDeleted");
    }

    /** The event types waiting in a record's outbox (nothing relays them in this test). */
    private List<String> outbox(String id) {
        var doc = db.collection("r_memberCard").find(com.mongodb.client.model.Filters.eq("_id", id)).first();
        return doc.getList(io.quanyu.outbox.Outbox.FIELD, org.bson.Document.class).stream()
                .map(e -> e.getString("type")).toList();
    }

    @Test
    void recordQuotaIsEnforced() {
        quotas = new Quotas(2, 100, 1, 5, 50);
        card("{'cardNo': 'L1'}");
        card("{'cardNo': 'L2'}");
        assertCode(ErrorCode.QUOTA_EXCEEDED, () -> card("{'cardNo': 'L3'}"));
        assertThat(records.query(db, "memberCard", new RecordQuery(null, null, 10, null, false)).totalCount()).isEqualTo(2);
    }

    @Test
    void everyWriteCarriesItsEventForTheSeamInTheSameDocument() {
        String id = card("{'cardNo': 'I1'}").path("_id").asString();
        var raw = records.collection(db, metadata.get(db, "memberCard").type()).find(new org.bson.Document("_id", id)).first();
        assertThat(raw.getList(io.quanyu.outbox.Outbox.FIELD, org.bson.Document.class))
                .extracting(e -> e.getString("type")).containsExactly(io.quanyu.outbox.DomainEvent.RECORD_CREATED);
        assertThat(raw).doesNotContainKey("_pending");
    }
}

package io.quanyu.records;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.outbox.Outbox;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Creates under a caller's key, guarded increments, guarded updates and bounded counts, on the wire server. */
class GuardedWritesTest extends RecordsTestSupport {
    private static final JsonNode NO_GUARD = null;
    private ObjectInfo stock;

    @BeforeEach
    void objects() {
        stock = define("""
                {'apiName': 'stock', 'label': {'en': 'Stock'}, 'displayField': 'sku',
                 'fields': [
                  {'apiName': 'sku', 'type': 'text', 'label': {'en': 'SKU'}, 'unique': true},
                  {'apiName': 'remaining', 'type': 'integer', 'label': {'en': 'Remaining'}, 'min': 0},
                  {'apiName': 'claimed', 'type': 'integer', 'label': {'en': 'Claimed'}},
                  {'apiName': 'perDay', 'type': 'integer', 'label': {'en': 'Per day'}, 'max': 5},
                  {'apiName': 'balance', 'type': 'decimal', 'label': {'en': 'Balance'}, 'precision': 12, 'scale': 2},
                  {'apiName': 'price', 'type': 'decimal', 'label': {'en': 'Price'}, 'scale': 2},
                  {'apiName': 'status', 'type': 'singleSelect', 'label': {'en': 'Status'},
                   'options': [{'value': 'issued', 'label': {'en': 'Issued'}}, {'value': 'claimed', 'label': {'en': 'Claimed'}},
                               {'value': 'redeemed', 'label': {'en': 'Redeemed'}}]},
                  {'apiName': 'total', 'type': 'formula', 'label': {'en': 'Total'}, 'expression': 'price * 2', 'resultType': 'decimal'}
                 ]}
                """);
    }

    private String item(String json) {
        return records.create(db, "stock", json(json), "tester", quotas).path("_id").asString();
    }

    private Optional<ObjectNode> increment(String id, Map<String, BigDecimal> deltas, String guard, String onceKey) {
        return records.increment(db, stock.type(), id, deltas, guard == null ? NO_GUARD : json(guard), onceKey, "tester");
    }

    private static Map<String, BigDecimal> claim() {
        return Map.of("remaining", BigDecimal.valueOf(-1), "claimed", BigDecimal.ONE);
    }

    private static <T> List<T> race(int threads, Callable<T> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        }
    }

    @Test
    void aBatchUnderKeysIsCheckedWholeWrittenOnceAndAnsweredInOrder() throws Exception {
        Created earlier = records.createByKey(db, stock, "code-2", json("{'sku': 'C2'}"), "tester", quotas);
        List<String> keys = List.of("code-1", "code-2", "code-3", "code-1");
        List<JsonNode> inputs = List.of(json("{'sku': 'C1'}"), json("{'sku': 'other'}"), json("{'sku': 'C3'}"),
                json("{'sku': 'again'}"));

        List<Created> made = records.createAllByKey(db, stock, keys, inputs, "tester", quotas);

        assertThat(made).extracting(Created::created).containsExactly(true, false, true, false);
        assertThat(made).extracting(c -> c.record().path("sku").asString()).containsExactly("C1", "C2", "C3", "C1");
        assertThat(made.get(1).record()).isEqualTo(earlier.record());
        assertThat(made.get(3).record().path("_id")).isEqualTo(made.get(0).record().path("_id"));
        assertThat(records.recordCount(db)).isEqualTo(3);
        assertThat(records.createAllByKey(db, stock, keys, inputs, "tester", quotas)).as("the same batch again")
                .extracting(Created::created).containsOnly(false);

        QuanyuException refused = catchThrowableOfType(QuanyuException.class, () -> records.createAllByKey(db, stock,
                List.of("code-4", "code-5", "code-6"), List.of(json("{'sku': 'C4'}"), json("{'remaining': -1}"),
                        json("{'sku': 'C6', 'perDay': 9}")), "tester", quotas));
        assertThat(refused.code()).isEqualTo(ErrorCode.RECORD_VALIDATION_FAILED);
        assertThat(refused.violations()).extracting(FieldViolation::pointer)
                .containsExactly("/records/1/remaining", "/records/2/perDay");
        assertThat(records.recordCount(db)).as("nothing written when one is refused").isEqualTo(3);

        QuanyuException duplicate = catchThrowableOfType(QuanyuException.class, () -> records.createAllByKey(db, stock,
                List.of("code-7", "code-8"), List.of(json("{'sku': 'C7'}"), json("{'sku': 'C1'}")), "tester", quotas));
        assertThat(duplicate.code()).isEqualTo(ErrorCode.RECORD_DUPLICATE);
        assertThat(duplicate.details()).containsEntry("record", "/records/1");
        assertThat(records.createAllByKey(db, stock, List.of("code-7"), List.of(json("{'sku': 'x'}")), "tester", quotas))
                .as("the others were written: a retry finds them").extracting(Created::created).containsExactly(false);
        assertCode(ErrorCode.REQUEST_VALIDATION_FAILED, () -> records.createAllByKey(db, stock,
                java.util.Collections.nCopies(1001, "k"), java.util.Collections.nCopies(1001, json("{}")), "tester", quotas));
    }

    @Test
    void aCreateUnderAKeyHappensOnceAndAnswersTheFirstRecordToEveryRetry() throws Exception {
        Created first = records.createByKey(db, stock, "order-1001", json("{'sku': 'A'}"), "tester", quotas);
        Created retry = records.createByKey(db, stock, "order-1001", json("{'sku': 'B'}"), "tester", quotas);
        assertThat(first.created()).isTrue();
        assertThat(retry.created()).isFalse();
        assertThat(retry.record()).isEqualTo(first.record());
        assertThat(retry.record().path("sku").asString()).as("the first call's values").isEqualTo("A");
        assertThat(first.record().path("_id").asString()).matches("[0-9a-f]{32}");

        List<Created> raced = race(12, () -> records.createByKey(db, stock, "order-1002", json("{'sku': 'C'}"), "tester", quotas));
        assertThat(raced).filteredOn(Created::created).hasSize(1);
        assertThat(raced).extracting(c -> c.record().path("_id").asString()).containsOnly(raced.getFirst().record().path("_id").asString());
        assertThat(records.recordCount(db)).as("the quota counts each record once").isEqualTo(2);

        records.delete(db, stock.type(), first.record().path("_id").asString(), "tester");
        Created afterDelete = records.createByKey(db, stock, "order-1001", json("{'sku': 'D'}"), "tester", quotas);
        assertThat(afterDelete.created()).isFalse();
        assertThat(afterDelete.record().has("_deletedAt")).as("the key's record, deleted since").isTrue();

        assertCode(ErrorCode.RECORD_DUPLICATE, () -> records.createByKey(db, stock, "order-1003", json("{'sku': 'C'}"), "tester", quotas));
        assertCode(ErrorCode.RECORD_VALIDATION_FAILED, () -> records.createByKey(db, stock, "", json("{}"), "tester", quotas));
        assertCode(ErrorCode.RECORD_VALIDATION_FAILED, () -> records.createByKey(db, stock, "k".repeat(201), json("{}"), "tester", quotas));
        assertCode(ErrorCode.RECORD_VALIDATION_FAILED, () -> records.createByKey(db, stock, "order-1004", json("{'remaining': -1}"), "tester", quotas));
        assertThat(records.recordCount(db)).as("nothing half-written").isEqualTo(2);
    }

    @Test
    void aThousandConcurrentClaimsOfTheLastTenSucceedExactlyTenTimes() throws Exception {
        String id = item("{'sku': 'HOT', 'remaining': 10, 'claimed': 0}");
        List<Integer> results = race(16, () -> {
            int won = 0;
            for (int i = 0; i < 63; i++) {
                won += increment(id, claim(), "{'field': 'remaining', 'op': 'gte', 'value': 1}", null).isPresent() ? 1 : 0;
            }
            return won;
        });
        int won = results.stream().mapToInt(Integer::intValue).sum();
        assertThat(won).isEqualTo(10);
        ObjectNode after = records.get(db, "stock", id, false);
        assertThat(after.path("remaining").asLong()).isZero();
        assertThat(after.path("claimed").asLong()).isEqualTo(10);
        assertThat(after.path("_version").asLong()).isEqualTo(11);
    }

    @Test
    void aFieldsMinAndMaxHoldLikeAGuard() {
        String id = item("{'sku': 'R', 'remaining': 1, 'perDay': 4}");
        assertThat(increment(id, Map.of("remaining", BigDecimal.valueOf(-1)), null, null)).isPresent();
        assertThat(increment(id, Map.of("remaining", BigDecimal.valueOf(-1)), null, null)).as("min 0").isEmpty();
        assertThat(increment(id, Map.of("perDay", BigDecimal.ONE), null, null)).isPresent();
        assertThat(increment(id, Map.of("perDay", BigDecimal.ONE), null, null)).as("max 5").isEmpty();
        assertThat(increment(id, Map.of("perDay", BigDecimal.valueOf(-5)), null, null)).isPresent();
        String empty = item("{'sku': 'E'}");
        assertThat(increment(empty, Map.of("perDay", BigDecimal.valueOf(3)), null, null)).get()
                .extracting(r -> r.path("perDay").asLong()).as("a missing value counts from zero").isEqualTo(3L);
        String empty2 = item("{'sku': 'E2'}");
        assertThat(increment(empty2, Map.of("perDay", BigDecimal.valueOf(6)), null, null)).as("6 from zero > max").isEmpty();
        assertThat(increment(empty2, Map.of("remaining", BigDecimal.valueOf(-1)), null, null)).as("-1 from zero < min").isEmpty();
        assertThat(records.get(db, "stock", empty2, false).path("_version").asLong()).isEqualTo(1);
    }

    @Test
    void anIncrementIsAppliedAtMostOncePerKeyAmongTheRecordsLastKeys() {
        String id = item("{'sku': 'P', 'claimed': 0, 'balance': 1.5}");
        Map<String, BigDecimal> points = Map.of("claimed", BigDecimal.TEN, "balance", new BigDecimal("0.25"));
        ObjectNode first = increment(id, points, null, "txn-1").orElseThrow();
        ObjectNode again = increment(id, points, null, "txn-1").orElseThrow();
        assertThat(first.path("claimed").asLong()).isEqualTo(10);
        assertThat(first.path("balance").decimalValue()).isEqualByComparingTo("1.75");
        assertThat(again).as("answered as it is").isEqualTo(first);
        assertThat(first.has("_once")).as("the keys stay inside").isFalse();
        for (int i = 0; i < GuardedWrites.ONCE_KEYS_KEPT; i++) {
            increment(id, Map.of("claimed", BigDecimal.ONE), null, "other-" + i).orElseThrow();
        }
        assertThat(increment(id, points, null, "txn-1").orElseThrow().path("claimed").asLong())
                .as("a key older than the last %d is forgotten", GuardedWrites.ONCE_KEYS_KEPT).isEqualTo(10 + 64 + 10);
        assertThat(increment(id, Map.of("claimed", BigDecimal.ONE), null, "other-63").orElseThrow().path("claimed").asLong())
                .as("a recent key is remembered").isEqualTo(84);
    }

    @Test
    void anIncrementCarriesItsChangeEventAndAVersion() {
        String id = item("{'sku': 'V', 'claimed': 1}");
        increment(id, Map.of("claimed", BigDecimal.ONE), null, null).orElseThrow();
        Document doc = metadata.records(db, "stock").find(new Document("_id", id)).first();
        List<Document> events = doc.getList(Outbox.FIELD, Document.class);
        assertThat(events).extracting(e -> e.getString("type")).containsExactly("RecordCreated", "RecordChanged");
        assertThat(events.getLast().get("data", Document.class).getList("fields", String.class)).containsExactly("claimed");
        assertThat(doc.get("_version", Number.class).longValue()).isEqualTo(2);
    }

    @Test
    void wrongDeltasAndGuardsAreRefusedWithTheirCodes() {
        String id = item("{'sku': 'W', 'claimed': 1, 'price': 2}");
        assertViolation("/deltas/claimed", () -> increment(id, Map.of("claimed", new BigDecimal("0.5")), null, null));
        assertViolation("/deltas/sku", () -> increment(id, Map.of("sku", BigDecimal.ONE), null, null));
        assertViolation("/deltas/nope", () -> increment(id, Map.of("nope", BigDecimal.ONE), null, null));
        assertViolation("/deltas/price", () -> increment(id, Map.of("price", BigDecimal.ONE), null, null));
        assertViolation("/deltas/balance", () -> increment(id, Map.of("balance", new BigDecimal("0.001")), null, null));
        assertViolation("/deltas", () -> increment(id, Map.of(), null, null));
        assertViolation("/onceKey", () -> increment(id, Map.of("claimed", BigDecimal.ONE), null, "x".repeat(201)));
        assertCode(ErrorCode.QUERY_INVALID, () -> increment(id, Map.of("claimed", BigDecimal.ONE),
                "{'field': 'nope', 'op': 'eq', 'value': 1}", null));
        assertCode(ErrorCode.RECORD_NOT_FOUND, () -> increment("0".repeat(32), Map.of("claimed", BigDecimal.ONE), null, null));
        records.delete(db, stock.type(), id, "tester");
        assertCode(ErrorCode.RECORD_NOT_FOUND, () -> increment(id, Map.of("claimed", BigDecimal.ONE), null, null));
    }

    private static void assertViolation(String pointer, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(QuanyuException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RECORD_VALIDATION_FAILED);
            assertThat(e.violations()).extracting(v -> v.pointer()).contains(pointer);
        });
    }

    @Test
    void aGuardedUpdateMovesAStateMachineOnceUnderConcurrency() throws Exception {
        String id = item("{'sku': 'S', 'status': 'claimed'}");
        String guard = "{'field': 'status', 'op': 'eq', 'value': 'claimed'}";
        List<Optional<ObjectNode>> results = race(12, () -> records.updateWhere(db, stock, id, json(guard),
                json("{'status': 'redeemed', 'sku': 'S2'}"), "tester"));
        assertThat(results).filteredOn(Optional::isPresent).hasSize(1);
        ObjectNode after = records.get(db, "stock", id, false);
        assertThat(after.path("status").asString()).isEqualTo("redeemed");
        assertThat(after.path("_version").asLong()).isEqualTo(2);

        assertThat(records.updateWhere(db, stock, id, json(guard), json("{'status': 'issued'}"), "tester")).isEmpty();
        assertThat(records.updateWhere(db, stock, id, null, json("{'price': 3}"), "tester")).get()
                .extracting(r -> r.path("total").decimalValue()).as("formulas computed").isEqualTo(new BigDecimal("6"));
        assertCode(ErrorCode.RECORD_VALIDATION_FAILED, () -> records.updateWhere(db, stock, id, null,
                json("{'status': 'lost'}"), "tester"));
        assertCode(ErrorCode.RECORD_NOT_FOUND, () -> records.updateWhere(db, stock, "0".repeat(32), null,
                json("{'status': 'issued'}"), "tester"));
        assertCode(ErrorCode.QUERY_INVALID, () -> records.updateWhere(db, stock, id, json("{'field': 'status', 'op': 'like'}"),
                json("{'status': 'issued'}"), "tester"));
        assertThat(records.get(db, "stock", id, false).path("_version").asLong()).as("nothing half-written").isEqualTo(3);
    }

    @Test
    void aCountIsBoundedAndSkipsDeletedRecords() {
        for (int i = 0; i < 5; i++) {
            item("{'sku': 'C" + i + "', 'remaining': " + i + "}");
        }
        records.delete(db, stock.type(), records.query(db, "stock", new RecordQuery(json("{'field': 'sku', 'op': 'eq', 'value': 'C4'}"),
                List.of(), 1, null, false)).records().getFirst().path("_id").asString(), "tester");
        JsonNode some = json("{'field': 'remaining', 'op': 'gte', 'value': 2}");
        assertThat(records.count(db, stock.type(), some, 100)).isEqualTo(2);
        assertThat(records.count(db, stock.type(), null, 100)).isEqualTo(4);
        assertThat(records.count(db, stock.type(), null, 3)).isEqualTo(3);
        assertCode(ErrorCode.QUERY_INVALID, () -> records.count(db, stock.type(), null, 0));
        assertCode(ErrorCode.QUERY_INVALID, () -> records.count(db, stock.type(), null, RecordService.MAX_COUNT + 1));
        assertCode(ErrorCode.QUERY_INVALID, () -> records.count(db, stock.type(), json("{'field': 'x', 'op': 'eq', 'value': 1}"), 5));
    }
}

package io.quanyu.plugin.testkit;

import io.quanyu.objects.model.ObjectType;
import io.quanyu.objects.schema.ObjectTypeParser;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.RecordPage;
import io.quanyu.plugin.sdk.Records;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test kit's records keep the platform's rules, so a plugin test fails where the platform would refuse. */
class InMemoryRecordsTest {
    private static final ObjectType STOCK = ObjectTypeParser.shape(JsonMapper.builder().build().readTree("""
            {"apiName": "acmeStock", "label": {"en": "Stock"},
             "fields": [
              {"apiName": "sku", "type": "text", "label": {"en": "SKU"}, "required": true, "unique": true},
              {"apiName": "remaining", "type": "integer", "label": {"en": "Remaining"}, "min": 0},
              {"apiName": "claimed", "type": "integer", "label": {"en": "Claimed"}, "default": 0},
              {"apiName": "price", "type": "decimal", "label": {"en": "Price"}, "scale": 2},
              {"apiName": "balance", "type": "decimal", "label": {"en": "Balance"}, "scale": 2},
              {"apiName": "phone", "type": "phone", "label": {"en": "Phone"}},
              {"apiName": "restockAt", "type": "datetime", "label": {"en": "Restock at"}},
              {"apiName": "tags", "type": "multiSelect", "label": {"en": "Tags"},
               "options": [{"value": "hot", "label": {"en": "Hot"}}, {"value": "new", "label": {"en": "New"}}]},
              {"apiName": "status", "type": "singleSelect", "label": {"en": "Status"}, "default": "active",
               "options": [{"value": "active", "label": {"en": "Active"}}, {"value": "retired", "label": {"en": "Retired"}}]},
              {"apiName": "double", "type": "formula", "label": {"en": "Double"}, "expression": "price * 2", "resultType": "decimal"}
             ]}
            """));
    private final TestClock clock = new TestClock();
    private final InMemoryRecords tenant = new InMemoryRecords(clock, name -> name.equals("acmeStock") ? STOCK : null);
    private final Records records = tenant.view();

    @Test
    void callsRacingOnOneKeyOrOneUniqueValueMakeOneRecordEachThroughItsOwnView() throws Exception {
        // every plugin call gets a view of its own, as the host opens one per call
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger duplicates = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Thread> racers = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int n = i;
            racers.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    if (tenant.view().create("acmeStock", "one-key", Map.of("sku", "K" + n, "remaining", 1)).created()) {
                        made.incrementAndGet();
                    }
                    tenant.view().create("acmeStock", Map.of("sku", "SAME", "remaining", 1));
                } catch (PluginException e) {
                    duplicates.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        go.countDown();
        for (Thread t : racers) {
            t.join();
        }
        assertThat(made).hasValue(1);
        assertThat(duplicates).hasValue(15);
        assertThat(tenant.live("acmeStock")).hasSize(2);
    }

    private Map<String, Object> item(String sku, int remaining) {
        return records.create("acmeStock", Map.of("sku", sku, "remaining", remaining));
    }

    @Test
    void guardedWritesToTwoRecordsOfAnObjectWithAUniqueFieldRaceWithoutDeadlock() throws Exception {
        // each write checks the unique field against the other records: two writes, each holding its own record while
        // it read the other's, waited on each other for ever (the loyalty plugin's concurrent spends found it)
        String first = (String) records.create("acmeStock", Map.of("sku", "A", "remaining", 0)).get("_id");
        String second = (String) records.create("acmeStock", Map.of("sku", "B", "remaining", 0)).get("_id");
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Thread> writers = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String mine = i % 2 == 0 ? first : second;
            writers.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    for (int n = 0; n < 300; n++) {
                        tenant.view().updateWhere("acmeStock", mine, Map.of(), Map.of("claimed", n));
                        tenant.view().increment("acmeStock", mine, Map.of("remaining", 1), Map.of(), null);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        go.countDown();
        for (Thread writer : writers) {
            writer.join(java.time.Duration.ofSeconds(20));
            assertThat(writer.isAlive()).as("a writer still waiting after 20 s").isFalse();
        }
        assertThat(records.get("acmeStock", first).orElseThrow()).containsEntry("remaining", 1200L);
        assertThat(records.get("acmeStock", second).orElseThrow()).containsEntry("remaining", 1200L);
    }

    private static void assertCode(String code, ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PluginException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void writesToAContributedTypeAreValidatedNormalisedAndDefaultedAsOnThePlatform() {
        Map<String, Object> created = records.create("acmeStock", Map.of("sku", "A", "remaining", 3, "price", 1.25,
                "phone", "138 0013 8000"));
        assertThat(created).containsEntry("remaining", 3L).containsEntry("claimed", 0L).containsEntry("status", "active")
                .containsEntry("phone", "+8613800138000").containsEntry("_version", 1L);
        assertThat((BigDecimal) created.get("double")).isEqualByComparingTo("2.5");
        assertCode("RECORD_VALIDATION_FAILED", () -> records.create("acmeStock", Map.of("remaining", 1)));
        assertCode("RECORD_VALIDATION_FAILED", () -> records.create("acmeStock", Map.of("sku", "B", "remaining", -1)));
        assertCode("RECORD_VALIDATION_FAILED", () -> records.create("acmeStock", Map.of("sku", "B", "status", "lost")));
        assertCode("RECORD_VALIDATION_FAILED", () -> records.create("acmeStock", Map.of("sku", "B", "nope", 1)));
        assertCode("RECORD_DUPLICATE", () -> records.create("acmeStock", Map.of("sku", "A")));
        String id = (String) created.get("_id");
        assertCode("RECORD_VALIDATION_FAILED", () -> records.update("acmeStock", id, 1, Map.of("remaining", "many")));
        assertThat(records.update("acmeStock", id, 1, java.util.Collections.singletonMap("price", null)))
                .doesNotContainKey("price").doesNotContainKey("double").containsEntry("_version", 2L);
        assertCode("VERSION_CONFLICT", () -> records.update("acmeStock", id, 1, Map.of("remaining", 2)));
        assertThat(records.create("notChecked", Map.of("anything", List.of(1, "x")))).containsEntry("anything", List.of(1, "x"));
    }

    @Test
    void theFilterLanguageHasEveryOpAndItsLimits() {
        records.create("acmeStock", Map.of("sku", "A-1", "remaining", 5, "tags", List.of("hot", "new"), "price", 10));
        records.create("acmeStock", Map.of("sku", "A-2", "remaining", 0, "tags", List.of("new")));
        records.create("acmeStock", Map.of("sku", "B-1", "remaining", 12));
        assertThat(skus(Map.of("field", "remaining", "op", "gt", "value", 0))).containsExactly("A-1", "B-1");
        assertThat(skus(Map.of("field", "remaining", "op", "lte", "value", 5.0))).containsExactly("A-1", "A-2");
        assertThat(skus(Map.of("field", "sku", "op", "startsWith", "value", "A-"))).containsExactly("A-1", "A-2");
        assertThat(skus(Map.of("field", "sku", "op", "contains", "value", "b-"))).as("contains ignores case").containsExactly("B-1");
        assertThat(skus(Map.of("field", "tags", "op", "contains", "value", "hot"))).containsExactly("A-1");
        assertThat(skus(Map.of("field", "tags", "op", "eq", "value", "new"))).containsExactly("A-1", "A-2");
        assertThat(skus(Map.of("field", "price", "op", "exists", "value", true))).containsExactly("A-1");
        assertThat(skus(Map.of("field", "price", "op", "exists", "value", false))).containsExactly("A-2", "B-1");
        assertThat(skus(Map.of("field", "price", "op", "ne", "value", 10))).as("ne matches a missing value").containsExactly("A-2", "B-1");
        assertThat(skus(Map.of("field", "sku", "op", "in", "value", List.of("B-1", "A-2")))).containsExactly("A-2", "B-1");
        assertThat(skus(Map.of("or", List.of(Map.of("field", "remaining", "op", "eq", "value", 0),
                Map.of("and", List.of(Map.of("field", "remaining", "op", "gte", "value", 10),
                        Map.of("field", "sku", "op", "ne", "value", "X"))))))).containsExactly("A-2", "B-1");

        records.create("acmeStock", Map.of("sku", "T-1", "restockAt", "2026-03-10T04:00:00Z"));
        records.create("acmeStock", Map.of("sku", "T-2", "restockAt", "2026-03-10T04:00:00.500Z"));
        assertThat(skus(Map.of("field", "restockAt", "op", "gt", "value", "2026-03-10T04:00:00Z")))
                .as("times compare as times, not as text").containsExactly("T-2");
        assertThat(skus(Map.of("field", "restockAt", "op", "lte", "value", "2026-03-10T12:00:00.250+08:00"))).containsExactly("T-1");

        assertCode("QUERY_INVALID", () -> skus(Map.of("field", "sku", "op", "like", "value", "A")));
        assertCode("QUERY_INVALID", () -> skus(Map.of("field", "sku", "op", "eq")));
        assertCode("QUERY_INVALID", () -> skus(Map.of("and", List.of())));
        assertCode("QUERY_INVALID", () -> skus(Map.of("field", "sku", "op", "contains", "value", "")));
        Map<String, Object> deep = Map.of("field", "sku", "op", "eq", "value", "A");
        for (int i = 0; i < 9; i++) {
            deep = Map.of("and", List.of(deep));
        }
        Map<String, Object> tooDeep = deep;
        assertCode("QUERY_INVALID", () -> skus(tooDeep));
        assertCode("QUERY_INVALID", () -> records.find("empty", Map.of("field", "x", "op", "bogus", "value", 1), 10, null));
    }

    private List<Object> skus(Map<String, Object> filter) {
        return records.find("acmeStock", filter, 200, null).records().stream().map(r -> r.get("sku")).toList();
    }

    @Test
    void findSortsAndPagesAndCountIsBounded() {
        item("C", 2);
        item("A", 7);
        item("B", 2);
        records.create("acmeStock", Map.of("sku", "D"));
        RecordPage first = records.find("acmeStock", Map.of(), List.of(Records.Sort.descending("remaining"),
                Records.Sort.ascending("sku")), 2, null);
        assertThat(first.records()).extracting(r -> r.get("sku")).containsExactly("A", "B");
        RecordPage second = records.find("acmeStock", Map.of(), List.of(Records.Sort.descending("remaining"),
                Records.Sort.ascending("sku")), 2, first.nextCursor());
        assertThat(second.records()).extracting(r -> r.get("sku")).as("a missing value last, descending").containsExactly("C", "D");
        assertThat(second.nextCursor()).isNull();
        assertThat(records.find("acmeStock", Map.of(), List.of(Records.Sort.ascending("remaining")), 1, null).records())
                .extracting(r -> r.get("sku")).as("a missing value first, ascending").containsExactly("D");
        assertThat(records.find("acmeStock", Map.of(), 10, null).records()).extracting(r -> r.get("sku"))
                .as("creation order").containsExactly("C", "A", "B", "D");

        assertThat(records.count("acmeStock", Map.of("field", "remaining", "op", "eq", "value", 2), 100)).isEqualTo(2);
        assertThat(records.count("acmeStock", Map.of(), 3)).isEqualTo(3);
        records.delete("acmeStock", (String) records.find("acmeStock", Map.of("field", "sku", "op", "eq", "value", "A"), 1, null)
                .records().getFirst().get("_id"));
        assertThat(records.count("acmeStock", Map.of(), 100)).as("deleted ones are not counted").isEqualTo(3);
        assertCode("QUERY_INVALID", () -> records.count("acmeStock", Map.of(), 0));
        assertCode("QUERY_INVALID", () -> records.count("acmeStock", Map.of(), Records.MAX_COUNT + 1));
    }

    @Test
    void aCreateUnderAKeyHappensOnce() {
        Records.Created first = records.create("acmeStock", "order-1", Map.of("sku", "K", "remaining", 1));
        Records.Created again = records.create("acmeStock", "order-1", Map.of("sku", "other"));
        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.record()).isEqualTo(first.record());
        records.delete("acmeStock", (String) first.record().get("_id"));
        assertThat(records.create("acmeStock", "order-1", Map.of("sku", "K2")).record()).containsKey("_deletedAt");
        assertCode("RECORD_VALIDATION_FAILED", () -> records.create("acmeStock", "", Map.of("sku", "E")));
        assertCode("RECORD_VALIDATION_FAILED", () -> records.create("acmeStock", "k".repeat(201), Map.of("sku", "E")));
        assertCode("RECORD_VALIDATION_FAILED", () -> records.create("acmeStock", "order-2", Map.of("remaining", 1)));
        assertThat(records.create("acmeStock", "order-2", Map.of("sku", "E")).created()).as("a refused create kept no key").isTrue();
    }

    @Test
    void incrementsAreGuardedRangedAndOncePerKey() {
        String id = (String) item("I", 2).get("_id");
        Map<String, Object> claimable = Map.of("field", "status", "op", "eq", "value", "active");
        Map<String, Integer> claim = Map.of("remaining", -1, "claimed", 1);
        assertThat(records.increment("acmeStock", id, claim, claimable, "c1")).get()
                .satisfies(r -> assertThat(r).containsEntry("remaining", 1L).containsEntry("claimed", 1L).containsEntry("_version", 2L));
        assertThat(records.increment("acmeStock", id, claim, claimable, "c1")).get()
                .satisfies(r -> assertThat(r).as("a repeated key").containsEntry("remaining", 1L).containsEntry("_version", 2L));
        assertThat(records.increment("acmeStock", id, claim, claimable, "c2")).get().satisfies(r -> assertThat(r).containsEntry("remaining", 0L));
        assertThat(records.increment("acmeStock", id, claim, claimable, "c3")).as("min 0 holds").isEmpty();
        assertThat(records.increment("acmeStock", id, Map.of("balance", new BigDecimal("0.25")), Map.of(), null)).get()
                .satisfies(r -> assertThat((BigDecimal) r.get("balance")).isEqualByComparingTo("0.25"));
        assertCode("RECORD_VALIDATION_FAILED", () -> records.increment("acmeStock", id, Map.of("balance", 0.001), Map.of(), null));
        records.updateWhere("acmeStock", id, Map.of(), Map.of("status", "retired", "remaining", 5));
        assertThat(records.increment("acmeStock", id, claim, claimable, "c4")).as("the guard holds").isEmpty();

        assertCode("RECORD_VALIDATION_FAILED", () -> records.increment("acmeStock", id, Map.of("remaining", 0.5), Map.of(), null));
        assertCode("RECORD_VALIDATION_FAILED", () -> records.increment("acmeStock", id, Map.of("sku", 1), Map.of(), null));
        assertCode("RECORD_VALIDATION_FAILED", () -> records.increment("acmeStock", id, Map.of("price", 1), Map.of(), null));
        assertCode("RECORD_VALIDATION_FAILED", () -> records.increment("acmeStock", id, Map.of("remaining", Double.NaN), Map.of(), null));
        assertCode("RECORD_VALIDATION_FAILED", () -> records.increment("acmeStock", id, Map.of(), Map.of(), null));
        assertCode("RECORD_NOT_FOUND", () -> records.increment("acmeStock", "nope", claim, Map.of(), null));
        assertCode("QUERY_INVALID", () -> records.increment("acmeStock", id, claim, Map.of("op", "eq"), null));
    }

    @Test
    void aGuardedUpdateChangesOnlyWhileTheGuardHolds() {
        String id = (String) item("U", 1).get("_id");
        Map<String, Object> active = Map.of("field", "status", "op", "eq", "value", "active");
        assertThat(records.updateWhere("acmeStock", id, active, Map.of("status", "retired"))).get()
                .satisfies(r -> assertThat(r).containsEntry("status", "retired").containsEntry("_version", 2L));
        assertThat(records.updateWhere("acmeStock", id, active, Map.of("status", "retired"))).isEmpty();
        assertCode("RECORD_VALIDATION_FAILED", () -> records.updateWhere("acmeStock", id, Map.of(), Map.of("status", "lost")));
        assertCode("RECORD_NOT_FOUND", () -> records.updateWhere("acmeStock", "nope", Map.of(), Map.of("status", "active")));
        assertThat(records.get("acmeStock", id)).get().satisfies(r -> assertThat(r).containsEntry("_version", 2L));
    }
}

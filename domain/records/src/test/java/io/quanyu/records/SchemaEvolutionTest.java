package io.quanyu.records;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SchemaEvolutionTest extends RecordsTestSupport {
    private static final String BASE = """
            {'apiName': 'coupon', 'label': {'en': 'Coupon', 'zh-CN': '优惠券'}, 'fields': [
              {'apiName': 'code', 'type': 'text', 'label': {'en': 'Code'}, 'required': true},
              {'apiName': 'amount', 'type': 'text', 'label': {'en': 'Amount'}}%s]}
            """;

    @BeforeEach
    void coupons() {
        define(BASE.formatted(""));
        for (String[] row : new String[][]{{"C1", "10"}, {"C2", " 25 "}, {"C3", null}, {"C1", "8"}}) {
            records.create(db, "coupon", json("{'code': '" + row[0] + "'" + (row[1] == null ? "" : ", 'amount': '" + row[1] + "'") + "}"),
                    "tester", quotas);
        }
    }

    private Migration change(String extraFields) {
        return metadata.change(db, "coupon", json(BASE.formatted(extraFields)), "builder1", quotas);
    }

    private Migration awaitDone(Migration started) {
        await().atMost(Duration.ofSeconds(10)).until(() -> metadata.migration(db, started.id()).status() != Migration.Status.RUNNING);
        return metadata.migration(db, started.id());
    }

    private List<Document> raw() {
        return db.collection("r_coupon").find().sort(new Document("_createdAt", 1)).into(new ArrayList<>());
    }

    @Test
    void addingAnOptionalFieldIsImmediateAndVersioned() {
        Migration m = change(", {'apiName': 'note', 'type': 'longText', 'label': {'en': 'Note'}}");
        assertThat(m.status()).isEqualTo(Migration.Status.DONE);
        assertThat(m.toVersion()).isEqualTo(2);
        assertThat(m.by()).isEqualTo("builder1");
        assertThat(metadata.get(db, "coupon").type().field("note")).isPresent();
        assertThat(metadata.migrations(db, "coupon")).extracting(Migration::toVersion).containsExactly(1L, 2L);
        records.create(db, "coupon", json("{'code': 'N1', 'note': '新字段'}"), "tester", quotas);
    }

    @Test
    void relabellingChangesOnlyMetadata() {
        String relabelled = BASE.formatted("").replace("{'en': 'Amount'}", "{'en': 'Face value', 'zh-CN': '面额'}");
        Migration m = metadata.change(db, "coupon", json(relabelled), "builder1", quotas);
        assertThat(m.steps()).containsExactly("relabel amount");
        assertThat(metadata.get(db, "coupon").type().field("amount").orElseThrow().label().in("zh-CN")).isEqualTo("面额");
        assertThat(raw()).extracting(d -> d.get("amount")).containsExactly("10", " 25 ", null, "8");
    }

    @Test
    void textToNumberListsValuesThatDoNotConvertThenConvertsWithBackfill() {
        String id = records.create(db, "coupon", json("{'code': 'BAD', 'amount': 'ten yuan'}"), "tester", quotas).path("_id").asString();
        String toInteger = BASE.formatted("").replace("'apiName': 'amount', 'type': 'text'", "'apiName': 'amount', 'type': 'integer'");
        assertThatThrownBy(() -> metadata.change(db, "coupon", json(toInteger), "builder1", quotas))
                .isInstanceOfSatisfying(QuanyuException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_CHANGE_REFUSED);
                    assertThat(e.details().get("values")).isEqualTo(List.of(Map.of("id", id, "value", "ten yuan")));
                });
        assertThat(metadata.get(db, "coupon").version()).isEqualTo(1);

        var bad = records.get(db, "coupon", id, false);
        records.update(db, "coupon", id, json("{'_version': " + bad.path("_version").asLong() + ", 'amount': '10'}"), "tester");
        Migration done = awaitDone(metadata.change(db, "coupon", json(toInteger), "builder1", quotas));
        assertThat(done.status()).as(done.error()).isEqualTo(Migration.Status.DONE);
        assertThat(metadata.get(db, "coupon").version()).isEqualTo(2);
        assertThat(raw()).extracting(d -> d.get("amount")).containsExactly(10L, 25L, null, 8L, 10L);
        var sum = records.query(db, "coupon", new RecordQuery(json("{'field': 'amount', 'op': 'gte', 'value': 10}"), null, 50, null, false));
        assertThat(sum.totalCount()).isEqualTo(3);
    }

    @Test
    void requiredFieldWithDefaultIsBackfilled() {
        Migration done = awaitDone(change(", {'apiName': 'channel', 'type': 'singleSelect', 'label': {'en': 'Channel'}, "
                + "'required': true, 'default': 'wechat', 'options': [{'value': 'wechat', 'label': {'en': 'WeChat'}}, "
                + "{'value': 'store', 'label': {'en': 'Store'}}]}"));
        assertThat(done.status()).isEqualTo(Migration.Status.DONE);
        assertThat(raw()).extracting(d -> d.get("channel")).containsOnly("wechat");
        assertThat(records.create(db, "coupon", json("{'code': 'Z9'}"), "t", quotas).path("channel").asString()).isEqualTo("wechat");
    }

    @Test
    void aMigrationWhoseNodeStoppedIsResumedElsewhere() {
        var stoppedNode = new MetadataService(java.time.Clock.systemUTC(), task -> { });
        String added = BASE.formatted(", {'apiName': 'channel', 'type': 'text', 'label': {'en': 'Channel'}, "
                + "'required': true, 'default': 'store'}");
        Migration started = stoppedNode.change(db, "coupon", json(added), "builder1", quotas);
        assertThat(started.status()).isEqualTo(Migration.Status.RUNNING);
        assertCode(ErrorCode.OBJECT_CHANGE_IN_PROGRESS, () -> change(""));
        assertThat(metadata.resumeStale(db, Duration.ofHours(1))).isZero();

        assertThat(metadata.resumeStale(db, Duration.ZERO)).isEqualTo(1);
        assertThat(awaitDone(started).status()).isEqualTo(Migration.Status.DONE);
        assertThat(metadata.get(db, "coupon").version()).isEqualTo(2);
        assertThat(raw()).extracting(d -> d.get("channel")).containsOnly("store");
    }

    @Test
    void requiredWithoutDefaultOverEmptyValuesIsRefused() {
        String required = BASE.formatted("").replace("{'en': 'Amount'}", "{'en': 'Amount'}, 'required': true");
        assertThatThrownBy(() -> metadata.change(db, "coupon", json(required), "b", quotas))
                .isInstanceOfSatisfying(QuanyuException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_CHANGE_REFUSED);
                    assertThat((List<?>) e.details().get("records")).hasSize(1);
                });
    }

    @Test
    void uniqueOverDuplicatesIsRefusedListingThem() {
        String unique = BASE.formatted("").replace("'required': true}", "'required': true, 'unique': true}");
        assertThatThrownBy(() -> metadata.change(db, "coupon", json(unique), "b", quotas))
                .isInstanceOfSatisfying(QuanyuException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_CHANGE_REFUSED);
                    List<?> duplicates = (List<?>) e.details().get("duplicates");
                    assertThat(duplicates).hasSize(1);
                    assertThat(duplicates.getFirst().toString()).contains("C1");
                });
        var c1 = records.query(db, "coupon", new RecordQuery(json("{'field': 'code', 'op': 'eq', 'value': 'C1'}"), null, 5, null, false));
        var second = c1.records().get(1);
        records.update(db, "coupon", second.path("_id").asString(), json("{'_version': 1, 'code': 'C4'}"), "t");
        Migration done = awaitDone(metadata.change(db, "coupon", json(unique), "b", quotas));
        assertThat(done.status()).isEqualTo(Migration.Status.DONE);
        List<String> indexes = db.collection("r_coupon").listIndexes().map(d -> d.getString("name")).into(new ArrayList<>());
        assertThat(indexes).contains("u_code");
        assertCode(ErrorCode.RECORD_DUPLICATE, () -> records.create(db, "coupon", json("{'code': 'C4'}"), "t", quotas));
    }

    @Test
    void indexesRequestedInMetadataBecomeMongoIndexes() {
        String indexed = BASE.formatted("").replace("]}", "], 'indexes': [{'fields': ['amount', 'code']}]}");
        awaitDone(metadata.change(db, "coupon", json(indexed), "b", quotas));
        assertThat(db.collection("r_coupon").listIndexes().map(d -> d.getString("name")).into(new ArrayList<>()))
                .contains("i_amount_code");
    }

    @Test
    void standardObjectsTakeNewFieldsButKeepTheirOwn() {
        var customer = metadata.get(db, "customer");
        var json = (tools.jackson.databind.node.ObjectNode) io.quanyu.objects.schema.ObjectTypeParser.toJson(customer.type());
        var fields = (tools.jackson.databind.node.ArrayNode) json.get("fields");
        fields.add(json("{'apiName': 'wechatNickname', 'type': 'text', 'label': {'en': 'WeChat nickname', 'zh-CN': '微信昵称'}}"));
        assertThat(metadata.change(db, "customer", json, "b", quotas).status()).isEqualTo(Migration.Status.DONE);
        assertThat(metadata.get(db, "customer").type().field("wechatNickname")).isPresent();

        fields.remove(11);
        assertCode(ErrorCode.OBJECT_CHANGE_REFUSED, () -> metadata.change(db, "customer", json, "b", quotas));
        assertCode(ErrorCode.OBJECT_CHANGE_REFUSED, () -> metadata.delete(db, "customer", "b"));
    }

    @Test
    void objectQuotasAreEnforced() {
        quotas = new Quotas(100, 100, 1, 1, 3);
        assertCode(ErrorCode.QUOTA_EXCEEDED, () -> define("{'apiName': 'second', 'label': {'en': 'S'}, "
                + "'fields': [{'apiName': 'a', 'type': 'text', 'label': {'en': 'A'}}]}"));
        assertCode(ErrorCode.QUOTA_EXCEEDED, () -> change(", {'apiName': 'b', 'type': 'text', 'label': {'en': 'B'}}, "
                + "{'apiName': 'c', 'type': 'text', 'label': {'en': 'C'}}"));
    }

    @Test
    void duplicateObjectAndMissingObjectAreClientErrors() {
        assertCode(ErrorCode.OBJECT_EXISTS, () -> define(BASE.formatted("")));
        assertCode(ErrorCode.OBJECT_EXISTS, () -> define(BASE.formatted("").replace("'coupon'", "'customer'")));
        assertCode(ErrorCode.OBJECT_NOT_FOUND, () -> metadata.get(db, "ghost"));
        assertCode(ErrorCode.OBJECT_NOT_FOUND, () -> records.create(db, "ghost", json("{}"), "t", quotas));
    }
}

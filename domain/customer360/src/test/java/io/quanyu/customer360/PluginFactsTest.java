package io.quanyu.customer360;

import io.quanyu.conditions.Verdict;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.quanyu.customer360.C360Fixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Facts plugins keep on profiles: the condition language sees them, merges keep them, unmerges give them back. */
class PluginFactsTest {
    private final C360Fixture f = new C360Fixture();

    private String customer(String id, String phone) {
        return f.track("[" + event(id, "page_view", "2026-03-01T10:00:00+08:00", "{\"phone\": \"" + phone + "\"}")
                + "]").getFirst().customerId();
    }

    @Test
    void factsArePluginsOwnVisibleToConditionsAndAnnouncedByAnEvent() {
        String c = customer("e1", "13800138000");
        f.c360.putFacts(f.db, c, "channel-wechat", Map.of("follower", true, "followedAt", "2026-03-01T10:00:00Z",
                "menuClicks", 3, "tags", List.of("vip", "shanghai")));
        f.c360.putFacts(f.db, c, "loyalty", Map.of("tier", "gold", "points", new BigDecimal("120.50")));

        JsonNode facts = f.c360.facts(f.db, c);
        assertThat(facts.path("plugins").path("channel-wechat").path("follower").asBoolean()).isTrue();
        assertThat(facts.path("plugins").path("loyalty").path("points").decimalValue()).isEqualByComparingTo("120.50");
        assertThat(facts.path("aggregates").path("counts").path("page_view").asLong()).isEqualTo(1);

        Verdict verdict = f.c360.matches(f.db, c, C360Fixture.JSON.readTree("""
                {"all": [{"field": "plugins.loyalty.tier", "op": "eq", "value": "gold"},
                         {"field": "plugins.channel-wechat.menuClicks", "op": "gte", "value": 5}]}"""));
        assertThat(verdict.matched()).isFalse();
        assertThat(verdict.summary()).contains("menuClicks");
        assertThat(verdict.summaryZhCN()).isNotBlank();
        f.c360.putFacts(f.db, c, "channel-wechat", Map.of("menuClicks", 5));
        assertThat(f.c360.matches(f.db, c, C360Fixture.JSON.readTree("""
                {"field": "plugins.channel-wechat.menuClicks", "op": "gte", "value": 5}""")).matched()).isTrue();

        Map<String, Object> removal = new HashMap<>();
        removal.put("follower", null);
        f.c360.putFacts(f.db, c, "channel-wechat", removal);
        assertThat(f.c360.facts(f.db, c).path("plugins").path("channel-wechat").has("follower")).isFalse();

        Document doc = f.db.collection(ProfileStore.COLLECTION).find(new Document("_id", c)).first();
        assertThat(doc.getList("_outbox", Document.class)).filteredOn(e -> "FactsChanged".equals(e.getString("type")))
                .extracting(e -> e.get("data", Document.class).getList("plugins", String.class))
                .contains(List.of("channel-wechat"), List.of("loyalty"));
    }

    @Test
    void wrongFactsAreRefusedTogetherAndNothingIsWritten() {
        String c = customer("e2", "13900139000");
        Map<String, Object> bad = new HashMap<>();
        bad.put("ok", 1);
        bad.put("1bad", 1);
        bad.put("nested", Map.of("a", 1));
        bad.put("long", "x".repeat(1001));
        bad.put("nan", Double.NaN);
        bad.put("deep", List.of(List.of(1)));
        assertThatThrownBy(() -> f.c360.putFacts(f.db, c, "p", bad)).isInstanceOfSatisfying(QuanyuException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_VALIDATION_FAILED);
            assertThat(e.violations()).extracting(v -> v.pointer())
                    .contains("/facts/1bad", "/facts/nested", "/facts/long", "/facts/nan", "/facts/deep/0");
        });
        Map<String, Object> many = new HashMap<>();
        for (int i = 0; i <= io.quanyu.conditions.PluginFactValues.MAX_FACTS; i++) {
            many.put("f" + i, i);
        }
        assertThatThrownBy(() -> f.c360.putFacts(f.db, c, "p", many)).isInstanceOf(QuanyuException.class);
        assertThat(f.c360.facts(f.db, c).path("plugins").has("p")).as("nothing half-written").isFalse();
        assertThatThrownBy(() -> f.c360.putFacts(f.db, "0".repeat(32), "p", Map.of("a", 1)))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CUSTOMER_NOT_FOUND));
        assertThat(Arrays.asList(ErrorCode.values())).contains(ErrorCode.REQUEST_VALIDATION_FAILED);
    }

    @Test
    void aMergeKeepsTheSurvivorsFactsAndAnUnmergeGivesTheMergedOnesBack() {
        String survivor = customer("e3", "13700137000");
        String merged = customer("e4", "13600136000");
        f.c360.putFacts(f.db, survivor, "loyalty", Map.of("tier", "gold"));
        f.c360.putFacts(f.db, merged, "loyalty", Map.of("tier", "silver", "points", 40));
        f.c360.putFacts(f.db, merged, "channel-wechat", Map.of("follower", true));

        String mergeId = f.c360.merges().merge(f.db, survivor, merged, "tester", "same person").getString("_id");
        JsonNode both = f.c360.facts(f.db, survivor).path("plugins");
        assertThat(both.path("loyalty").path("tier").asString()).as("the survivor's own value").isEqualTo("gold");
        assertThat(both.path("loyalty").path("points").asLong()).as("gained").isEqualTo(40);
        assertThat(both.path("channel-wechat").path("follower").asBoolean()).isTrue();

        f.c360.putFacts(f.db, survivor, "loyalty", Map.of("points", 55));
        f.c360.merges().unmerge(f.db, mergeId, "tester");
        JsonNode after = f.c360.facts(f.db, survivor).path("plugins");
        assertThat(after.path("loyalty").path("tier").asString()).isEqualTo("gold");
        assertThat(after.path("loyalty").path("points").asLong()).as("changed since the merge: the survivor's now").isEqualTo(55);
        assertThat(after.has("channel-wechat")).as("given back").isFalse();
        JsonNode back = f.c360.facts(f.db, merged).path("plugins");
        assertThat(back.path("loyalty").path("tier").asString()).isEqualTo("silver");
        assertThat(back.path("channel-wechat").path("follower").asBoolean()).isTrue();
    }
}

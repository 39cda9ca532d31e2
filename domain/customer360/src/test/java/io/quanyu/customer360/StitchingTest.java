package io.quanyu.customer360;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static io.quanyu.customer360.C360Fixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stitching scenario with exact states: an anonymous WeChat visitor, the phone at sign-up, a merge with the
 * existing member found by that phone, and the unmerge.
 */
class StitchingTest {
    final C360Fixture f = new C360Fixture();

    private String one(String json) {
        var results = f.track("[" + json + "]");
        assertThat(results.getFirst().status()).as(results.toString()).isEqualTo("stored");
        return results.getFirst().customerId();
    }

    private static List<String> identities(JsonNode profile) {
        List<String> out = new ArrayList<>();
        profile.path("identities").forEach(i -> out.add(i.path("type").asString() + "=" + i.path("value").asString()));
        return out;
    }

    private List<String> timeline(String customer) {
        return f.c360.timeline(f.db, customer, List.of(), List.of(), 50, null).events().stream().map(TrackedEvent::eventId).toList();
    }

    @Test
    void anonymousVisitorThenPhoneThenMergeWithTheMemberThenUnmerge() {
        String member = one(event("e0", "member.joined", "2026-01-05T09:00:00+08:00", "{\"member_no\": \"M001\"}"));
        assertThat(f.profile(member).path("stage").asString()).isEqualTo("member");

        String visitor = one(event("e1", "page_view", "2026-03-01T10:00:00+08:00",
                "{\"wechat_openid\": {\"scope\": \"wx-app-1\", \"value\": \"o-visitor\"}}"));
        JsonNode anonymous = f.profile(visitor);
        assertThat(visitor).isNotEqualTo(member);
        assertThat(anonymous.path("anonymous").asBoolean()).isTrue();
        assertThat(identities(anonymous)).containsExactly("wechat_openid=o-visitor");
        assertThat(anonymous.path("stage").asString()).isEqualTo("stranger");

        assertThat(one(event("e2", "signup", "2026-03-01T10:05:00+08:00",
                "{\"wechat_openid\": {\"scope\": \"wx-app-1\", \"value\": \"o-visitor\"}, \"phone\": \"138 0013 8000\"}")))
                .isEqualTo(visitor);
        JsonNode signedUp = f.profile(visitor);
        assertThat(signedUp.path("anonymous").asBoolean()).isFalse();
        assertThat(identities(signedUp)).containsExactly("wechat_openid=o-visitor", "phone=+8613800138000");
        assertThat(signedUp.path("record").path("phone").asString()).isEqualTo("+8613800138000");
        assertThat(signedUp.path("aggregates").path("counts").path("signup").asLong()).isEqualTo(1);

        String survivor = one(event("e3", "store.visit", "2026-03-02T15:00:00+08:00",
                "{\"member_no\": \"M001\", \"phone\": \"+8613800138000\"}"));
        assertThat(survivor).isEqualTo(member);
        JsonNode merged = f.profile(member);
        assertThat(identities(merged)).containsExactlyInAnyOrder("member_no=M001", "wechat_openid=o-visitor", "phone=+8613800138000");
        assertThat(merged.path("record").path("phone").asString()).isEqualTo("+8613800138000");
        assertThat(merged.path("aggregates").path("counts").properties()).extracting(e -> e.getKey() + "=" + e.getValue().asLong())
                .containsExactlyInAnyOrder("member__joined=1", "page_view=1", "signup=1", "store__visit=1");
        assertThat(merged.path("aggregates").path("firstSeen").asString()).isEqualTo("2026-01-05T01:00:00Z");
        assertThat(timeline(member)).containsExactly("e3", "e2", "e1", "e0");
        assertThatThrownBy(() -> f.profile(visitor)).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CUSTOMER_MERGED));
        String mergeId = merged.path("merges").get(0).path("id").asString();

        f.c360.merges().unmerge(f.db, mergeId, "tester");
        JsonNode back = f.profile(visitor);
        assertThat(identities(back)).containsExactly("wechat_openid=o-visitor", "phone=+8613800138000");
        assertThat(back.path("record").path("phone").asString()).isEqualTo("+8613800138000");
        assertThat(back.path("aggregates").path("counts").properties()).extracting(e -> e.getKey() + "=" + e.getValue().asLong())
                .containsExactlyInAnyOrder("page_view=1", "signup=1");
        assertThat(timeline(visitor)).containsExactly("e2", "e1");
        JsonNode memberAgain = f.profile(member);
        assertThat(identities(memberAgain)).containsExactly("member_no=M001");
        assertThat(memberAgain.path("record").has("phone")).isFalse();
        assertThat(timeline(member)).containsExactly("e3", "e0");
        assertThat(memberAgain.path("aggregates").path("counts").properties()).extracting(e -> e.getKey() + "=" + e.getValue().asLong())
                .containsExactlyInAnyOrder("member__joined=1", "store__visit=1");
        assertThat(memberAgain.path("merges").get(0).path("status").asString()).isEqualTo("undone");
    }
}

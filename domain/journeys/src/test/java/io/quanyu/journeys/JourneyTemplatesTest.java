package io.quanyu.journeys;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped journeys are valid drafts in both languages. */
class JourneyTemplatesTest {
    @Test
    void everyShippedJourneyIsAValidDraftNamedInBothLanguages() {
        assertThat(JourneyTemplates.all()).extracting(JourneyTemplates.Template::key)
                .containsExactly("blank", "welcome-wechat", "abandoned-browse", "win-back", "birthday", "review-request",
                        "birthday-coupon");
        for (JourneyTemplates.Template t : JourneyTemplates.all()) {
            Definition d = Definition.parse(t.draft());
            assertThat(d.nodes()).as(t.key()).isNotEmpty();
            assertThat(t.name("zh-CN")).as(t.key()).isNotBlank().isNotEqualTo(t.name("en"));
            assertThat(t.description("zh-CN")).as(t.key()).isNotBlank();
            assertThat(t.description("en")).as(t.key()).isNotBlank();
        }
        Definition welcome = Definition.parse(JourneyTemplates.all().get(1).draft());
        assertThat(welcome.entry().event()).isEqualTo("wechat.subscribe");
        assertThat(((Node.WaitForEvent) welcome.nodes().get("ordered")).timeout()).isLessThan(java.time.Duration.ofHours(48));
        Definition coupon = Definition.parse(JourneyTemplates.all().getLast().draft());
        Node.Action gift = (Node.Action) coupon.nodes().get("gift");
        assertThat(gift.plugin() + "/" + gift.action()).isEqualTo("coupons/issueCoupon");
        assertThat(gift.parameters().path("template").asString()).isEqualTo("birthday");
        assertThat(gift.onFailure()).as("no coupon left: the greeting still goes").isEqualTo("greet");
        assertThat(coupon.passesValues()).as("the message names the coupon's code").isTrue();
    }
}

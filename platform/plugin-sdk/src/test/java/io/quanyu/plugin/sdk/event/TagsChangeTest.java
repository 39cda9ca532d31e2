package io.quanyu.plugin.sdk.event;

import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Identity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TagsChangeTest {

    @Test
    void aChangeSurvivesTheTripThroughAnEventAndNamesWhoMadeEachTag() {
        TagsChange change = new TagsChange("c1", List.of("vip"), List.of("lead"),
                Map.of("vip", "plugin:channel-wechat", "lead", "manual"));

        ReceivedEvent event = change.toEvent("e1", Instant.parse("2026-12-06T10:00:00Z"));
        TagsChange read = TagsChange.of(event).orElseThrow();

        assertThat(event.event().type()).isEqualTo(TagsChange.TYPE);
        assertThat(read).isEqualTo(change);
        assertThat(read.by("channel-wechat", "vip")).isTrue();
        assertThat(read.by("channel-wechat", "lead")).isFalse();
        assertThat(read.source("other")).isEqualTo("platform");
    }

    @Test
    void anEventOfAnotherTypeIsNoTagChange() {
        ReceivedEvent order = new ReceivedEvent("c1", new Event("e2", "order.paid", Instant.EPOCH,
                List.of(Identity.of("email", "a@b.c")), null, Map.of("added", List.of("vip"))));

        assertThat(TagsChange.of(order)).isEmpty();
    }
}

package io.quanyu.customer360;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

import static io.quanyu.customer360.C360Fixture.event;
import static org.assertj.core.api.Assertions.assertThat;

/** The short profile views a customer list shows: one read for a page of customers. */
class SummariesTest {
    final C360Fixture f = new C360Fixture();

    @Test
    void summarisesStageTagsAndScoresAndLeavesOutMergedOrUnknownCustomers() {
        String a = f.track("[" + event("s1", "share", "2026-05-01T08:00:00Z", "{\"device_id\": \"sa\"}") + "]")
                .getFirst().customerId();
        String b = f.track("[" + event("s2", "page_view", "2026-05-02T08:00:00Z", "{\"device_id\": \"sb\"}") + "]")
                .getFirst().customerId();
        f.c360.tag(f.db, a, "vip", true, "tester");

        Map<String, ObjectNode> views = f.c360.summaries(f.db, List.of(a, b, "nobody"));
        assertThat(views).containsOnlyKeys(a, b);
        assertThat(views.get(a).path("stage").asString()).isEqualTo("fan");
        assertThat(views.get(a).path("anonymous").asBoolean()).isTrue();
        assertThat(views.get(a).path("tags").toString()).contains("vip");
        assertThat(views.get(a).path("scores").path("influence").decimalValue()).isPositive();
        assertThat(views.get(b).path("lastSeen").asString()).isEqualTo("2026-05-02T08:00:00Z");

        f.c360.merges().merge(f.db, a, b, "tester", "test");
        assertThat(f.c360.summaries(f.db, List.of(a, b))).containsOnlyKeys(a);
        assertThat(f.c360.summaries(f.db, List.of())).isEmpty();
    }
}

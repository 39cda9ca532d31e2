package io.quanyu.server.it;

import io.quanyu.outbox.DomainEvent;
import io.quanyu.outbox.EventSeam;
import io.quanyu.outbox.Subscriber;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the platform does reaches the event seam's subscribers, keyed and ordered by customer: an integrator's
 * events make a customer record (RecordCreated) and apply to the profile (EventsApplied, StageChanged), a builder's
 * manual tag changes the tags (TagsChanged), an edit changes the record (RecordChanged).
 */
class DomainEventsIT extends RealServersIT {
    @Autowired
    EventSeam seam;

    @Test
    void writesThroughTheApiReachASubscriberInOrderPerCustomer() {
        List<DomainEvent> seen = new CopyOnWriteArrayList<>();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        String name = "it-" + UUID.randomUUID();
        seam.subscribe(new Subscriber() {
            public String name() {
                return name;
            }

            public void handle(DomainEvent event) {
                if (ids.add(event.id())) {
                    seen.add(event);
                }
            }
        });
        String u = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String integrator = Tokens.clientCredentials("acme-integrator", "acme-integrator-dev-secret");
        var tracked = api().post("/api/v1/events", integrator, """
                {"events": [{"eventId": "de-%1$s", "type": "signup", "channel": "wechat", "time": "2026-11-01T08:00:00Z",
                  "identities": {"wechat_openid": {"scope": "wx1", "value": "o-de-%1$s"}}}]}
                """.formatted(u));
        String customer = tracked.json().path("results").get(0).path("customerId").asString();
        String builder = Tokens.demo("acme-builder");
        assertThat(api().post("/api/v1/customers/" + customer + "/tags", builder, "{\"tag\": \"vip\"}").status()).isEqualTo(200);
        long version = api().get("/api/v1/records/customer/" + customer, builder).json().path("_version").asLong();
        assertThat(api().send("PATCH", "/api/v1/records/customer/" + customer, builder,
                "{\"_version\": " + version + ", \"name\": \"事件 " + u + "\"}").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> types(seen, customer).containsAll(List.of(
                DomainEvent.RECORD_CREATED, DomainEvent.EVENTS_APPLIED, DomainEvent.TAGS_CHANGED, DomainEvent.RECORD_CHANGED)));
        List<DomainEvent> mine = seen.stream().filter(e -> e.key().equals(customer)).toList();
        assertThat(mine).allSatisfy(e -> assertThat(e.tenant().value()).isEqualTo("acme"));
        List<String> order = mine.stream().map(DomainEvent::type).toList();
        assertThat(order.indexOf(DomainEvent.EVENTS_APPLIED)).isLessThan(order.indexOf(DomainEvent.TAGS_CHANGED));
        DomainEvent applied = mine.stream().filter(e -> e.type().equals(DomainEvent.EVENTS_APPLIED)).findFirst().orElseThrow();
        assertThat(applied.data().get("events")).isEqualTo(List.of("de-" + u));
        DomainEvent tags = mine.stream().filter(e -> e.type().equals(DomainEvent.TAGS_CHANGED)
                && ((List<?>) e.data().get("added")).contains("vip")).findFirst().orElseThrow();
        assertThat(tags.data().get("removed")).isEqualTo(List.of());
        assertThat(new java.util.HashMap<>((java.util.Map<?, ?>) tags.data().get("sources"))).as("who changed each tag")
                .isEqualTo(java.util.Map.of("vip", "manual"));
        DomainEvent changed = mine.stream().filter(e -> e.type().equals(DomainEvent.RECORD_CHANGED)).findFirst().orElseThrow();
        assertThat(changed.data().get("fields").toString()).contains("name");
        assertThat(changed.data()).containsEntry("object", "customer").containsEntry("version", version + 1);
    }

    private static List<String> types(List<DomainEvent> seen, String customer) {
        return seen.stream().filter(e -> e.key().equals(customer)).map(DomainEvent::type).toList();
    }
}

package io.quanyu.customer360;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.quanyu.customer360.C360Fixture.event;
import static org.assertj.core.api.Assertions.assertThat;

/** A tag change announces who made it, so a plugin mirroring tags elsewhere can pass over its own changes. */
class TagChangesTest {
    private final C360Fixture f = new C360Fixture();

    @Test
    void eachTagChangeNamesItsSourceAddedAndRemoved() {
        String c = f.track("[" + event("t1", "page_view", "2026-03-01T10:00:00+08:00", "{\"phone\": \"13800138000\"}")
                + "]").getFirst().customerId();

        f.c360.tag(f.db, c, "vip", true, "wechat", "plugin:channel-wechat");
        f.c360.tag(f.db, c, "vip", false, "u-1", "manual");
        f.c360.tag(f.db, c, "absent", false, "u-1", "manual");

        Document doc = f.db.collection(ProfileStore.COLLECTION).find(new Document("_id", c)).first();
        List<Document> changes = doc.getList("_outbox", Document.class).stream()
                .filter(e -> "TagsChanged".equals(e.getString("type"))).map(e -> e.get("data", Document.class)).toList();
        assertThat(changes).as("removing a tag the customer lacks changes nothing").hasSize(2);
        assertThat(changes.get(0).getList("added", String.class)).containsExactly("vip");
        assertThat(changes.get(0).get("sources", Document.class)).isEqualTo(new Document(Map.of("vip", "plugin:channel-wechat")));
        assertThat(changes.get(1).getList("removed", String.class)).containsExactly("vip");
        assertThat(changes.get(1).get("sources", Document.class)).isEqualTo(new Document(Map.of("vip", "manual")));
    }

    @Test
    void manyCustomersAreTaggedInOneWriteAndOneTheStoreRefusesIsNamedWithoutHoldingUpTheOthers() {
        String a = f.track("[" + event("m1", "page_view", "2026-03-01T10:00:00+08:00", "{\"phone\": \"13800138001\"}")
                + "]").getFirst().customerId();
        String b = f.track("[" + event("m2", "page_view", "2026-03-01T10:00:00+08:00", "{\"phone\": \"13800138002\"}")
                + "]").getFirst().customerId();
        f.c360.tag(f.db, b, "old", true, "u-1", "manual");

        Map<String, io.quanyu.core.error.QuanyuException> refused = f.c360.tagAll(f.db, List.of(
                new Customer360.Tagging(a, List.of("gold"), List.of()),
                new Customer360.Tagging(b, List.of("gold"), List.of("old")),
                new Customer360.Tagging("nobody", List.of("gold"), List.of()),
                new Customer360.Tagging(a, List.of("vip"), List.of())), "journey:j", "journey:j");

        assertThat(refused).containsOnlyKeys("nobody");
        assertThat(refused.get("nobody").code().name()).isEqualTo("CUSTOMER_NOT_FOUND");
        assertThat(tags(a)).containsExactlyInAnyOrder("gold", "vip"); // named twice: both
        assertThat(tags(b)).containsExactly("gold");
        assertThat(f.db.collection(ProfileStore.COLLECTION).find(new Document("_id", b)).first()
                .get("tags", Document.class).get("gold", Document.class).getString("source")).isEqualTo("journey:j");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Customer360.Tagging(a, List.of("not a tag"), List.of()))
                .isInstanceOf(io.quanyu.core.error.QuanyuException.class);
    }

    private java.util.Set<String> tags(String customer) {
        return f.db.collection(ProfileStore.COLLECTION).find(new Document("_id", customer)).first().get("tags", Document.class).keySet();
    }
}

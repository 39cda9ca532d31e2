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
}

package io.quanyu.customer360;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * A profile as facts for the condition language: {@code aggregates.*} (firstSeen, lastSeen, counts by event type
 * with dots written {@code __}, channels, orders.{count, amount, firstAt, lastAt}, social.{shares, followers,
 * referredVisitors, referredCustomers, referredOrderValue}), {@code identityTypes}, {@code tags}, {@code stage},
 * {@code scores.{influence, rfm.{recency, frequency, monetary}}}, {@code plugins.<pluginId>.<fact>} (what plugins put).
 */
public final class ProfileFacts {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProfileFacts() {
    }

    static ObjectNode of(ProfileState s, Customer360Settings settings, Instant now) {
        ObjectNode facts = JSON.createObjectNode();
        ObjectNode aggregates = facts.putObject("aggregates");
        aggregates.put("firstSeen", text(s.firstSeen)).put("lastSeen", text(s.lastSeen));
        ObjectNode counts = aggregates.putObject("counts");
        s.counts.forEach(counts::put);
        s.channels.forEach(aggregates.putArray("channels")::add);
        aggregates.putObject("orders").put("count", s.ordersCount).put("amount", s.ordersAmount)
                .put("firstAt", text(s.firstOrderAt)).put("lastAt", text(s.lastOrderAt));
        aggregates.putObject("social").put("shares", s.shares).put("followers", s.totalFollowers())
                .put("referredVisitors", s.referredVisitors).put("referredCustomers", s.referredCustomers)
                .put("referredOrderValue", s.referredOrderValue);
        s.identityTypes.forEach(facts.putArray("identityTypes")::add);
        s.tags.keySet().forEach(facts.putArray("tags")::add);
        facts.put("stage", s.stage);
        Scores.Rfm rfm = Scores.rfm(s, settings, now);
        facts.putObject("scores").put("influence", Scores.influence(s, settings.influence()))
                .putObject("rfm").put("recency", rfm.recency()).put("frequency", rfm.frequency()).put("monetary", rfm.monetary());
        facts.set("plugins", JSON.valueToTree(PluginFacts.plain(s.facts)));
        return facts;
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}

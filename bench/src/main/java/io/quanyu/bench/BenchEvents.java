package io.quanyu.bench;

import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;

/**
 * Behaviour events for the ingestion benchmarks, in the shape {@code POST /api/v1/events} takes: page views (80%),
 * shares (15%) and sign-ups (5%) of {@code people} visitors, at times spread over October 2026 (offset +08:00).
 * Event ids start with {@code eventPrefix}, identities with {@code peoplePrefix}, so each run's events are new and
 * two sets can share their visitors. With {@code phones} some visitors carry a phone, some a phone and a device.
 */
final class BenchEvents {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    private static final int MONTH_SECONDS = 30 * 24 * 3600;
    private static final String[] CHANNELS = {"web", "wechat", "app"};

    private BenchEvents() {
    }

    static List<ArrayNode> batches(String eventPrefix, String peoplePrefix, int count, int people, int batchSize,
                                   boolean phones) {
        Random random = new Random(eventPrefix.hashCode());
        long phoneBase = Math.floorMod(peoplePrefix.hashCode() * 7_919L, 90_000_000L);
        List<ArrayNode> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i % batchSize == 0) {
                out.add(JSON.createArrayNode());
            }
            int person = random.nextInt(people);
            out.getLast().add(event(eventPrefix + "-" + i, random, identities(peoplePrefix, person, phones, phoneBase)));
        }
        return out;
    }

    private static ObjectNode event(String id, Random random, ObjectNode identities) {
        int roll = random.nextInt(100);
        String type = roll < 80 ? "page_view" : roll < 95 ? "share" : "signup";
        ObjectNode event = JSON.createObjectNode().put("eventId", id).put("type", type)
                .put("time", OffsetDateTime.ofInstant(START.plusSeconds(random.nextInt(MONTH_SECONDS)), ZoneOffset.ofHours(8)).toString())
                .put("channel", CHANNELS[random.nextInt(CHANNELS.length)]);
        event.set("identities", identities);
        ObjectNode properties = event.putObject("properties");
        switch (type) {
            case "page_view" -> properties.put("url", "https://shop.example.cn/p/" + random.nextInt(500))
                    .put("title", "商品详情 " + random.nextInt(500)).put("durationMs", random.nextInt(60_000));
            case "share" -> properties.put("url", "https://shop.example.cn/p/" + random.nextInt(500)).put("target", "wechat_moments");
            default -> properties.put("plan", random.nextBoolean() ? "member" : "newsletter");
        }
        return event;
    }

    private static ObjectNode identities(String prefix, int person, boolean phones, long phoneBase) {
        ObjectNode out = JSON.createObjectNode();
        int kind = phones ? person % 10 : 0;
        if (kind < 9) {
            out.put("device_id", prefix + "-d" + person);
        }
        if (kind >= 7) {
            out.put("phone", "+86137" + String.format("%08d", (phoneBase + person) % 100_000_000L));
        }
        return out;
    }

    /** {@code {"events": batch}} as text. */
    static String body(ArrayNode batch) {
        ObjectNode body = JSON.createObjectNode();
        body.set("events", batch);
        return JSON.writeValueAsString(body);
    }

    /** The document the event store writes for an event of {@code customer} (as {@code EventStore.toDocument}). */
    static Document document(JsonNode event, String customer) {
        List<Document> identities = new ArrayList<>();
        event.get("identities").properties().forEach(e -> identities.add(new Document("type", e.getKey())
                .append("scope", null).append("value", e.getValue().asString())));
        return new Document("_id", event.get("eventId").asString()).append("type", event.get("type").asString())
                .append("time", Date.from(OffsetDateTime.parse(event.get("time").asString()).toInstant()))
                .append("channel", event.get("channel").asString()).append("identities", identities)
                .append("properties", Document.parse(JSON.writeValueAsString(event.get("properties"))))
                .append("customerId", customer);
    }

    /** A stand-in customer id of the stored length (32 hex digits) for the raw baseline. */
    static String customerOf(JsonNode event) {
        String key = event.get("identities").toString();
        return String.format("%032x", key.hashCode() & 0xffffffffL);
    }
}

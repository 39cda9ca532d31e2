package io.quanyu.messaging;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The tenant's message templates ({@code msg_templates}): checked when written, so a send never meets a broken one. */
final class Templates {
    static final String COLLECTION = "msg_templates";
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    static final int MAX_BYTES = 64 * 1024;
    static final int MAX_DEPTH = 4;
    private static final TypeReference<Map<String, Map<String, Map<String, Object>>>> CHANNELS = new TypeReference<>() {
    };
    private final TemplateRenderer renderer;

    Templates(TemplateRenderer renderer) {
        this.renderer = renderer;
    }

    /** {@code json} as a template named {@code name}, or every mistake in it ({@code REQUEST_VALIDATION_FAILED}). */
    Map<String, Map<String, Map<String, Object>>> parse(String name, JsonNode json) {
        List<FieldViolation> bad = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            bad.add(new FieldViolation("/name", "pattern", "is a lower-case letter, then up to 63 letters, digits, _ or -"));
        }
        if (json == null || !json.isObject()) {
            throw QuanyuException.invalid(List.of(new FieldViolation("", "type", "must be an object")));
        }
        for (String key : json.propertyNames()) {
            if (!Set.of("name", "description", "channels").contains(key)) {
                bad.add(new FieldViolation("/" + key, "unknown", "is not a template field"));
            }
        }
        if (json.has("description") && (!json.get("description").isString()
                || json.get("description").asString().length() > 500)) {
            bad.add(new FieldViolation("/description", "type", "is a text of at most 500 characters"));
        }
        JsonNode channels = json.path("channels");
        if (!channels.isObject() || channels.isEmpty()) {
            bad.add(new FieldViolation("/channels", "required", "holds the content of at least one channel"));
        } else {
            for (var channel : channels.properties()) {
                String at = "/channels/" + channel.getKey();
                if (!CHANNEL.matcher(channel.getKey()).matches()) {
                    bad.add(new FieldViolation(at, "pattern", "is a channel name (lower-case letters, digits and -)"));
                }
                if (!channel.getValue().isObject() || channel.getValue().isEmpty()) {
                    bad.add(new FieldViolation(at, "type", "maps zh-CN and/or en to the content"));
                    continue;
                }
                for (var locale : channel.getValue().properties()) {
                    String la = at + "/" + locale.getKey();
                    if (!MessagingSettings.LOCALES.contains(locale.getKey())) {
                        bad.add(new FieldViolation(la, "enum", "is zh-CN or en"));
                    } else if (!locale.getValue().isObject() || locale.getValue().isEmpty()) {
                        bad.add(new FieldViolation(la, "type", "is an object of the channel's content (subject, html, text, template, ...)"));
                    } else {
                        locale.getValue().properties().forEach(e -> content(e.getKey(), e.getValue(), la + "/" + e.getKey(), 1, bad));
                    }
                }
            }
        }
        int size = json.toString().getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_BYTES) {
            bad.add(new FieldViolation("", "size", "is " + size + " bytes, at most " + MAX_BYTES));
        }
        if (!bad.isEmpty()) {
            throw QuanyuException.invalid(bad);
        }
        return MessagingSettings.JSON.convertValue(channels, CHANNELS);
    }

    private void content(String key, JsonNode value, String at, int depth, List<FieldViolation> bad) {
        if (value.isString()) {
            String problem = renderer.problem(key, value.asString());
            if (problem != null) {
                bad.add(new FieldViolation(at, "template", problem));
            }
        } else if (value.isObject() || value.isArray()) {
            if (depth >= MAX_DEPTH) {
                bad.add(new FieldViolation(at, "depth", "nests at most " + MAX_DEPTH + " levels"));
                return;
            }
            if (value.isObject()) {
                value.properties().forEach(e -> content(key, e.getValue(), at + "/" + e.getKey(), depth + 1, bad));
            } else {
                for (int i = 0; i < value.size(); i++) {
                    content(key, value.get(i), at + "/" + i, depth + 1, bad);
                }
            }
        } else if (!value.isNumber() && !value.isBoolean()) {
            bad.add(new FieldViolation(at, "type", "is a text, a number, a boolean, an object or a list"));
        }
    }

    Template put(TenantDatabase db, String name, JsonNode json, String by, Instant now) {
        var channels = parse(name, json);
        Template old = find(db, name).orElse(null);
        Template t = new Template(name, json.path("description").asString(""), channels,
                old == null ? 1 : old.version() + 1, now, by);
        Document doc = new Document("_id", name).append("description", t.description())
                .append("channels", Document.parse(MessagingSettings.JSON.writeValueAsString(channels)))
                .append("version", t.version()).append("updatedAt", Date.from(now)).append("updatedBy", by);
        collection(db).replaceOne(Filters.eq("_id", name), doc, new ReplaceOptions().upsert(true));
        return t;
    }

    Optional<Template> find(TenantDatabase db, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(collection(db).find(Filters.eq("_id", name)).first()).map(Templates::template);
    }

    Template get(TenantDatabase db, String name) {
        return find(db, name).orElseThrow(() -> new QuanyuException(ErrorCode.MESSAGE_TEMPLATE_NOT_FOUND,
                Map.of("template", String.valueOf(name))));
    }

    List<Template> list(TenantDatabase db) {
        List<Template> out = new ArrayList<>();
        collection(db).find().sort(Sorts.ascending("_id")).forEach(d -> out.add(template(d)));
        return out;
    }

    boolean delete(TenantDatabase db, String name) {
        return name != null && NAME.matcher(name).matches()
                && collection(db).deleteOne(Filters.eq("_id", name)).getDeletedCount() == 1;
    }

    private static Template template(Document d) {
        Map<String, Map<String, Map<String, Object>>> channels = MessagingSettings.JSON.readValue(
                d.get("channels", Document.class).toJson(), CHANNELS);
        return new Template(d.getString("_id"), d.getString("description"), new LinkedHashMap<>(channels),
                d.get("version", Number.class).longValue(), d.getDate("updatedAt").toInstant(), d.getString("updatedBy"));
    }

    private static MongoCollection<Document> collection(TenantDatabase db) {
        return db.collection(COLLECTION);
    }
}

package io.quanyu.segments;

import com.mongodb.MongoWriteException;
import com.mongodb.ErrorCategory;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quanyu.conditions.Condition;
import io.quanyu.conditions.Conditions;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tenant's segment definitions ({@value #COLLECTION}, the key as {@code _id}). A definition is checked whole before
 * anything is written: its names, its rule (every mistake reported with its pointer under {@code /rule}), the
 * segments it reads (they must exist) and the graph they make (a cycle is refused with its path). Each edit adds one
 * to the version and starts the backfill of that version again.
 */
final class SegmentStore {
    static final String COLLECTION = "seg_definitions";
    /** The facts field that holds the keys of the segments a customer is in. */
    static final String MEMBERSHIP_FIELD = "segments";
    static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Set<String> LOCALES = Set.of("zh-CN", "en");
    private static final Set<String> BODY = Set.of("names", "description", "rule", "list");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    /**
     * Creates or edits the segment. {@code beforeWrite} gets the version about to be written, before the write, so
     * the caller can set what must follow it (the backfill's timer) without a gap a crash could fall into; if the write
     * then loses a race, what it set finds another version and does nothing.
     */
    Segment put(TenantDatabase db, String key, JsonNode body, String actor, Instant now,
                java.util.function.BiConsumer<Long, Instant> beforeWrite) {
        List<FieldViolation> violations = new ArrayList<>();
        if (key == null || !KEY.matcher(key).matches()) {
            violations.add(new FieldViolation("/key", "pattern", "must match " + KEY.pattern()));
        }
        if (body == null || !body.isObject()) {
            throw QuanyuException.invalid(List.of(new FieldViolation("", "type",
                    "must be an object: {names, description, rule} or {names, description, list: true}")));
        }
        body.propertyNames().stream().filter(name -> !BODY.contains(name)).forEach(name ->
                violations.add(new FieldViolation("/" + name, "unknown", "is not a segment field (names, description, rule, list)")));
        Map<String, String> names = names(body.get("names"), violations);
        JsonNode description = body.get("description");
        if (description != null && !description.isNull() && (!description.isString() || description.asString().length() > 500)) {
            violations.add(new FieldViolation("/description", "type", "must be a text of at most 500 characters"));
        }
        Condition condition = null;
        JsonNode rule = body.get("rule");
        JsonNode list = body.get("list");
        if (list != null && !list.isBoolean()) {
            violations.add(new FieldViolation("/list", "type", "must be true for a segment kept by uploaded lists"));
        } else if (list != null && list.booleanValue()) {
            if (rule != null && !rule.isNull()) {
                violations.add(new FieldViolation("/rule", "unknown", "a list segment has no rule: its members are uploaded"));
            }
            rule = key == null ? null : Segment.listRule(key);
        }
        if (rule == null || rule.isNull()) {
            violations.add(new FieldViolation("/rule", "required", "is required: {all: [...]}, {any: [...]}, {not: {...}} or a leaf"));
        } else {
            try {
                condition = Conditions.parse(rule);
            } catch (QuanyuException e) {
                e.violations().forEach(v -> violations.add(new FieldViolation("/rule" + v.pointer(), v.code(), v.message())));
            }
        }
        Set<String> references = condition == null ? Set.of() : references(condition);
        Map<String, Set<String>> graph = graph(db);
        for (String reference : references) {
            if (!graph.containsKey(reference) && !reference.equals(key)) {
                violations.add(new FieldViolation("/rule", "reference", "reads segment " + reference + ", which does not exist"));
            }
        }
        if (!violations.isEmpty()) {
            throw QuanyuException.invalid(violations);
        }
        graph.put(key, references);
        List<String> cycle = cycle(graph, key);
        if (!cycle.isEmpty()) {
            throw new QuanyuException(ErrorCode.SEGMENT_CYCLE, Map.of("segment", key, "path", String.join(" → ", cycle)));
        }
        Document fields = new Document("names", new Document(new LinkedHashMap<>(names)))
                .append("description", description == null || description.isNull() ? null : description.asString())
                .append("rule", Document.parse(rule.toString())).append("references", List.copyOf(references))
                .append("updatedAt", Date.from(now)).append("updatedBy", actor);
        Optional<Document> existing = Optional.ofNullable(definitions(db).find(Filters.eq("_id", key)).first());
        if (existing.isEmpty()) {
            try {
                Document created = new Document("_id", key).append("version", 1L).append("createdAt", Date.from(now))
                        .append("createdBy", actor).append("backfill", backfill(1));
                created.putAll(fields);
                beforeWrite.accept(1L, now);
                definitions(db).insertOne(created);
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                throw concurrent(key);
            }
        } else {
            long version = existing.get().get("version", Number.class).longValue();
            List<org.bson.conversions.Bson> updates = new ArrayList<>();
            fields.forEach((field, value) -> updates.add(Updates.set(field, value)));
            updates.add(Updates.set("version", version + 1));
            updates.add(Updates.set("backfill", backfill(version + 1)));
            beforeWrite.accept(version + 1, existing.get().getDate("createdAt").toInstant());
            if (definitions(db).updateOne(Filters.and(Filters.eq("_id", key), Filters.eq("version", version)),
                    Updates.combine(updates)).getMatchedCount() == 0) {
                throw concurrent(key);
            }
        }
        return find(db, key).orElseThrow(() -> concurrent(key));
    }

    Optional<Segment> find(TenantDatabase db, String key) {
        return Optional.ofNullable(definitions(db).find(Filters.eq("_id", key)).first()).map(SegmentStore::segment);
    }

    List<Segment> list(TenantDatabase db) {
        List<Segment> out = new ArrayList<>();
        for (Document d : definitions(db).find().sort(Sorts.ascending("_id"))) {
            out.add(segment(d));
        }
        return out;
    }

    /** Deletes the definition; refused while another segment reads it. False when there was none. */
    boolean delete(TenantDatabase db, String key) {
        List<String> dependents = new ArrayList<>();
        for (Document d : definitions(db).find(Filters.eq("references", key)).projection(new Document("_id", 1))) {
            dependents.add(d.getString("_id"));
        }
        if (!dependents.isEmpty()) {
            throw new QuanyuException(ErrorCode.SEGMENT_IN_USE, Map.of("segment", key, "dependents", String.join(", ", dependents)));
        }
        return definitions(db).deleteOne(Filters.eq("_id", key)).getDeletedCount() == 1;
    }

    /** Records how far the backfill of {@code version} came; nothing when the segment moved on to another version. */
    boolean progress(TenantDatabase db, String key, long version, String after, long evaluated, boolean done, Instant now) {
        return definitions(db).updateOne(Filters.and(Filters.eq("_id", key), Filters.eq("backfill.version", version)),
                Updates.combine(Updates.set("backfill.after", after), Updates.set("backfill.evaluated", evaluated),
                        Updates.set("backfill.done", done), Updates.set("backfill.finishedAt", done ? Date.from(now) : null)))
                .getMatchedCount() == 1;
    }

    /** The segments a rule reads: the values of its leaves on {@value #MEMBERSHIP_FIELD}. */
    static Set<String> references(Condition condition) {
        Set<String> out = new LinkedHashSet<>();
        collect(condition, out);
        return out;
    }

    private static void collect(Condition condition, Set<String> out) {
        switch (condition) {
            case Condition.All all -> all.children().forEach(c -> collect(c, out));
            case Condition.Any any -> any.children().forEach(c -> collect(c, out));
            case Condition.Not not -> collect(not.child(), out);
            case io.quanyu.conditions.Behavior behavior -> {
            }
            case Condition.Leaf leaf -> {
                if (leaf.field().equals(MEMBERSHIP_FIELD) && leaf.value() != null) {
                    if (leaf.value().isArray()) {
                        leaf.value().forEach(v -> out.add(v.asString()));
                    } else if (leaf.value().isString()) {
                        out.add(leaf.value().asString());
                    }
                }
            }
        }
    }

    /** Each segment's references. */
    private Map<String, Set<String>> graph(TenantDatabase db) {
        Map<String, Set<String>> graph = new HashMap<>();
        for (Document d : definitions(db).find().projection(new Document("references", 1))) {
            graph.put(d.getString("_id"), new LinkedHashSet<>(d.getList("references", String.class, List.of())));
        }
        return graph;
    }

    /** A path from {@code start} back to itself through the references, e.g. [a, b, a]; empty when there is none. */
    static List<String> cycle(Map<String, Set<String>> graph, String start) {
        Deque<String> path = new ArrayDeque<>();
        path.add(start);
        return walk(graph, start, start, path, new java.util.HashSet<>()) ? List.copyOf(path) : List.of();
    }

    private static boolean walk(Map<String, Set<String>> graph, String start, String at, Deque<String> path, Set<String> seen) {
        for (String next : graph.getOrDefault(at, Set.of())) {
            path.addLast(next);
            if (next.equals(start)) {
                return true;
            }
            if (seen.add(next) && walk(graph, start, next, path, seen)) {
                return true;
            }
            path.removeLast();
        }
        return false;
    }

    private static Map<String, String> names(JsonNode names, List<FieldViolation> violations) {
        Map<String, String> out = new LinkedHashMap<>();
        if (names == null || !names.isObject() || names.isEmpty()) {
            violations.add(new FieldViolation("/names", "required", "needs a name in zh-CN or en: {\"zh-CN\": \"...\", \"en\": \"...\"}"));
            return out;
        }
        names.properties().forEach(entry -> {
            if (!LOCALES.contains(entry.getKey())) {
                violations.add(new FieldViolation("/names/" + entry.getKey(), "unknown", "is not a locale (zh-CN, en)"));
            } else if (!entry.getValue().isString() || entry.getValue().asString().isBlank()
                    || entry.getValue().asString().length() > 100) {
                violations.add(new FieldViolation("/names/" + entry.getKey(), "type", "must be a text of 1 to 100 characters"));
            } else {
                out.put(entry.getKey(), entry.getValue().asString().strip());
            }
        });
        return out;
    }

    private static Document backfill(long version) {
        return new Document("version", version).append("after", null).append("evaluated", 0L).append("done", false)
                .append("finishedAt", null);
    }

    private static QuanyuException concurrent(String key) {
        return new QuanyuException(ErrorCode.VERSION_CONFLICT, Map.of("object", "segment", "id", key, "current", "newer"));
    }

    private static com.mongodb.client.MongoCollection<Document> definitions(TenantDatabase db) {
        return db.collection(COLLECTION);
    }

    static Segment segment(Document d) {
        JsonNode rule = JSON.readTree(d.get("rule", Document.class).toJson(RELAXED));
        Document names = d.get("names", Document.class);
        Map<String, String> byLocale = new LinkedHashMap<>();
        names.forEach((locale, name) -> byLocale.put(locale, String.valueOf(name)));
        Document b = d.get("backfill", Document.class);
        Date finished = b.getDate("finishedAt");
        return new Segment(d.getString("_id"), byLocale, d.getString("description"), rule, Conditions.parse(rule),
                new LinkedHashSet<>(d.getList("references", String.class, List.of())), d.get("version", Number.class).longValue(),
                d.getDate("createdAt").toInstant(), d.getString("createdBy"), d.getDate("updatedAt").toInstant(),
                d.getString("updatedBy"), new Segment.Backfill(b.get("version", Number.class).longValue(), b.getString("after"),
                b.get("evaluated", Number.class).longValue(), b.getBoolean("done", false), finished == null ? null : finished.toInstant()));
    }
}

package io.quanyu.journeys;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Journeys ({@value #JOURNEYS}: the draft, status and published version) and their published versions
 * ({@value #VERSIONS}, {@code <key>@<version>}, written once, never changed).
 */
final class JourneyStore {
    static final String JOURNEYS = "journeys";
    static final String VERSIONS = "journey_versions";
    static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Saves the draft (checked); creates the journey on its first save. With {@code revision}, only over that revision
     * of the draft (0: only a journey that does not exist yet), else {@code VERSION_CONFLICT} naming the current one.
     */
    Journey put(TenantDatabase db, String key, JsonNode draft, @org.jspecify.annotations.Nullable Long revision, String actor,
                Instant now) {
        Definition definition = Definition.parse(draft);
        Document names = new Document(new LinkedHashMap<>(definition.names()));
        Document existing = journeys(db).find(Filters.eq("_id", key)).first();
        if (existing == null) {
            if (revision != null && revision != 0) {
                throw conflict(key, 0);
            }
            try {
                journeys(db).insertOne(new Document("_id", key).append("names", names).append("draft", bson(draft))
                        .append("status", Journey.DRAFT).append("published", 0L).append("revision", 1L)
                        .append("createdAt", Date.from(now)).append("createdBy", actor).append("updatedAt", Date.from(now))
                        .append("updatedBy", actor));
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                return put(db, key, draft, revision, actor, now);
            }
        } else {
            long current = revision(existing);
            var filter = Filters.and(Filters.eq("_id", key), current == 0 ? Filters.exists("revision", false)
                    : Filters.eq("revision", current));
            if (revision != null && revision != current) {
                throw conflict(key, current);
            }
            boolean saved = journeys(db).updateOne(filter, Updates.combine(Updates.set("names", names),
                    Updates.set("draft", bson(draft)), Updates.set("revision", current + 1), Updates.set("updatedAt", Date.from(now)),
                    Updates.set("updatedBy", actor))).getMatchedCount() == 1;
            if (!saved) {
                if (revision != null) {
                    throw conflict(key, find(db, key).map(Journey::revision).orElse(0L));
                }
                return put(db, key, draft, null, actor, now); // another save came between the read and the write
            }
        }
        return find(db, key).orElseThrow();
    }

    private static long revision(Document d) {
        return d.get("revision") instanceof Number n ? n.longValue() : 0;
    }

    private static QuanyuException conflict(String key, long current) {
        return new QuanyuException(ErrorCode.VERSION_CONFLICT, Map.of("object", "journey", "id", key, "current", current));
    }

    /**
     * Publishes the draft as the next version: the version document first (its key is unique, so two publishers
     * cannot both write it), then the journey points new entries at it.
     */
    Journey publish(TenantDatabase db, String key, String actor, java.util.Collection<String> roles, Instant now) {
        Journey journey = find(db, key).orElseThrow(() -> notFound(key));
        Definition.parse(journey.draft());
        long version = journey.published() + 1;
        try {
            versions(db).insertOne(new Document("_id", key + "@" + version).append("journey", key).append("version", version)
                    .append("definition", bson(journey.draft())).append("publishedAt", Date.from(now)).append("publishedBy", actor)
                    .append("publishedRoles", roles.stream().sorted().toList()));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            throw new QuanyuException(ErrorCode.VERSION_CONFLICT, Map.of("object", "journey", "id", key, "current", "newer"));
        }
        journeys(db).updateOne(Filters.and(Filters.eq("_id", key), Filters.eq("published", journey.published())),
                Updates.combine(Updates.set("published", version), Updates.set("status", Journey.LIVE),
                        Updates.set("publishedAt", Date.from(now)), Updates.set("updatedAt", Date.from(now)),
                        Updates.set("updatedBy", actor)));
        return find(db, key).orElseThrow();
    }

    /** Stops taking entries (and ends the enrollments at their next step), or takes them again on the published version. */
    Journey status(TenantDatabase db, String key, String status, String actor, Instant now) {
        Journey journey = find(db, key).orElseThrow(() -> notFound(key));
        if (journey.published() == 0) {
            throw new QuanyuException(ErrorCode.JOURNEY_NOT_PUBLISHED, Map.of("journey", key));
        }
        journeys(db).updateOne(Filters.eq("_id", key), Updates.combine(Updates.set("status", status),
                Updates.set("updatedAt", Date.from(now)), Updates.set("updatedBy", actor)));
        return find(db, key).orElseThrow();
    }

    Optional<Journey> find(TenantDatabase db, String key) {
        return Optional.ofNullable(journeys(db).find(Filters.eq("_id", key)).first()).map(JourneyStore::journey);
    }

    List<Journey> list(TenantDatabase db) {
        List<Journey> out = new ArrayList<>();
        for (Document d : journeys(db).find().sort(Sorts.ascending("_id"))) {
            out.add(journey(d));
        }
        return out;
    }

    /** A published version: its definition, and who published it (its runs act with that user's roles). */
    record Version(String journey, long version, Definition definition, String publishedBy, List<String> roles) {
    }

    /** The journey's published versions, newest first, at most {@code limit}. */
    List<JourneyVersion> history(TenantDatabase db, String key, int limit) {
        List<JourneyVersion> out = new java.util.ArrayList<>();
        // on the _id index: a version's _id is <key>@<version>, and a key has no regular-expression character
        for (Document d : versions(db).find(Filters.regex("_id", "^" + key + "@")).sort(new Document("version", -1)).limit(limit)) {
            out.add(new JourneyVersion(key, d.get("version", Number.class).longValue(), d.getDate("publishedAt").toInstant(),
                    d.getString("publishedBy"), JSON.readTree(d.get("definition", Document.class).toJson())));
        }
        return out;
    }

    Optional<Version> version(TenantDatabase db, String key, long version) {
        return Optional.ofNullable(versions(db).find(Filters.eq("_id", key + "@" + version)).first())
                .map(d -> new Version(key, version, Definition.parse(JSON.readTree(d.get("definition", Document.class).toJson())),
                        d.getString("publishedBy"), d.getList("publishedRoles", String.class, List.of())));
    }

    static QuanyuException notFound(String key) {
        return new QuanyuException(ErrorCode.JOURNEY_NOT_FOUND, Map.of("journey", String.valueOf(key)));
    }

    private static Journey journey(Document d) {
        Map<String, String> names = new LinkedHashMap<>();
        d.get("names", Document.class).forEach((k, v) -> names.put(k, String.valueOf(v)));
        Date published = d.getDate("publishedAt");
        return new Journey(d.getString("_id"), names, d.getString("status"), d.get("published", Number.class).longValue(),
                JSON.readTree(d.get("draft", Document.class).toJson()), d.getDate("createdAt").toInstant(),
                d.getString("createdBy"), d.getDate("updatedAt").toInstant(), d.getString("updatedBy"),
                published == null ? null : published.toInstant(), revision(d));
    }

    private static Document bson(JsonNode json) {
        return Document.parse(json.toString());
    }

    private static MongoCollection<Document> journeys(TenantDatabase db) {
        return db.collection(JOURNEYS);
    }

    private static MongoCollection<Document> versions(TenantDatabase db) {
        return db.collection(VERSIONS);
    }
}

package io.quanyu.records;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.Updates;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.objects.schema.Increments;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The single-step writes that keep invariants under concurrency without version conflicts: a guarded, atomic
 * addition to number fields applied at most once per key ({@link #increment}), and a change applied only while the
 * record matches a guard ({@link #updateWhere}). Each is one {@code findOneAndUpdate} whose filter holds the guard,
 * carrying the record's {@code RecordChanged} event like every other write.
 */
final class GuardedWrites {
    static final int MAX_KEY_LENGTH = 200;
    /** How many recent once-keys a record keeps (in {@code _once}, which no answer shows). */
    static final int ONCE_KEYS_KEPT = 64;
    private static final String ONCE = "_once";
    private static final int UPDATE_ATTEMPTS = 8;

    private final RecordService records;
    private final Clock clock;

    GuardedWrites(RecordService records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    /**
     * Adds {@code deltas} to number fields if the record matches {@code guard} and each field stays within its
     * {@code min}/{@code max}; empty when it does not. A record that saw {@code onceKey} among its last
     * {@value #ONCE_KEYS_KEPT} keyed increments is answered unchanged.
     */
    Optional<ObjectNode> increment(TenantDatabase db, ObjectType type, String id, Map<String, BigDecimal> deltas,
                                   JsonNode guard, String onceKey, String actor) {
        List<Bson> conditions = new ArrayList<>(List.of(Filters.eq("_id", id),
                Filters.exists(RecordService.DELETED_AT, false), QueryTranslator.translate(type, guard)));
        List<Bson> updates = new ArrayList<>();
        additions(type, deltas, conditions, updates);
        if (onceKey != null) {
            if (onceKey.isEmpty() || onceKey.length() > MAX_KEY_LENGTH) {
                throw invalidKey(type, "/onceKey", onceKey);
            }
            conditions.add(Filters.ne(ONCE, onceKey));
            updates.add(Updates.pushEach(ONCE, List.of(onceKey), new PushOptions().slice(-ONCE_KEYS_KEPT)));
        }
        updates.add(Updates.inc("_version", 1L));
        updates.add(Updates.set("_updatedAt", new Date(clock.millis())));
        updates.add(Updates.set("_updatedBy", actor));
        updates.add(records.events().changed(type.apiName(), id, null, deltas.keySet()));
        Document after;
        try {
            after = records.applyIf(db, type, Filters.and(conditions), Updates.combine(updates));
        } catch (MongoWriteException | MongoCommandException e) {
            throw new QuanyuException(ErrorCode.RECORD_VALIDATION_FAILED, Map.of("object", type.apiName()),
                    List.of(new FieldViolation("/deltas", "range", "the sum does not fit the field")), e);
        }
        if (after != null) {
            return Optional.of(BsonMapping.toJson(type, after));
        }
        Document now = live(db, type, id);
        boolean seen = onceKey != null && now.getList(ONCE, String.class, List.of()).contains(onceKey);
        return seen ? Optional.of(BsonMapping.toJson(type, now)) : Optional.empty();
    }

    /** Checks the deltas ({@link Increments#check}) and adds each one's {@code $inc} and range condition. */
    private static void additions(ObjectType type, Map<String, BigDecimal> deltas, List<Bson> conditions,
                                  List<Bson> updates) {
        Increments.check(type, deltas);
        deltas.forEach((name, delta) -> {
            FieldDef field = type.field(name).orElseThrow();
            updates.add(Updates.inc(name, field.type() == FieldType.INTEGER ? (Number) delta.longValueExact()
                    : new Decimal128(delta)));
            Bson range = range(field, delta);
            if (range != null) {
                conditions.add(range);
            }
        });
    }

    /**
     * {@link Increments#fits} as a filter on the stored value: at most {@code max - delta} (at least
     * {@code min - delta}), or no value when the delta alone fits; null when every value fits.
     */
    private static Bson range(FieldDef field, BigDecimal delta) {
        String name = field.apiName();
        boolean fromZeroFits = Increments.fits(field, null, delta);
        Bson stored = null;
        if (delta.signum() > 0 && field.max() != null) {
            stored = Filters.lte(name, new Decimal128(field.max().subtract(delta)));
        } else if (delta.signum() < 0 && field.min() != null) {
            stored = Filters.gte(name, new Decimal128(field.min().subtract(delta)));
        }
        if (stored == null) {
            return fromZeroFits ? null : Filters.exists(name, true);
        }
        return fromZeroFits ? Filters.or(stored, Filters.exists(name, false)) : stored;
    }

    /**
     * Merges {@code changes} into the record and writes it in one step if it still matches {@code guard} and has not
     * changed since it was read; a concurrent change is read again and the guard checked again. Empty when the record
     * does not match the guard.
     */
    Optional<ObjectNode> updateWhere(TenantDatabase db, ObjectInfo info, String id, JsonNode guard, ObjectNode changes,
                                     String actor) {
        ObjectType type = info.type();
        Bson guarded = Filters.and(Filters.eq("_id", id), Filters.exists(RecordService.DELETED_AT, false),
                Filters.exists(RecordService.PURGED_AT, false), QueryTranslator.translate(type, guard));
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            Document current = records.collection(db, type).find(guarded).first();
            if (current == null) {
                live(db, type, id);
                return Optional.empty();
            }
            long version = current.get("_version", Number.class).longValue();
            ObjectNode merged = RecordService.clientFields(type, BsonMapping.toJson(type, current));
            changes.properties().forEach(e -> merged.set(e.getKey(), e.getValue()));
            ObjectNode valid = records.validated(db, type, merged);
            Document after = records.applyIf(db, type, Filters.and(guarded, Filters.eq("_version", version)),
                    records.replacement(info, id, version, valid, actor, changes.propertyNames()));
            if (after != null) {
                return Optional.of(BsonMapping.toJson(type, after));
            }
        }
        throw new QuanyuException(ErrorCode.VERSION_CONFLICT, Map.of("object", type.apiName(), "id", id,
                "current", live(db, type, id).get("_version", Number.class).longValue()));
    }

    /** The live record, or {@code RECORD_NOT_FOUND}. */
    private Document live(TenantDatabase db, ObjectType type, String id) {
        Document doc = records.stored(db, type, id);
        if (doc == null || doc.get(RecordService.DELETED_AT) != null) {
            throw RecordService.notFound(type, id);
        }
        return doc;
    }

    static QuanyuException invalidKey(ObjectType type, String pointer, String key) {
        return new QuanyuException(ErrorCode.RECORD_VALIDATION_FAILED, Map.of("object", type.apiName()), List.of(new FieldViolation(
                pointer, "length", "give 1 to " + MAX_KEY_LENGTH + " characters" + (key == null ? "" : ", not " + key.length()))),
                null);
    }
}

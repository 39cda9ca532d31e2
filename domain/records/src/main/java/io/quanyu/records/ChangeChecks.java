package io.quanyu.records;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.objects.model.FieldDef;
import org.bson.Document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses a change that existing records or the rules forbid, before anything is written, and says exactly why:
 * the values that do not convert to a new type, the duplicates under a new unique constraint, the records a new
 * required field (without default) would leave invalid, standard fields removed or retyped.
 */
final class ChangeChecks {
    static final int EXAMPLES = 50;

    private final TenantDatabase db;
    private final ObjectInfo current;
    private final ChangePlan plan;

    ChangeChecks(TenantDatabase db, ObjectInfo current, ChangePlan plan) {
        this.db = db;
        this.current = current;
        this.plan = plan;
    }

    void verify() {
        String api = current.type().apiName();
        for (FieldDef removed : plan.removed()) {
            if (removed.standard()) {
                throw MetadataService.refused(api, "standard field " + removed.apiName() + " cannot be removed");
            }
        }
        plan.conversions().forEach(this::convertible);
        plan.to().fields().stream().filter(f -> f.required() && !f.hasDefault() && !f.type().computed())
                .filter(f -> current.type().field(f.apiName()).map(p -> !p.required()).orElse(true))
                .forEach(this::noneMissing);
        plan.newUnique().forEach(this::noDuplicates);
    }

    private void convertible(FieldDef[] change) {
        FieldDef from = change[0];
        FieldDef to = change[1];
        String api = current.type().apiName();
        if (from.standard()) {
            throw MetadataService.refused(api, "the type of standard field " + from.apiName() + " cannot change");
        }
        if (!Conversions.supported(from.type(), to.type())) {
            throw MetadataService.refused(api, from.type().key() + " cannot be converted to " + to.type().key());
        }
        List<Map<String, Object>> failures = new ArrayList<>();
        for (Document doc : records().find(Filters.exists(from.apiName())).projection(new Document(from.apiName(), 1))) {
            var value = BsonMapping.toJson(doc.get(from.apiName()));
            if (Conversions.convert(value, to).isEmpty() && failures.size() < EXAMPLES) {
                failures.add(Map.of("id", doc.getString("_id"), "value", value.isString() ? value.stringValue() : value.toString()));
            }
        }
        if (!failures.isEmpty()) {
            throw refusal(from.apiName() + " has values that are not valid " + to.type().key() + " values", "values", failures);
        }
    }

    private void noneMissing(FieldDef field) {
        var missing = records().find(Filters.and(Filters.exists(field.apiName(), false), Filters.exists("_deletedAt", false)))
                .projection(new Document("_id", 1)).limit(EXAMPLES).map(d -> d.getString("_id")).into(new ArrayList<>());
        if (!missing.isEmpty()) {
            throw refusal(field.apiName() + " is empty in existing records; give it a default", "records", missing);
        }
    }

    private void noDuplicates(FieldDef field) {
        List<Map<String, Object>> duplicates = new ArrayList<>();
        var groups = records().aggregate(List.of(
                Aggregates.match(Filters.exists(field.apiName())),
                Aggregates.group("$" + field.apiName(), Accumulators.sum("count", 1), Accumulators.push("ids", "$_id")),
                Aggregates.match(Filters.gt("count", 1)), Aggregates.limit(EXAMPLES)));
        for (Document group : groups) {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("value", BsonMapping.toJson(group.get("_id")).toString().replace("\"", ""));
            entry.put("ids", group.getList("ids", Object.class).stream().map(String::valueOf).toList());
            duplicates.add(entry);
        }
        if (!duplicates.isEmpty()) {
            throw refusal(field.apiName() + " has duplicate values", "duplicates", duplicates);
        }
    }

    private QuanyuException refusal(String reason, String key, Object examples) {
        return new QuanyuException(ErrorCode.OBJECT_CHANGE_REFUSED, Map.of("object", current.type().apiName(),
                "reason", reason, key, examples));
    }

    private com.mongodb.client.MongoCollection<Document> records() {
        return db.collection(current.collection());
    }
}

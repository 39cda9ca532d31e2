package io.quanyu.records;

import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.IndexDef;
import io.quanyu.objects.model.ObjectType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a new definition of an object type changes, and which of those changes need work on existing records:
 * filling a new required field's default, converting values to a new type, checking and enforcing uniqueness,
 * building indexes, clearing removed fields.
 */
record ChangePlan(ObjectType from, ObjectType to, List<String> summary, List<FieldDef> backfills,
                  List<FieldDef[]> conversions, List<FieldDef> newUnique, List<FieldDef> removed,
                  boolean indexesChanged) {

    static ChangePlan of(ObjectType from, ObjectType to) {
        List<String> summary = new ArrayList<>();
        List<FieldDef> backfills = new ArrayList<>();
        List<FieldDef[]> conversions = new ArrayList<>();
        List<FieldDef> newUnique = new ArrayList<>();
        for (FieldDef next : to.fields()) {
            FieldDef prev = from.field(next.apiName()).orElse(null);
            if (prev == null) {
                summary.add("add field " + next.apiName());
                if (next.hasDefault()) {
                    backfills.add(next);
                }
                if (next.unique()) {
                    newUnique.add(next);
                }
                continue;
            }
            compare(prev, next, summary, backfills, conversions, newUnique);
        }
        List<FieldDef> removed = from.fields().stream().filter(f -> to.field(f.apiName()).isEmpty()).toList();
        removed.forEach(f -> summary.add("remove field " + f.apiName()));
        boolean indexes = !indexKeys(from).equals(indexKeys(to));
        if (indexes) {
            summary.add("change indexes");
        }
        if (summary.isEmpty()) {
            summary.add("change labels, layouts or descriptions");
        }
        return new ChangePlan(from, to, summary, backfills, conversions, newUnique, removed, indexes);
    }

    private static void compare(FieldDef prev, FieldDef next, List<String> summary, List<FieldDef> backfills,
                                List<FieldDef[]> conversions, List<FieldDef> newUnique) {
        if (prev.type() != next.type()) {
            summary.add("convert " + next.apiName() + " from " + prev.type().key() + " to " + next.type().key());
            conversions.add(new FieldDef[]{prev, next});
        }
        if (next.required() && !prev.required()) {
            summary.add("make " + next.apiName() + " required");
            if (next.hasDefault()) {
                backfills.add(next);
            }
        }
        if (next.unique() && !prev.unique()) {
            summary.add("make " + next.apiName() + " unique");
            newUnique.add(next);
        }
        if (!Objects.equals(prev.label(), next.label()) || !Objects.equals(prev.description(), next.description())) {
            summary.add("relabel " + next.apiName());
        }
        if (next.deprecated() && !prev.deprecated()) {
            summary.add("deprecate " + next.apiName());
        }
    }

    /** The database indexes an object type needs: one sparse unique index per unique field, one per index. */
    static Set<String> indexKeys(ObjectType type) {
        Set<String> keys = new HashSet<>();
        type.fields().stream().filter(f -> f.unique() || f.type() == FieldType.AUTO_NUMBER)
                .forEach(f -> keys.add("u_" + f.apiName()));
        for (IndexDef index : type.indexes()) {
            keys.add((index.unique() ? "u_" : "i_") + String.join("_", index.fields()));
        }
        return keys;
    }

    boolean needsDataWork() {
        return !backfills.isEmpty() || !conversions.isEmpty() || !newUnique.isEmpty() || !removed.isEmpty()
                || indexesChanged;
    }
}

package io.quanyu.ui.records;

import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.ObjectType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How the grid shows reference values: by the display text of the records they point to, looked up once per grid
 * page and target (one query per target, not one per cell), and remembered while the grid lives.
 */
final class ReferenceLabels {
    private final Function<String, ReferenceChoices> targets;
    private final Map<String, String> known = new HashMap<>();

    ReferenceLabels(Function<String, ReferenceChoices> targets) {
        this.targets = targets;
    }

    /** Looks up the references of {@code records} not seen yet; answers the records unchanged. */
    List<ObjectNode> remember(ObjectType type, List<ObjectNode> records) {
        Map<String, List<String>> missing = new HashMap<>();
        for (FieldDef field : type.fields()) {
            if (isReference(field)) {
                records.forEach(r -> ids(r.get(field.apiName())).stream()
                        .filter(id -> !known.containsKey(key(field.target(), id)))
                        .forEach(id -> missing.computeIfAbsent(field.target(), t -> new ArrayList<>()).add(id)));
            }
        }
        missing.forEach((target, ids) -> targets.apply(target).of(ids)
                .forEach((id, choice) -> known.put(key(target, id), choice.label())));
        return records;
    }

    /** A cell's text: reference ids as their records' names (the id itself when unknown), the rest as usual. */
    String display(FieldDef field, JsonNode value) {
        if (!isReference(field) || value == null || value.isNull()) {
            return FieldInputs.display(field, value);
        }
        return ids(value).stream().map(id -> known.getOrDefault(key(field.target(), id), id))
                .collect(Collectors.joining(", "));
    }

    private static boolean isReference(FieldDef field) {
        return field.type() == FieldType.REFERENCE || field.type() == FieldType.MULTI_REFERENCE;
    }

    private static List<String> ids(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return List.of();
        }
        return value.isArray() ? value.valueStream().map(JsonNode::asString).toList() : List.of(value.asString());
    }

    private static String key(String target, String id) {
        return target + "/" + id;
    }
}

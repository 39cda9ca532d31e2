package io.quanyu.ui.records;

import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.records.Page;
import io.quanyu.records.RecordQuery;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The records a reference field may point to, for a searchable combo box over a target of any size: what the user
 * types filters the target's display field (contains, case-insensitive), results come in cursor pages as the list
 * scrolls, ordered by the display field. A stored id is shown by its record's display text.
 */
final class ReferenceChoices {
    private static final Set<FieldType> SEARCHABLE = Set.of(FieldType.TEXT, FieldType.LONG_TEXT, FieldType.EMAIL,
            FieldType.PHONE, FieldType.URL, FieldType.AUTO_NUMBER);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** One record of the target: its id and the text that names it. */
    record Choice(String id, String label) {
    }

    private final ObjectType target;
    private final Function<RecordQuery, Page> query;
    private final CursorPages pages;
    private String text = "";

    ReferenceChoices(ObjectType target, Function<RecordQuery, Page> query) {
        this.target = target;
        this.query = query;
        this.pages = new CursorPages(query);
    }

    /** The window {@code offset..offset+limit} of the target's records whose display text contains {@code typed}. */
    List<Choice> find(String typed, int offset, int limit) {
        String normalized = typed == null ? "" : typed.strip();
        if (!normalized.equals(text) || offset == 0) {
            text = normalized;
            pages.filter(filter(normalized));
        }
        return pages.window(offset, limit, order()).stream().map(this::choice).toList();
    }

    /** The choice for a stored id; a record that is gone (or hidden from this user) shows its bare id. */
    Choice of(String id) {
        JsonNode byId = F.objectNode().put("field", "_id").put("op", "eq").put("value", id);
        List<ObjectNode> found = query.apply(new RecordQuery(byId, List.of(), 1, null, false)).records();
        return found.isEmpty() ? new Choice(id, id) : choice(found.getFirst());
    }

    /** The choices for many stored ids at once (a grid page's references), by id; missing ones are left out. */
    Map<String, Choice> of(Collection<String> ids) {
        Map<String, Choice> found = new HashMap<>();
        List<String> all = List.copyOf(new LinkedHashSet<>(ids));
        for (int from = 0; from < all.size(); from += RecordQuery.MAX_PAGE) {
            var in = F.objectNode().put("field", "_id").put("op", "in");
            var values = in.putArray("value");
            all.subList(from, Math.min(all.size(), from + RecordQuery.MAX_PAGE)).forEach(values::add);
            query.apply(new RecordQuery(in, List.of(), RecordQuery.MAX_PAGE, null, false)).records()
                    .forEach(r -> found.put(r.path("_id").asString(), choice(r)));
        }
        return found;
    }

    private JsonNode filter(String typed) {
        FieldDef shown = displayField();
        if (typed.isEmpty() || shown == null || !SEARCHABLE.contains(shown.type())) {
            return null;
        }
        return F.objectNode().put("field", shown.apiName()).put("op", "contains").put("value", typed);
    }

    private List<RecordQuery.Sort> order() {
        FieldDef shown = displayField();
        return shown == null || !shown.type().scalar() ? List.of() : List.of(new RecordQuery.Sort(shown.apiName(), false));
    }

    private FieldDef displayField() {
        return target.displayField() == null ? null : target.field(target.displayField()).orElse(null);
    }

    private Choice choice(ObjectNode record) {
        String id = record.path("_id").asString();
        FieldDef shown = displayField();
        JsonNode value = shown == null ? null : record.get(shown.apiName());
        return new Choice(id, value == null || value.isNull() ? id : FieldInputs.display(shown, value));
    }
}

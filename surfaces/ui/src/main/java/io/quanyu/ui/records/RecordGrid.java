package io.quanyu.ui.records;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.data.provider.SortDirection;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.records.RecordQuery;
import io.quanyu.ui.access.TenantWorkspace;
import io.quanyu.ui.i18n.Languages;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.List;

/**
 * The lazy grid of an object's records, read through the workspace (the user's roles and field visibility apply): a
 * column per given field with the field's label (sortable where the field is scalar), references shown by their
 * records' names, windows read as cursor pages. The records page and the pages plugins declare both show it.
 */
public final class RecordGrid {

    private RecordGrid() {
    }

    public static Grid<ObjectNode> of(TenantWorkspace workspace, ObjectType type, List<FieldDef> columns,
                                      CursorPages pages) {
        Grid<ObjectNode> grid = new Grid<>();
        ReferenceLabels references = new ReferenceLabels(target -> referenceChoices(workspace, target));
        for (FieldDef field : columns) {
            var column = grid.addColumn(r -> references.display(field, r.get(field.apiName())))
                    .setHeader(Languages.label(field.label())).setKey(field.apiName()).setResizable(true);
            if (field.type().scalar()) {
                column.setSortProperty(field.apiName());
            }
        }
        grid.setItems(q -> references.remember(type, pages.window(q.getOffset(), q.getLimit(), q.getSortOrders()
                .stream().map(o -> new RecordQuery.Sort(o.getSorted(), o.getDirection() == SortDirection.DESCENDING))
                .toList())).stream(), q -> (int) Math.min(Integer.MAX_VALUE, pages.count()));
        grid.setSizeFull();
        return grid;
    }

    /** The searchable records of a reference's target, read through the workspace (the user's roles apply). */
    static ReferenceChoices referenceChoices(TenantWorkspace workspace, String target) {
        return new ReferenceChoices(workspace.object(target), q -> workspace.query(target, q));
    }

    /** The fields a user with these roles (claim values) may filter on: scalar ones they may read (the server refuses others). */
    public static List<FieldDef> filterable(ObjectType type, java.util.Collection<String> roles) {
        return type.fields().stream().filter(f -> f.type().scalar() && f.readableBy(roles)).toList();
    }

    /** {@code {"field": ..., "op": ..., "value": ...}} with the value typed as the field stores it. */
    public static JsonNode condition(FieldDef field, String op, String text) {
        ObjectNode condition = FieldInputs.F.objectNode().put("field", field.apiName()).put("op", op);
        FieldType t = field.type();
        try {
            if (t == FieldType.INTEGER || t == FieldType.AUTO_NUMBER && text.matches("-?\\d+")) {
                condition.put("value", Long.parseLong(text.trim()));
            } else if (t == FieldType.DECIMAL) {
                condition.put("value", new BigDecimal(text.trim()));
            } else if (t == FieldType.BOOLEAN) {
                condition.put("value", Boolean.parseBoolean(text.trim()));
            } else {
                condition.put("value", text);
            }
        } catch (NumberFormatException e) {
            condition.put("value", text);
        }
        return condition;
    }
}

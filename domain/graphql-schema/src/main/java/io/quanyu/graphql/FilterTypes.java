package io.quanyu.graphql;

import graphql.Scalars;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;

import java.util.List;
import java.util.Map;

/**
 * The operator inputs of filters, one per kind of value ({@code StringFilter}, {@code LongFilter}, ...), with the
 * records layer's operators: eq, ne, in, gt, gte, lt, lte, contains, startsWith, exists.
 */
final class FilterTypes {
    static final GraphQLInputObjectType ID = operators("IDFilter", graphql.Scalars.GraphQLID, List.of("eq", "ne", "in"));
    static final GraphQLInputObjectType STRING = operators("StringFilter", Scalars.GraphQLString,
            List.of("eq", "ne", "in", "contains", "startsWith", "gt", "gte", "lt", "lte"));
    static final GraphQLInputObjectType LONG = operators("LongFilter", io.quanyu.graphql.Scalars.LONG, RANGE());
    static final GraphQLInputObjectType DECIMAL = operators("DecimalFilter", io.quanyu.graphql.Scalars.DECIMAL, RANGE());
    static final GraphQLInputObjectType DATE_TIME = operators("DateTimeFilter", io.quanyu.graphql.Scalars.DATE_TIME, RANGE());
    static final GraphQLInputObjectType DATE = operators("DateFilter", io.quanyu.graphql.Scalars.DATE, RANGE());
    static final GraphQLInputObjectType BOOLEAN = operators("BooleanFilter", Scalars.GraphQLBoolean, List.of("eq", "ne"));
    static final GraphQLInputObjectType LIST = operators("ListFilter", Scalars.GraphQLString, List.of("contains"));
    static final List<GraphQLInputObjectType> ALL = List.of(ID, STRING, LONG, DECIMAL, DATE_TIME, DATE, BOOLEAN, LIST);

    private FilterTypes() {
    }

    private static List<String> RANGE() {
        return List.of("eq", "ne", "in", "gt", "gte", "lt", "lte");
    }

    private static GraphQLInputObjectType operators(String name, GraphQLInputType value, List<String> ops) {
        var builder = GraphQLInputObjectType.newInputObject().name(name);
        for (String op : ops) {
            GraphQLInputType type = "in".equals(op) ? GraphQLList.list(GraphQLNonNull.nonNull(value)) : value;
            builder.field(GraphQLInputObjectField.newInputObjectField().name(op).type(type));
        }
        builder.field(GraphQLInputObjectField.newInputObjectField().name("exists").type(Scalars.GraphQLBoolean));
        return builder.build();
    }

    /** The operator input for a field, or null when the field cannot be filtered (JSON, currency). */
    static GraphQLInputObjectType forField(FieldDef field) {
        FieldType type = field.type() == FieldType.FORMULA
                ? (field.resultType() == null ? FieldType.TEXT : field.resultType()) : field.type();
        return switch (type) {
            case INTEGER -> LONG;
            case DECIMAL -> DECIMAL;
            case DATETIME -> DATE_TIME;
            case DATE -> DATE;
            case BOOLEAN -> BOOLEAN;
            case REFERENCE -> ID;
            case MULTI_SELECT, MULTI_REFERENCE -> LIST;
            case JSON, CURRENCY -> null;
            default -> STRING;
        };
    }

    /** The filter input as the records layer's filter tree: {"and": [{"field", "op", "value"}, ...]}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> toFilterTree(Map<String, Object> input) {
        List<Object> all = new java.util.ArrayList<>();
        for (var entry : input.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            if (value == null) {
                continue;
            }
            if ("and".equals(key) || "or".equals(key)) {
                List<Object> parts = ((List<Map<String, Object>>) value).stream().<Object>map(FilterTypes::toFilterTree).toList();
                if (!parts.isEmpty()) {
                    all.add(Map.of(key, parts));
                }
                continue;
            }
            ((Map<String, Object>) value).forEach((op, v) -> all.add(condition(key, op, v)));
        }
        return all.isEmpty() ? Map.of() : Map.of("and", all);
    }

    private static Map<String, Object> condition(String field, String op, Object value) {
        var condition = new java.util.LinkedHashMap<String, Object>();
        condition.put("field", field);
        condition.put("op", op);
        condition.put("value", value);
        return condition;
    }
}

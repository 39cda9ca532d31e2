package io.quanyu.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.GraphQLScalarType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The custom scalars of every tenant schema. Values pass through as JSON values; the records layer validates them
 * against the object's JSON Schema, so a scalar only checks the JSON kind (string, number, object).
 */
final class Scalars {
    static final GraphQLScalarType LONG = scalar("Long", "A 64-bit integer", Kind.INTEGER);
    static final GraphQLScalarType DECIMAL = scalar("Decimal", "An exact decimal number", Kind.NUMBER);
    static final GraphQLScalarType DATE_TIME = scalar("DateTime", "An ISO-8601 date-time with offset", Kind.STRING);
    static final GraphQLScalarType DATE = scalar("Date", "An ISO-8601 date (yyyy-MM-dd)", Kind.STRING);
    static final GraphQLScalarType EMAIL = scalar("Email", "An e-mail address", Kind.STRING);
    static final GraphQLScalarType PHONE = scalar("Phone", "A phone number (stored as E.164)", Kind.STRING);
    static final GraphQLScalarType CURRENCY = scalar("Currency", "An amount with its ISO 4217 code: {amount, currency}", Kind.ANY);
    static final GraphQLScalarType JSON = scalar("JSON", "Any JSON value", Kind.ANY);
    static final List<GraphQLScalarType> ALL = List.of(LONG, DECIMAL, DATE_TIME, DATE, EMAIL, PHONE, CURRENCY, JSON);

    private enum Kind { STRING, INTEGER, NUMBER, ANY }

    private Scalars() {
    }

    private static GraphQLScalarType scalar(String name, String description, Kind kind) {
        return GraphQLScalarType.newScalar().name(name).description(description).coercing(new JsonCoercing(kind)).build();
    }

    private record JsonCoercing(Kind kind) implements Coercing<Object, Object> {

        @Override
        public Object serialize(Object value, GraphQLContext context, Locale locale) {
            return value;
        }

        @Override
        public Object parseValue(Object input, GraphQLContext context, Locale locale) {
            return input;
        }

        @Override
        public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
            Object value = literal(input, variables);
            boolean fits = switch (kind) {
                case STRING -> value instanceof String;
                case INTEGER -> value instanceof Long || value instanceof java.math.BigInteger;
                case NUMBER -> value instanceof Number;
                case ANY -> true;
            };
            if (!fits) {
                throw new CoercingParseLiteralException("expected a " + kind.name().toLowerCase(Locale.ROOT) + " literal");
            }
            return value;
        }

        static Object literal(Value<?> input, CoercedVariables variables) {
            return switch (input) {
                case StringValue s -> s.getValue();
                case IntValue i -> i.getValue().bitLength() < 64 ? i.getValue().longValue() : i.getValue();
                case FloatValue f -> new BigDecimal(f.getValue().toString());
                case BooleanValue b -> b.isValue();
                case NullValue n -> null;
                case VariableReference v -> variables.get(v.getName());
                case ArrayValue a -> {
                    List<Object> list = new ArrayList<>();
                    a.getValues().forEach(v -> list.add(literal(v, variables)));
                    yield list;
                }
                case ObjectValue o -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    o.getObjectFields().forEach(f -> map.put(f.getName(), literal(f.getValue(), variables)));
                    yield map;
                }
                default -> throw new CoercingParseLiteralException("unsupported literal");
            };
        }
    }
}

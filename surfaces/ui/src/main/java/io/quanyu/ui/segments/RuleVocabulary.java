package io.quanyu.ui.segments;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the visual rule editor offers, as plain data: the common facts of a customer with the kind of value each
 * holds, the facts of one event a behaviour's {@code where} may read, the operators of the condition language that
 * fit a kind, the input an operator's value needs, and the conversions between what the user types and the rule's
 * JSON. The server's parser stays the judge of a rule.
 */
final class RuleVocabulary {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The kind of value a fact holds. */
    enum Kind { TEXT, NUMBER, TIME, LIST, BOOLEAN, ANY }

    /** The input an operator's value needs. */
    enum Input { NONE, SCALAR, LIST, RANGE, DATE, DATE_RANGE, DAYS }

    /**
     * The fixed facts the field picker offers, in its order, before the customer record's fields ({@link FactChoices});
     * any other dot path may be typed.
     */
    static final Map<String, Kind> FACTS = facts();

    /** The one fact of an event a behaviour's {@code where} may read besides its {@code properties.<name>}. */
    static final String CHANNEL = "channel";
    private static final String PROPERTIES = "properties.";

    private static final Map<Kind, List<String>> OPERATORS = Map.of(
            Kind.TEXT, List.of("eq", "ne", "in", "notIn", "startsWith", "contains", "exists", "notExists"),
            Kind.NUMBER, List.of("gte", "gt", "lte", "lt", "eq", "ne", "between", "in", "notIn", "exists", "notExists"),
            Kind.TIME, List.of("withinLastDays", "olderThanDays", "before", "after", "between", "exists", "notExists"),
            Kind.LIST, List.of("contains", "containsAny", "containsAll", "exists", "notExists"),
            Kind.BOOLEAN, List.of("isTrue", "isFalse", "exists", "notExists"),
            Kind.ANY, List.of("eq", "ne", "gt", "gte", "lt", "lte", "between", "in", "notIn", "contains", "containsAny",
                    "containsAll", "startsWith", "withinLastDays", "olderThanDays", "before", "after", "exists",
                    "notExists", "isTrue", "isFalse"));

    private RuleVocabulary() {
    }

    private static Map<String, Kind> facts() {
        Map<String, Kind> facts = new LinkedHashMap<>();
        facts.put("tags", Kind.LIST);
        facts.put("stage", Kind.TEXT);
        facts.put("segments", Kind.LIST);
        facts.put("aggregates.orders.count", Kind.NUMBER);
        facts.put("aggregates.orders.amount", Kind.NUMBER);
        facts.put("aggregates.orders.lastAt", Kind.TIME);
        facts.put("aggregates.orders.firstAt", Kind.TIME);
        facts.put("aggregates.lastSeen", Kind.TIME);
        facts.put("aggregates.firstSeen", Kind.TIME);
        facts.put("aggregates.channels", Kind.LIST);
        facts.put("identityTypes", Kind.LIST);
        facts.put("scores.influence", Kind.NUMBER);
        facts.put("scores.rfm.recency", Kind.NUMBER);
        facts.put("scores.rfm.frequency", Kind.NUMBER);
        facts.put("scores.rfm.monetary", Kind.NUMBER);
        return facts;
    }

    /** A fact's kind: the listed facts' own, numbers for event counts ({@code aggregates.counts.*}), else any. */
    static Kind kind(String path) {
        if (path == null) {
            return Kind.ANY;
        }
        Kind known = FACTS.get(path);
        if (known != null) {
            return known;
        }
        return path.startsWith("aggregates.counts.") || path.startsWith("aggregates.social.") ? Kind.NUMBER : Kind.ANY;
    }

    /** The kind of an event's fact: text for its channel, any for a property (an event carries what it was sent). */
    static Kind eventKind(String path) {
        return CHANNEL.equals(path) ? Kind.TEXT : Kind.ANY;
    }

    /**
     * What a typed event fact stands for in a behaviour's {@code where}, which reads only {@code channel} and
     * {@code properties.<name>}: those as typed, and any other name ({@code amount}, {@code items.sku}) as a property.
     * Blank stays blank.
     */
    static String eventPath(String typed) {
        String path = typed == null ? "" : typed.strip();
        return path.isEmpty() || CHANNEL.equals(path) || path.startsWith(PROPERTIES) ? path : PROPERTIES + path;
    }

    /** The operators that fit a kind, the usual one first. */
    static List<String> operators(Kind kind) {
        return OPERATORS.get(kind);
    }

    /** How a behaviour's measure compares: as a number (count, sum, min, max) or as a time (first, last). */
    static Kind measureKind(String measure) {
        return "first".equals(measure) || "last".equals(measure) ? Kind.TIME : Kind.NUMBER;
    }

    /** What the value of {@code op} on a fact of {@code kind} is typed into. */
    static Input input(Kind kind, String op) {
        return switch (op == null ? "" : op) {
            case "exists", "notExists", "isTrue", "isFalse", "" -> Input.NONE;
            case "withinLastDays", "olderThanDays" -> Input.DAYS;
            case "in", "notIn", "containsAny", "containsAll" -> Input.LIST;
            case "before", "after" -> Input.DATE;
            case "between" -> kind == Kind.TIME ? Input.DATE_RANGE : Input.RANGE;
            default -> Input.SCALAR;
        };
    }

    /**
     * A typed value as JSON: a number for numeric facts (when it reads as one), text for text and list facts, and for
     * facts of unknown kind a number, {@code true}/{@code false} or text by what was typed. Blank is no value (null),
     * which the parser then asks for.
     */
    static JsonNode scalar(String text, Kind kind) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            return null;
        }
        if (kind == Kind.NUMBER || kind == Kind.ANY) {
            JsonNode number = number(value);
            if (number != null) {
                return number;
            }
        }
        if (kind == Kind.ANY && ("true".equals(value) || "false".equals(value))) {
            return JSON.booleanNode(Boolean.parseBoolean(value));
        }
        return JSON.stringNode(value);
    }

    /** Items separated by commas (also the Chinese {@code ，} and {@code 、}), each as {@link #scalar}. */
    static ArrayNode list(String text, Kind kind) {
        ArrayNode items = JSON.arrayNode();
        for (String item : (text == null ? "" : text).split("[,，、]")) {
            if (!item.isBlank()) {
                items.add(scalar(item, kind));
            }
        }
        return items;
    }

    /** A value as the user reads and edits it: text as is, numbers plainly, arrays joined with ", ". */
    static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isArray()) {
            return value.valueStream().map(RuleVocabulary::text).collect(Collectors.joining(", "));
        }
        if (value.isNumber()) {
            return value.decimalValue().stripTrailingZeros().toPlainString();
        }
        return value.asString();
    }

    /** The day of a stored date or instant ({@code 2026-10-01}, {@code …T08:00:00Z}), as a date picker shows it. */
    static LocalDate day(JsonNode value) {
        if (value == null || !value.isString() || value.asString().length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(value.asString().substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static JsonNode number(String text) {
        try {
            return JSON.numberNode(Long.parseLong(text));
        } catch (NumberFormatException notWhole) {
            try {
                return JSON.numberNode(new BigDecimal(text));
            } catch (NumberFormatException notNumber) {
                return null;
            }
        }
    }
}

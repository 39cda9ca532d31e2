package io.quanyu.ui.records;

import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.SelectOption;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Field values as CSV text and back, per field type, so that an exported file imports again: dates and times ISO
 * 8601, booleans {@code true}/{@code false}, several values joined with {@code ;}, select options by value (a label
 * in either language is read too), currency as {@code 12.50 CNY}. Text that does not convert is passed on as a
 * string: the records layer validates every value and its message is what the user sees.
 */
final class CsvValues {
    static final String SEPARATOR = ";";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern MONEY = Pattern.compile("\\s*(-?[0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]{3})\\s*");
    private static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("uuuu/M/d");

    private CsvValues() {
    }

    /** The stored value as CSV text, {@link CsvFiles#neutralised} unless it is a number; empty for no value. */
    static String text(FieldDef field, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        String text = plain(field, value);
        return numeric(field) && value.isNumber() ? text : CsvFiles.neutralised(text);
    }

    /**
     * Whether the field holds numbers. Their text ({@code -5}, {@code 12.50}) is what a spreadsheet reads as a
     * number, never as a formula, so it is written as it is: a leading {@code '} would turn every negative number
     * into text that no longer sums or sorts. The value must be a JSON number too, so that text stored in such a
     * field against its type is still neutralised. Everything else (names, notes, a currency's {@code -5 CNY}) is
     * text a customer may have written.
     */
    private static boolean numeric(FieldDef field) {
        FieldType type = field.type() == FieldType.FORMULA ? field.resultType() : field.type();
        return type == FieldType.INTEGER || type == FieldType.DECIMAL;
    }

    private static String plain(FieldDef field, JsonNode value) {
        return switch (field.type()) {
            case MULTI_SELECT, MULTI_REFERENCE -> value.valueStream().map(JsonNode::asString)
                    .collect(Collectors.joining(SEPARATOR));
            case CURRENCY -> value.path("amount").decimalValue().toPlainString() + " "
                    + value.path("currency").asString();
            case DECIMAL -> value.decimalValue().toPlainString();
            case JSON -> value.toString();
            default -> value.isValueNode() ? value.asString() : value.toString();
        };
    }

    /**
     * The JSON value for CSV text ({@link CsvFiles#restored} first); empty for blank text (the field is left out of
     * the record).
     */
    static Optional<JsonNode> parse(FieldDef field, String cell) {
        String text = CsvFiles.restored(cell);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = text.strip();
        JsonNode value = switch (field.type()) {
            case INTEGER -> integer(t);
            case DECIMAL -> decimal(t);
            case BOOLEAN -> bool(t);
            case DATE -> date(t);
            case DATETIME -> dateTime(t);
            case SINGLE_SELECT -> F.stringNode(option(field, t));
            case MULTI_SELECT -> list(t, v -> option(field, v));
            case MULTI_REFERENCE -> list(t, v -> v);
            case CURRENCY -> money(t);
            case JSON -> json(t);
            default -> F.stringNode(text);
        };
        return Optional.of(value);
    }

    private static JsonNode integer(String t) {
        try {
            return F.numberNode(Long.parseLong(t));
        } catch (NumberFormatException e) {
            return F.stringNode(t);
        }
    }

    private static JsonNode decimal(String t) {
        try {
            return F.numberNode(new BigDecimal(t));
        } catch (NumberFormatException e) {
            return F.stringNode(t);
        }
    }

    private static JsonNode bool(String t) {
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1", "是", "✓" -> F.booleanNode(true);
            case "false", "no", "n", "0", "否", "✗" -> F.booleanNode(false);
            default -> F.stringNode(t);
        };
    }

    private static JsonNode date(String t) {
        for (DateTimeFormatter format : new DateTimeFormatter[]{DateTimeFormatter.ISO_LOCAL_DATE, SLASHED}) {
            try {
                return F.stringNode(LocalDate.parse(t, format).toString());
            } catch (DateTimeParseException e) {
                // try the next format
            }
        }
        return F.stringNode(t);
    }

    /** With an offset as given; without one, UTC (what the form does too). */
    private static JsonNode dateTime(String t) {
        try {
            OffsetDateTime.parse(t);
            return F.stringNode(t);
        } catch (DateTimeParseException e) {
            try {
                return F.stringNode(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                        LocalDateTime.parse(t.replace(' ', 'T')).atOffset(ZoneOffset.UTC)));
            } catch (DateTimeParseException again) {
                return F.stringNode(t);
            }
        }
    }

    /** An option's value, found by value or by its label in either language; unknown text stays as it is. */
    static String option(FieldDef field, String text) {
        String t = text.strip();
        return field.options().stream().filter(o -> o.value().equals(t)).findFirst()
                .or(() -> field.options().stream().filter(o -> labelled(o, t)).findFirst())
                .map(SelectOption::value).orElse(t);
    }

    private static boolean labelled(SelectOption option, String text) {
        return option.label() != null && (text.equalsIgnoreCase(option.label().en())
                || text.equalsIgnoreCase(option.label().zhCN()) || text.equalsIgnoreCase(option.value()));
    }

    private static ArrayNode list(String t, java.util.function.UnaryOperator<String> each) {
        ArrayNode array = F.arrayNode();
        Arrays.stream(t.split("[;,；，]")).map(String::strip).filter(v -> !v.isEmpty()).map(each).forEach(array::add);
        return array;
    }

    private static JsonNode money(String t) {
        Matcher m = MONEY.matcher(t);
        if (m.matches()) {
            return F.objectNode().put("amount", new BigDecimal(m.group(1)))
                    .put("currency", m.group(2).toUpperCase(Locale.ROOT));
        }
        return json(t);
    }

    private static JsonNode json(String t) {
        try {
            return JSON.readTree(t);
        } catch (JacksonException e) {
            return F.stringNode(t);
        }
    }
}

package io.quanyu.objects.schema;

import com.networknt.schema.Schema;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.identities.Phones;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.ObjectType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks and normalises one record of an object type before it is written: keys that MongoDB would treat as
 * operators ({@code $...}, dotted), over-deep JSON and numbers that cannot be held are refused anywhere in the
 * record; then the generated JSON Schema; then what a schema cannot say (a phone number that does not exist, an
 * unknown currency, too many decimal places). Phones become E.164 (default region CN), e-mail addresses lower case;
 * formulas are computed last.
 */
public final class RecordValidator {
    static final int MAX_DEPTH = 32;

    private final ObjectType type;
    private final Schema schema;

    private RecordValidator(ObjectType type) {
        this.type = type;
        this.schema = JsonSchemas.compile(RecordSchemaGenerator.generate(type));
    }

    public static RecordValidator of(ObjectType type) {
        return new RecordValidator(type);
    }

    public ObjectType type() {
        return type;
    }

    /** Fills absent fields that have a default (for a new record). */
    public void applyDefaults(ObjectNode record) {
        for (FieldDef field : type.fields()) {
            if (field.hasDefault() && !record.has(field.apiName())) {
                record.set(field.apiName(), field.defaultValue().deepCopy());
            }
        }
    }

    /**
     * Validates the client-written fields of a complete record (after defaults, or after merging a patch) and
     * returns a normalised copy with formulas computed; throws {@code RECORD_VALIDATION_FAILED} listing every
     * failing field.
     */
    public ObjectNode validate(JsonNode input) {
        List<FieldViolation> violations = new ArrayList<>();
        if (!input.isObject()) {
            throw failed(List.of(new FieldViolation("", "type", "a record must be a JSON object")));
        }
        keys(input, "", 0, violations);
        if (!violations.isEmpty()) {
            throw failed(violations);
        }
        violations.addAll(JsonSchemas.violations(schema, input, ""));
        ObjectNode record = ((ObjectNode) input).deepCopy();
        if (violations.isEmpty()) {
            type.fields().forEach(f -> normalise(f, record, violations));
        }
        if (!violations.isEmpty()) {
            throw failed(violations);
        }
        Formulas.compute(type, record);
        return record;
    }

    private void keys(JsonNode node, String at, int depth, List<FieldViolation> out) {
        if (depth > MAX_DEPTH) {
            out.add(new FieldViolation(at, "depth", "nests deeper than " + MAX_DEPTH + " levels"));
        } else if (node.isNumber()) {
            number(node, at, out);
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                keys(node.get(i), at + "/" + i, depth + 1, out);
            }
        } else {
            properties(node, at, depth, out);
        }
    }

    private void properties(JsonNode node, String at, int depth, List<FieldViolation> out) {
        for (var entry : node.properties()) {
            String key = entry.getKey();
            String pointer = at + "/" + key.replace("~", "~0").replace("/", "~1");
            if (key.isEmpty() || key.startsWith("$") || key.contains(".") || key.indexOf('\0') >= 0) {
                out.add(new FieldViolation(pointer, "key", "keys must not be empty, start with $ or contain . or NUL"));
            } else {
                keys(entry.getValue(), pointer, depth + 1, out);
            }
        }
    }

    /**
     * A number that cannot be held is refused in plain words: one beyond a double's range (such as {@code 1e400})
     * is read as infinity, which the schema could only call an "unknown" type; a whole number beyond 64 bits inside
     * a JSON field could not be stored (an integer field's own bounds are in its schema).
     */
    private void number(JsonNode node, String at, List<FieldViolation> out) {
        Optional<FieldDef> field = type.field(at.split("/", 3)[1]);
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            out.add(new FieldViolation(at, "range", beyondDouble(field.filter(f -> at.equals("/" + f.apiName())))));
        } else if (node.isIntegralNumber() && !node.canConvertToLong()
                && field.filter(f -> f.type() == FieldType.JSON).isPresent()) {
            out.add(new FieldViolation(at, "range", "is out of range for a whole number in JSON (" + Long.MIN_VALUE
                    + " to " + Long.MAX_VALUE + ")"));
        }
    }

    /** Worded with an integer field's bounds when the number is that field's value. */
    private static String beyondDouble(Optional<FieldDef> field) {
        return field.filter(f -> f.type() == FieldType.INTEGER)
                .map(f -> "is out of range for an integer field (" + bound(f.min(), -RecordSchemaGenerator.MAX_INTEGER)
                        + " to " + bound(f.max(), RecordSchemaGenerator.MAX_INTEGER) + ")")
                .orElse("is out of range for a number (beyond ±" + Double.MAX_VALUE + ")");
    }

    private static String bound(BigDecimal set, long otherwise) {
        return set == null ? String.valueOf(otherwise) : set.toPlainString();
    }

    private static void normalise(FieldDef field, ObjectNode record, List<FieldViolation> out) {
        JsonNode value = record.get(field.apiName());
        if (value == null || value.isNull()) {
            return;
        }
        String at = "/" + field.apiName();
        switch (field.type()) {
            case PHONE -> phone(value.stringValue(), at, out).ifPresent(p -> record.put(field.apiName(), p));
            case EMAIL -> record.put(field.apiName(), value.stringValue().toLowerCase(Locale.ROOT));
            case DECIMAL -> decimal(field, value.decimalValue(), at, out);
            case CURRENCY -> currency(field, value, at, out);
            default -> {
            }
        }
    }

    private static java.util.Optional<String> phone(String raw, String at, List<FieldViolation> out) {
        java.util.Optional<String> e164 = Phones.e164(raw);
        if (e164.isEmpty()) {
            out.add(new FieldViolation(at, "phone", "is not a valid phone number"));
        }
        return e164;
    }

    private static void decimal(FieldDef field, BigDecimal value, String at, List<FieldViolation> out) {
        BigDecimal plain = value.stripTrailingZeros();
        int scale = Math.max(0, plain.scale());
        int integerDigits = Math.max(0, plain.precision() - plain.scale());
        int allowedScale = field.scale() == null ? 10 : field.scale();
        int allowedInteger = (field.precision() == null ? 34 : field.precision()) - (field.scale() == null ? 0 : allowedScale);
        if (scale > allowedScale) {
            out.add(new FieldViolation(at, "scale", "allows at most " + allowedScale + " decimal places"));
        } else if (integerDigits > allowedInteger) {
            out.add(new FieldViolation(at, "range", "allows at most " + allowedInteger + " digits before the point"));
        }
    }

    private static void currency(FieldDef field, JsonNode value, String at, List<FieldViolation> out) {
        try {
            Currency currency = Currency.getInstance(value.path("currency").stringValue());
            decimal(new FieldDef(field.apiName(), field.type(), null, null, false, false, null, null, null, null, null,
                    null, 18 + currency.getDefaultFractionDigits(), Math.max(0, currency.getDefaultFractionDigits()),
                    null, null, null, null, null, null, null, false, false, null), value.path("amount").decimalValue(),
                    at + "/amount", out);
        } catch (IllegalArgumentException e) {
            out.add(new FieldViolation(at + "/currency", "currency", "is not an ISO 4217 currency code"));
        }
    }

    private QuanyuException failed(List<FieldViolation> violations) {
        return new QuanyuException(ErrorCode.RECORD_VALIDATION_FAILED, Map.of("object", type.apiName()), violations, null);
    }
}

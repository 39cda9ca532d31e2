package io.quanyu.objects.schema;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.ObjectType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rules of an atomic addition to a record's number fields, one place for the platform's store and the plugin
 * test kit: which fields take one ({@link #check}), and when the sum stays within the field's {@code min} and
 * {@code max} ({@link #fits}; an addition that would leave them is not applied, like a failed guard).
 */
public final class Increments {
    /** The most fields one addition changes. */
    public static final int MAX_FIELDS = 50;

    private Increments() {
    }

    /**
     * Refuses with {@code RECORD_VALIDATION_FAILED} (one violation per wrong delta, at {@code /deltas/<field>}):
     * no deltas or too many, a field that is not integer or decimal, a field a formula reads (its formula would go
     * stale), a fraction for an integer field, more decimals than a decimal field's scale.
     */
    public static void check(ObjectType type, Map<String, BigDecimal> deltas) {
        if (deltas.isEmpty() || deltas.size() > MAX_FIELDS) {
            throw failed(type, List.of(new FieldViolation("/deltas", "size", "add to 1 to " + MAX_FIELDS + " fields")));
        }
        Set<String> formulaInputs = formulaInputs(type);
        List<FieldViolation> violations = new ArrayList<>();
        deltas.forEach((name, delta) -> {
            String at = "/deltas/" + name;
            FieldDef field = type.field(name).orElse(null);
            if (field == null || (field.type() != FieldType.INTEGER && field.type() != FieldType.DECIMAL)) {
                violations.add(new FieldViolation(at, "notANumberField", "only integer and decimal fields can be added to"));
            } else if (formulaInputs.contains(name.toLowerCase(Locale.ROOT))) {
                violations.add(new FieldViolation(at, "formulaInput",
                        "a formula reads this field; change it with an update so the formula is computed again"));
            } else if (delta == null) {
                violations.add(new FieldViolation(at, "required", "give a number"));
            } else if (field.type() == FieldType.INTEGER && delta.stripTrailingZeros().scale() > 0) {
                violations.add(new FieldViolation(at, "integer", "an integer field takes whole numbers"));
            } else if (field.type() == FieldType.DECIMAL && field.scale() != null
                    && delta.stripTrailingZeros().scale() > field.scale()) {
                violations.add(new FieldViolation(at, "scale", "at most " + field.scale() + " decimals"));
            }
        });
        if (!violations.isEmpty()) {
            throw failed(type, violations);
        }
    }

    /** Whether {@code stored + delta} is within the field's min and max ({@code stored} null: no value yet, zero). */
    public static boolean fits(FieldDef field, BigDecimal stored, BigDecimal delta) {
        BigDecimal sum = (stored == null ? BigDecimal.ZERO : stored).add(delta);
        return (field.min() == null || sum.compareTo(field.min()) >= 0) && (field.max() == null || sum.compareTo(field.max()) <= 0);
    }

    /** The fields the type's formulas read, lower case (as formulas name them). */
    private static Set<String> formulaInputs(ObjectType type) {
        Set<String> inputs = new HashSet<>();
        for (FieldDef f : type.fields()) {
            if (f.type() == FieldType.FORMULA && f.expression() != null) {
                try {
                    inputs.addAll(Formulas.variables(f.expression()));
                } catch (com.ezylang.evalex.parser.ParseException e) {
                    // a formula that does not parse evaluates to null and reads nothing
                }
            }
        }
        return inputs;
    }

    private static QuanyuException failed(ObjectType type, List<FieldViolation> violations) {
        return new QuanyuException(ErrorCode.RECORD_VALIDATION_FAILED, Map.of("object", type.apiName()), violations, null);
    }
}

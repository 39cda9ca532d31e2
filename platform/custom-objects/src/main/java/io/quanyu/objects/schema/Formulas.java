package io.quanyu.objects.schema;

import com.ezylang.evalex.EvaluationException;
import com.ezylang.evalex.Expression;
import com.ezylang.evalex.data.EvaluationValue;
import com.ezylang.evalex.parser.ParseException;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.ObjectType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.RoundingMode;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Formula fields, computed with EvalEx: a small, safe expression language (arithmetic, comparison, logic, string and
 * math functions such as {@code IF}, {@code ROUND}, {@code STR_UPPER}; no reflection, no I/O). A formula names other
 * fields of the same record as variables; a formula with an empty input, or that fails, evaluates to null.
 */
public final class Formulas {

    private Formulas() {
    }

    /** The field names an expression uses (as EvalEx reports them: lower case). */
    public static Set<String> variables(String expression) throws ParseException {
        Expression parsed = new Expression(expression);
        parsed.validate();
        Set<String> names = new LinkedHashSet<>();
        parsed.getUsedVariables().forEach(v -> names.add(v.toLowerCase(Locale.ROOT)));
        return names;
    }

    /** Sets every formula field of {@code record} from its other fields, in dependency order. */
    public static void compute(ObjectType type, ObjectNode record) {
        List<FieldDef> formulas = type.fields().stream().filter(f -> f.type() == FieldType.FORMULA).toList();
        for (int round = 0; round < formulas.size(); round++) {
            for (FieldDef formula : formulas) {
                record.set(formula.apiName(), evaluate(type, formula, record));
            }
        }
    }

    private static JsonNode evaluate(ObjectType type, FieldDef formula, ObjectNode record) {
        try {
            Map<String, Object> values = new HashMap<>();
            for (String name : variables(formula.expression())) {
                Object value = value(type, name, record);
                if (value == null) {
                    return JsonNodeFactory.instance.nullNode();
                }
                values.put(name, value);
            }
            EvaluationValue result = new Expression(formula.expression()).withValues(values).evaluate();
            return toJson(result, formula.resultType());
        } catch (ParseException | EvaluationException | RuntimeException e) {
            return JsonNodeFactory.instance.nullNode();
        }
    }

    private static Object value(ObjectType type, String lowerName, ObjectNode record) {
        String name = type.fields().stream().map(FieldDef::apiName)
                .filter(n -> n.toLowerCase(Locale.ROOT).equals(lowerName)).findFirst().orElse(lowerName);
        JsonNode node = record.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isString() ? node.stringValue() : node.toString();
    }

    private static JsonNode toJson(EvaluationValue value, FieldType resultType) {
        var f = JsonNodeFactory.instance;
        if (value == null || value.isNullValue()) {
            return f.nullNode();
        }
        return switch (resultType == null ? FieldType.TEXT : resultType) {
            case INTEGER -> f.numberNode(value.getNumberValue().setScale(0, RoundingMode.HALF_UP).longValueExact());
            case DECIMAL -> f.numberNode(value.getNumberValue().stripTrailingZeros());
            case BOOLEAN -> f.booleanNode(value.getBooleanValue());
            default -> f.stringNode(value.isNumberValue() ? value.getNumberValue().stripTrailingZeros().toPlainString()
                    : value.getStringValue());
        };
    }

}

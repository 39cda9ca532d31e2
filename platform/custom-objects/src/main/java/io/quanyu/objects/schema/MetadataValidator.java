package io.quanyu.objects.schema;

import com.ezylang.evalex.parser.ParseException;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.objects.model.SelectOption;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static io.quanyu.objects.model.FieldType.*;

/**
 * The checks a definition schema cannot express: attributes that do not fit a field's type, duplicate names,
 * contradictory limits, options, defaults, reference targets, formulas (unknown fields, self-reference, cycles),
 * display field, indexes and layouts.
 */
final class MetadataValidator {
    private static final Set<String> COMMON = Set.of("apiName", "type", "label", "description", "required", "standard",
            "deprecated", "readRoles");
    private static final Map<FieldType, Set<String>> ATTRIBUTES = new HashMap<>();

    static {
        ATTRIBUTES.put(TEXT, Set.of("unique", "default", "minLength", "maxLength", "pattern"));
        ATTRIBUTES.put(LONG_TEXT, Set.of("default", "minLength", "maxLength"));
        ATTRIBUTES.put(INTEGER, Set.of("unique", "default", "min", "max"));
        ATTRIBUTES.put(DECIMAL, Set.of("unique", "default", "min", "max", "precision", "scale"));
        ATTRIBUTES.put(BOOLEAN, Set.of("default"));
        ATTRIBUTES.put(DATE, Set.of("unique", "default"));
        ATTRIBUTES.put(DATETIME, Set.of("unique", "default"));
        ATTRIBUTES.put(SINGLE_SELECT, Set.of("unique", "default", "options"));
        ATTRIBUTES.put(MULTI_SELECT, Set.of("default", "options"));
        ATTRIBUTES.put(EMAIL, Set.of("unique", "default"));
        ATTRIBUTES.put(PHONE, Set.of("unique", "default"));
        ATTRIBUTES.put(URL, Set.of("unique", "default"));
        ATTRIBUTES.put(CURRENCY, Set.of("default", "min", "max"));
        ATTRIBUTES.put(JSON, Set.of("default"));
        ATTRIBUTES.put(REFERENCE, Set.of("unique", "target", "onDelete"));
        ATTRIBUTES.put(MULTI_REFERENCE, Set.of("target", "onDelete"));
        ATTRIBUTES.put(FORMULA, Set.of("expression", "resultType"));
        ATTRIBUTES.put(AUTO_NUMBER, Set.of("prefix", "digits"));
    }

    private MetadataValidator() {
    }

    static List<FieldViolation> check(ObjectType type, JsonNode json, ObjectCatalog catalog) {
        List<FieldViolation> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < type.fields().size(); i++) {
            FieldDef field = type.fields().get(i);
            String at = "/fields/" + i;
            if (!seen.add(field.apiName().toLowerCase(Locale.ROOT))) {
                out.add(new FieldViolation(at + "/apiName", "duplicate", "another field has this name"));
            }
            attributes(field, json.path("fields").path(i), at, out);
            limits(field, at, out);
            options(field, at, out);
            target(type, field, at, catalog, out);
            defaultValue(field, at, out);
        }
        formulas(type, out);
        references(type, out);
        return out;
    }

    private static void attributes(FieldDef field, JsonNode raw, String at, List<FieldViolation> out) {
        Set<String> allowed = ATTRIBUTES.get(field.type());
        for (String name : raw.propertyNames()) {
            if (!COMMON.contains(name) && !allowed.contains(name)) {
                out.add(new FieldViolation(at + "/" + name, "notApplicable",
                        "does not apply to " + field.type().key() + " fields"));
            }
        }
        if (field.required() && field.type().computed()) {
            out.add(new FieldViolation(at + "/required", "notApplicable", "computed fields cannot be required"));
        }
        require(field.type() == FORMULA, field.expression(), at + "/expression", out);
        require(field.type() == FORMULA, field.resultType(), at + "/resultType", out);
        require(field.type() == REFERENCE || field.type() == MULTI_REFERENCE, field.target(), at + "/target", out);
    }

    private static void require(boolean needed, Object value, String pointer, List<FieldViolation> out) {
        if (needed && value == null) {
            out.add(new FieldViolation(pointer, "required", "is required for this field type"));
        }
    }

    private static void limits(FieldDef f, String at, List<FieldViolation> out) {
        if (f.min() != null && f.max() != null && f.min().compareTo(f.max()) > 0) {
            out.add(new FieldViolation(at + "/max", "range", "must not be less than min"));
        }
        if (f.minLength() != null && f.maxLength() != null && f.minLength() > f.maxLength()) {
            out.add(new FieldViolation(at + "/maxLength", "range", "must not be less than minLength"));
        }
        if (f.scale() != null && f.scale() > (f.precision() == null ? 34 : f.precision())) {
            out.add(new FieldViolation(at + "/scale", "range", "must not exceed precision"));
        }
        if (f.pattern() != null) {
            try {
                Pattern.compile(f.pattern());
            } catch (PatternSyntaxException e) {
                out.add(new FieldViolation(at + "/pattern", "pattern", "is not a valid regular expression"));
            }
        }
    }

    private static void options(FieldDef f, String at, List<FieldViolation> out) {
        if (f.type() != SINGLE_SELECT && f.type() != MULTI_SELECT) {
            return;
        }
        if (f.options().isEmpty()) {
            out.add(new FieldViolation(at + "/options", "required", "a select field needs at least one option"));
        }
        Set<String> values = new HashSet<>();
        for (int i = 0; i < f.options().size(); i++) {
            SelectOption option = f.options().get(i);
            if (!values.add(option.value())) {
                out.add(new FieldViolation(at + "/options/" + i + "/value", "duplicate", "another option has this value"));
            }
        }
    }

    private static void target(ObjectType type, FieldDef f, String at, ObjectCatalog catalog, List<FieldViolation> out) {
        if (f.target() == null || f.target().equals(type.apiName())) {
            return;
        }
        if (catalog.find(f.target()).isEmpty()) {
            out.add(new FieldViolation(at + "/target", "missingObject", "no object type named " + f.target()));
        }
    }

    private static void defaultValue(FieldDef f, String at, List<FieldViolation> out) {
        if (f.hasDefault() && !f.type().computed()) {
            var schema = JsonSchemas.compile(RecordSchemaGenerator.standalone(f));
            out.addAll(JsonSchemas.violations(schema, f.defaultValue(), at + "/default"));
        }
    }

    private static void formulas(ObjectType type, List<FieldViolation> out) {
        Map<String, FieldDef> byLowerName = new HashMap<>();
        type.fields().forEach(f -> byLowerName.put(f.apiName().toLowerCase(Locale.ROOT), f));
        Map<String, Set<String>> graph = new HashMap<>();
        for (int i = 0; i < type.fields().size(); i++) {
            FieldDef f = type.fields().get(i);
            if (f.type() != FORMULA || f.expression() == null) {
                continue;
            }
            String at = "/fields/" + i + "/expression";
            Set<String> used = formulaInputs(f, at, byLowerName, out);
            graph.put(f.apiName().toLowerCase(Locale.ROOT), used);
        }
        for (int i = 0; i < type.fields().size(); i++) {
            String name = type.fields().get(i).apiName().toLowerCase(Locale.ROOT);
            if (graph.containsKey(name) && reaches(graph, name, name, new HashSet<>())) {
                out.add(new FieldViolation("/fields/" + i + "/expression", "cycle",
                        "the formula depends on itself through other formulas"));
            }
        }
    }

    private static Set<String> formulaInputs(FieldDef f, String at, Map<String, FieldDef> fields,
                                             List<FieldViolation> out) {
        Set<String> used;
        try {
            used = Formulas.variables(f.expression());
        } catch (ParseException | RuntimeException e) {
            out.add(new FieldViolation(at, "syntax", "the expression cannot be parsed"));
            return Set.of();
        }
        Set<String> formulaInputs = new HashSet<>();
        for (String name : used) {
            FieldDef input = fields.get(name);
            if (name.equals(f.apiName().toLowerCase(Locale.ROOT))) {
                out.add(new FieldViolation(at, "selfReference", "a formula cannot use its own field"));
            } else if (input == null) {
                out.add(new FieldViolation(at, "unknownField", "uses " + name + ", which is not a field"));
            } else if (!input.type().scalar()) {
                out.add(new FieldViolation(at, "unsupportedField", input.apiName() + " cannot be used in a formula"));
            } else if (input.type() == FORMULA) {
                formulaInputs.add(name);
            }
        }
        return formulaInputs;
    }

    private static boolean reaches(Map<String, Set<String>> graph, String from, String goal, Set<String> visited) {
        for (String next : graph.getOrDefault(from, Set.of())) {
            if (next.equals(goal) || (visited.add(next) && reaches(graph, next, goal, visited))) {
                return true;
            }
        }
        return false;
    }

    private static void references(ObjectType type, List<FieldViolation> out) {
        if (type.displayField() != null && type.field(type.displayField()).filter(f -> f.type().scalar()).isEmpty()) {
            out.add(new FieldViolation("/displayField", "unknownField", "must name a single-valued field"));
        }
        for (int i = 0; i < type.indexes().size(); i++) {
            List<String> fields = type.indexes().get(i).fields();
            for (int j = 0; j < fields.size(); j++) {
                if (type.field(fields.get(j)).filter(f -> f.type().scalar() && f.type() != FORMULA).isEmpty()) {
                    out.add(new FieldViolation("/indexes/" + i + "/fields/" + j, "unknownField",
                            "must name a stored single-valued field"));
                }
            }
        }
        for (int i = 0; i < type.layouts().size(); i++) {
            var sections = type.layouts().get(i).sections();
            for (int s = 0; s < sections.size(); s++) {
                List<String> fields = sections.get(s).fields();
                for (int j = 0; j < fields.size(); j++) {
                    if (type.field(fields.get(j)).isEmpty()) {
                        out.add(new FieldViolation("/layouts/" + i + "/sections/" + s + "/fields/" + j,
                                "unknownField", "no field named " + fields.get(j)));
                    }
                }
            }
        }
        for (int i = 0; i < type.fields().size(); i++) {
            FieldDef f = type.fields().get(i);
            if (f.unique() && !f.type().scalar()) {
                out.add(new FieldViolation("/fields/" + i + "/unique", "notApplicable", "only single-valued fields can be unique"));
            }
        }
    }
}

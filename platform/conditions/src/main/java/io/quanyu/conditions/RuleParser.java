package io.quanyu.conditions;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** One parse: builds the tree and collects every violation, then refuses if there is any. */
final class RuleParser {
    private static final Set<String> COMBINATORS = Set.of("all", "any", "not");
    private static final Set<String> LEAF_KEYS = Set.of("field", "op", "value");
    private static final Pattern PATH = Pattern.compile("[^.]+(\\.[^.]+)*");

    private final List<FieldViolation> violations = new ArrayList<>();
    private int nodes;

    Condition parse(JsonNode rule) {
        Condition condition = node(rule, "", 1);
        if (!violations.isEmpty()) {
            throw QuanyuException.invalid(violations);
        }
        return condition;
    }

    private Condition node(JsonNode node, String pointer, int depth) {
        if (++nodes == Conditions.MAX_NODES + 1) {
            violation("", "size", "has more than " + Conditions.MAX_NODES + " conditions");
        }
        if (nodes > Conditions.MAX_NODES) {
            return null;
        }
        if (depth > Conditions.MAX_DEPTH) {
            violation(pointer, "depth", "nests deeper than " + Conditions.MAX_DEPTH + " levels");
            return null;
        }
        if (node == null || !node.isObject()) {
            violation(pointer, "type", "must be an object: {all: [...]}, {any: [...]}, {not: {...}} or a leaf");
            return null;
        }
        return shaped(node, pointer, depth);
    }

    private Condition shaped(JsonNode node, String pointer, int depth) {
        unknownKeys(node, pointer);
        List<String> combinators = node.propertyNames().stream().filter(COMBINATORS::contains).toList();
        boolean leafish = node.propertyNames().stream().anyMatch(LEAF_KEYS::contains);
        if (combinators.size() + (leafish ? 1 : 0) > 1) {
            violation(pointer, "invalid", "mixes " + String.join(", ", combinators) + (leafish ? ", field" : "")
                    + "; a condition is exactly one of all, any, not or a leaf {field, op, value}");
            return null;
        }
        if (combinators.isEmpty() && !leafish) {
            violation(pointer, "required", "needs all, any, not, or field and op");
            return null;
        }
        return leafish ? leaf(node, pointer) : combinator(node, combinators.getFirst(), pointer, depth);
    }

    private Condition combinator(JsonNode node, String key, String pointer, int depth) {
        JsonNode body = node.get(key);
        String at = pointer + "/" + key;
        if ("not".equals(key)) {
            Condition child = node(body, at, depth + 1);
            return child == null ? null : new Condition.Not(child);
        }
        if (!body.isArray()) {
            violation(at, "type", "must be an array of conditions");
            return null;
        }
        List<Condition> children = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            children.add(node(body.get(i), at + "/" + i, depth + 1));
        }
        if (children.contains(null)) {
            return null;
        }
        return "all".equals(key) ? new Condition.All(children) : new Condition.Any(children);
    }

    private Condition leaf(JsonNode node, String pointer) {
        String field = field(node.get("field"), pointer + "/field");
        Operator op = op(node.get("op"), pointer + "/op");
        boolean valueOk = op != null && ValueRules.check(op, node.get("value"), pointer + "/value", violations);
        return field != null && valueOk ? new Condition.Leaf(field, op, node.get("value")) : null;
    }

    private String field(JsonNode field, String pointer) {
        if (field == null) {
            violation(pointer, "required", "is required: the dot path of a fact, such as attributes.city");
        } else if (!field.isString()) {
            violation(pointer, "type", "must be a string");
        } else if (!PATH.matcher(field.stringValue()).matches()) {
            violation(pointer, "pattern", "must be a dot path without empty parts, such as attributes.city");
        } else {
            return field.stringValue();
        }
        return null;
    }

    private Operator op(JsonNode op, String pointer) {
        if (op == null) {
            violation(pointer, "required", "is required");
        } else if (!op.isString()) {
            violation(pointer, "type", "must be a string");
        } else {
            Operator found = Operator.of(op.stringValue()).orElse(null);
            if (found == null) {
                violation(pointer, "option", "is not a known operator: " + Values.render(op) + " (see the README)");
            }
            return found;
        }
        return null;
    }

    private void unknownKeys(JsonNode node, String pointer) {
        for (String key : node.propertyNames()) {
            if (!COMBINATORS.contains(key) && !LEAF_KEYS.contains(key)) {
                violation(pointer + "/" + escape(key), "unknown", "is not a known field");
            }
        }
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private void violation(String pointer, String code, String message) {
        violations.add(new FieldViolation(pointer, code, message));
    }
}

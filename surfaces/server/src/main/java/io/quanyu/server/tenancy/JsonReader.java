package io.quanyu.server.tenancy;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads fields of a JSON request while collecting every violation with its JSON pointer, so a client learns about
 * all of its mistakes in one answer. Unknown fields are violations too: a typo never passes silently.
 */
final class JsonReader {
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private final List<FieldViolation> violations = new ArrayList<>();

    /** The node as an object, or a violation (and null) when it is something else. */
    JsonNode object(JsonNode node, String pointer, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            violations.add(new FieldViolation(pointer, "type", "must be a JSON object"));
            return null;
        }
        for (var entry : node.properties()) {
            if (!allowed.contains(entry.getKey())) {
                violations.add(new FieldViolation(pointer + "/" + escape(entry.getKey()), "unknown", "is not a known field"));
            }
        }
        return node;
    }

    String text(JsonNode parent, String pointer, String name, boolean required, int maxLength, Pattern pattern) {
        JsonNode node = parent.get(name);
        String at = pointer + "/" + name;
        if (node == null || node.isNull()) {
            if (required) {
                violations.add(new FieldViolation(at, "required", "is required"));
            }
            return null;
        }
        if (!node.isString()) {
            violations.add(new FieldViolation(at, "type", "must be a string"));
            return null;
        }
        String value = node.stringValue();
        if (value.isBlank() || value.length() > maxLength || CONTROL.matcher(value).find()) {
            violations.add(new FieldViolation(at, "length", "must be 1 to " + maxLength + " printable characters"));
            return null;
        }
        if (pattern != null && !pattern.matcher(value).matches()) {
            violations.add(new FieldViolation(at, "pattern", "must match " + pattern.pattern()));
            return null;
        }
        return value;
    }

    Long integer(JsonNode parent, String pointer, String name) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            violations.add(new FieldViolation(pointer + "/" + name, "type", "must be an integer"));
            return null;
        }
        return node.longValue();
    }

    Boolean bool(JsonNode parent, String pointer, String name) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            violations.add(new FieldViolation(pointer + "/" + name, "type", "must be true or false"));
            return null;
        }
        return node.booleanValue();
    }

    void add(FieldViolation violation) {
        violations.add(violation);
    }

    void addAll(List<FieldViolation> more) {
        violations.addAll(more);
    }

    /** Throws one validation error listing every violation found so far, if any. */
    void check() {
        if (!violations.isEmpty()) {
            throw QuanyuException.invalid(violations);
        }
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}

package io.quanyu.conditions;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a plugin may keep as facts on a customer's profile, for rules to read as {@code plugins.<pluginId>.<name>},
 * and what a tag's name may be: one rule for the customer 360 and the plugin test kit. At most {@value #MAX_FACTS} names of a letter and up to 63
 * letters, digits or {@code _}; each value a string (at most {@value #MAX_TEXT} characters), a finite number, a
 * boolean, or a list of at most {@value #MAX_LIST} of those; null removes a fact.
 */
public final class PluginFactValues {
    public static final int MAX_FACTS = 50;
    public static final int MAX_TEXT = 1000;
    public static final int MAX_LIST = 100;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}_-]{1,64}");

    private PluginFactValues() {
    }

    /**
     * {@code current} with {@code changes} applied: numbers as {@code Long}, {@code Double} or {@code BigDecimal};
     * or {@code REQUEST_VALIDATION_FAILED} listing every wrong fact at {@code /facts/<name>}, nothing applied.
     */
    public static Map<String, Object> apply(Map<String, Object> current, Map<String, ?> changes) {
        List<FieldViolation> violations = new ArrayList<>();
        Map<String, Object> next = new LinkedHashMap<>(current);
        changes.forEach((name, value) -> {
            String at = "/facts/" + name;
            if (name == null || !NAME.matcher(name).matches()) {
                violations.add(new FieldViolation(at, "pattern", "a fact's name is a letter, then up to 63 letters, digits or _"));
            } else if (value == null) {
                next.remove(name);
            } else {
                Object normal = value(value, at, violations);
                if (normal != null) {
                    next.put(name, normal);
                }
            }
        });
        if (next.size() > MAX_FACTS) {
            violations.add(new FieldViolation("/facts", "size", "a plugin keeps at most " + MAX_FACTS + " facts on a profile"));
        }
        if (!violations.isEmpty()) {
            throw QuanyuException.invalid(violations);
        }
        return next;
    }

    /** A tag's name, 1 to 64 letters, digits, {@code _} or {@code -}; {@code REQUEST_VALIDATION_FAILED} otherwise. */
    public static String tag(String tag) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw QuanyuException.invalid(List.of(new FieldViolation("/tag", "pattern",
                    "must be 1 to 64 letters, digits, '_' or '-'")));
        }
        return tag;
    }

    private static Object value(Object value, String at, List<FieldViolation> violations) {
        if (value instanceof List<?> list) {
            if (list.size() > MAX_LIST) {
                violations.add(new FieldViolation(at, "size", "a list holds at most " + MAX_LIST + " values"));
                return null;
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object one = scalar(list.get(i), at + "/" + i, violations);
                if (one == null) {
                    return null;
                }
                out.add(one);
            }
            return List.copyOf(out);
        }
        return scalar(value, at, violations);
    }

    private static Object scalar(Object value, String at, List<FieldViolation> violations) {
        Object out = switch (value) {
            case String text when text.length() <= MAX_TEXT -> text;
            case Boolean b -> b;
            case Integer i -> i.longValue();
            case Long l -> l;
            case Short s -> s.longValue();
            case BigDecimal d -> d;
            case Double d when Double.isFinite(d) -> d;
            case Float f when Float.isFinite(f) -> f.doubleValue();
            case null, default -> null;
        };
        if (out == null) {
            violations.add(value instanceof String
                    ? new FieldViolation(at, "maxLength", "at most " + MAX_TEXT + " characters")
                    : new FieldViolation(at, "type", "a fact is a string, a finite number, a boolean or a list of those"));
        }
        return out;
    }
}

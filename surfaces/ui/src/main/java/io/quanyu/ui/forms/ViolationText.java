package io.quanyu.ui.forms;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.ui.i18n.BuilderTranslations;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * A server violation in the user's language. The server words its messages in English; the rule codes it sends
 * ({@code required}, {@code range}, {@code length}, ...) are stable, so known codes are phrased from the builder's
 * bundle with the limits the form knows (a record field's metadata, a plugin setting's schema). Anything else keeps
 * the server's text.
 */
public final class ViolationText {
    private static final BuilderTranslations TEXTS = new BuilderTranslations();

    /** What a value must respect, as far as the form knows; any part may be missing. */
    public record Limits(@Nullable BigDecimal min, @Nullable BigDecimal max, @Nullable BigDecimal minLength,
                         @Nullable BigDecimal maxLength, @Nullable Integer scale) {
        static final Limits NONE = new Limits(null, null, null, null, null);

        public static Limits of(@Nullable FieldDef field) {
            return field == null ? NONE : new Limits(field.min(), field.max(), number(field.minLength()),
                    number(field.maxLength()), field.scale());
        }

        /** From a JSON Schema: {@code minimum}, {@code maximum}, {@code minLength}, {@code maxLength}. */
        public static Limits of(JsonNode schema) {
            return new Limits(decimal(schema.path("minimum")), decimal(schema.path("maximum")),
                    decimal(schema.path("minLength")), decimal(schema.path("maxLength")), null);
        }

        private static @Nullable BigDecimal decimal(JsonNode node) {
            return node.isNumber() ? node.decimalValue() : null;
        }

        private static @Nullable BigDecimal number(@Nullable Integer value) {
            return value == null ? null : BigDecimal.valueOf(value);
        }
    }

    private ViolationText() {
    }

    /** A record violation ({@code /<field>...}), with the field's limits from the object's metadata. */
    public static String forRecord(FieldViolation violation, ObjectType type, Locale locale) {
        String[] parts = violation.pointer().split("/");
        return of(violation, Limits.of(parts.length > 1 ? type.field(parts[1]).orElse(null) : null), locale);
    }

    public static String of(FieldViolation violation, Limits limits, Locale locale) {
        String text = switch (violation.code()) {
            case "required" -> text("violation.required", locale);
            case "range" -> bounds("violation.number", limits.min(), limits.max(), locale);
            case "length" -> bounds("violation.length", limits.minLength(), limits.maxLength(), locale);
            case "pattern", "format", "phone" -> text("violation.format", locale);
            case "option" -> text("violation.option", locale);
            case "type" -> text("violation.type", locale);
            case "unique" -> text("violation.unique", locale);
            case "reference" -> text("violation.reference", locale);
            case "readOnly" -> text("violation.readOnly", locale);
            case "unknown" -> text("violation.unknown", locale);
            case "scale" -> limits.scale() == null ? null : text("violation.scale", locale, limits.scale());
            default -> null;
        };
        return text == null ? violation.message() : text;
    }

    /** {@code <key>.between}, {@code <key>.min} or {@code <key>.max}, by which limits are known. */
    private static @Nullable String bounds(String key, @Nullable BigDecimal min, @Nullable BigDecimal max, Locale locale) {
        if (min != null && max != null) {
            return text(key + ".between", locale, min.toPlainString(), max.toPlainString());
        }
        if (min != null) {
            return text(key + ".min", locale, min.toPlainString());
        }
        return max == null ? null : text(key + ".max", locale, max.toPlainString());
    }

    private static String text(String key, Locale locale, Object... params) {
        return TEXTS.getTranslation(key, locale, params);
    }
}

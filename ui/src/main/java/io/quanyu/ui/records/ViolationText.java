package io.quanyu.ui.records;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.ui.i18n.BuilderTranslations;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * A record violation in the user's language. The server words its messages in English; the rule codes it sends
 * ({@code required}, {@code range}, {@code length}, ...) are stable, so known codes are phrased from the builder's
 * bundle with the field's own limits from the metadata. Anything else keeps the server's text.
 */
final class ViolationText {
    private static final BuilderTranslations TEXTS = new BuilderTranslations();

    private ViolationText() {
    }

    static String of(FieldViolation violation, ObjectType type, Locale locale) {
        String[] parts = violation.pointer().split("/");
        FieldDef field = parts.length > 1 ? type.field(parts[1]).orElse(null) : null;
        String text = switch (violation.code()) {
            case "required" -> text("violation.required", locale);
            case "range" -> field == null ? null : bounds("violation.number", field.min(), field.max(), locale);
            case "length" -> field == null ? null : bounds("violation.length", number(field.minLength()),
                    number(field.maxLength()), locale);
            case "pattern", "format", "phone" -> text("violation.format", locale);
            case "option" -> text("violation.option", locale);
            case "type" -> text("violation.type", locale);
            case "unique" -> text("violation.unique", locale);
            case "reference" -> text("violation.reference", locale);
            case "readOnly" -> text("violation.readOnly", locale);
            case "unknown" -> text("violation.unknown", locale);
            case "scale" -> field == null || field.scale() == null ? null
                    : text("violation.scale", locale, field.scale());
            default -> null;
        };
        return text == null ? violation.message() : text;
    }

    /** {@code <key>.between}, {@code <key>.min} or {@code <key>.max}, by which limits the field has. */
    private static String bounds(String key, BigDecimal min, BigDecimal max, Locale locale) {
        if (min != null && max != null) {
            return text(key + ".between", locale, min.toPlainString(), max.toPlainString());
        }
        if (min != null || max != null) {
            return min != null ? text(key + ".min", locale, min.toPlainString())
                    : text(key + ".max", locale, max.toPlainString());
        }
        return null;
    }

    private static BigDecimal number(Integer value) {
        return value == null ? null : BigDecimal.valueOf(value);
    }

    private static String text(String key, Locale locale, Object... params) {
        return TEXTS.getTranslation(key, locale, params);
    }
}

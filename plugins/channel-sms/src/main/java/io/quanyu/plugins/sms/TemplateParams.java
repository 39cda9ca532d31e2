package io.quanyu.plugins.sms;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A message's {@code data.params} (the template's variables by name, as the platform's SMS convention has it) as the
 * {@code TemplateParam} SendSms takes: a JSON object whose values are all strings, since Dysmsapi refuses any other
 * ({@code isv.INVALID_JSON_PARAM}). Numbers and booleans are written as their text; nested values and nulls have no
 * place in an SMS template and are refused.
 */
final class TemplateParams {
    /** The entry of {@code Message.data()} that holds the variables. */
    static final String DATA_KEY = "params";

    private TemplateParams() {
    }

    /**
     * The {@code TemplateParam} JSON, or empty when the message has no variables.
     *
     * @throws IllegalArgumentException when {@code params} is not an object of strings, numbers and booleans
     */
    static Optional<String> from(Map<String, Object> data) {
        Object params = data.get(DATA_KEY);
        if (params == null) {
            return Optional.empty();
        }
        if (!(params instanceof Map<?, ?> variables)) {
            throw new IllegalArgumentException("data.params must be an object of the template's variables");
        }
        if (variables.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> texts = new LinkedHashMap<>();
        variables.forEach((name, value) -> texts.put(String.valueOf(name), text(String.valueOf(name), value)));
        return Optional.of(Json.objectOfStrings(texts));
    }

    private static String text(String name, Object value) {
        return switch (value) {
            case String s -> s;
            case BigDecimal d -> d.toPlainString();
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            case null, default -> throw new IllegalArgumentException("data.params." + name
                    + " must be text, a number or a boolean");
        };
    }
}

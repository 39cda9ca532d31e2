package io.quanyu.messaging;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One send, as every surface asks for it (REST, the builder, plugins, journeys): see the SDK's
 * {@code SendRequest}, whose rules these are.
 */
public record SendCommand(String customerId, List<String> channels, String template, Map<String, Object> variables,
                          String purpose, String key) {
    public static final String MARKETING = "marketing";
    public static final String TRANSACTIONAL = "transactional";
    public static final int MAX_CHANNELS = 5;
    public static final int MAX_KEY_LENGTH = 200;
    public static final int MAX_VARIABLES_BYTES = 8 * 1024;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    public SendCommand {
        channels = channels == null ? List.of() : List.copyOf(channels);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        purpose = purpose == null ? MARKETING : purpose;
    }

    public boolean marketing() {
        return MARKETING.equals(purpose);
    }

    /** The command in a request body ({@code customerId}, {@code channels}, {@code template}, ...), checked. */
    public static SendCommand parse(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw QuanyuException.invalid(List.of(new FieldViolation("", "type", "must be an object")));
        }
        List<FieldViolation> bad = new ArrayList<>();
        for (String name : json.propertyNames()) {
            if (!Set.of("customerId", "channels", "template", "variables", "purpose", "key").contains(name)) {
                bad.add(new FieldViolation("/" + name, "unknown", "is not a field of a send"));
            }
        }
        List<String> channels = new ArrayList<>();
        JsonNode c = json.path("channels");
        if (c.isString()) {
            channels.add(c.asString());
        } else if (c.isArray()) {
            c.forEach(n -> channels.add(n.isString() ? n.asString() : ""));
        }
        Map<String, Object> variables = null;
        JsonNode v = json.path("variables");
        if (v.isObject()) {
            variables = MessagingSettings.JSON.convertValue(v, MAP);
        } else if (!v.isMissingNode() && !v.isNull()) {
            bad.add(new FieldViolation("/variables", "type", "must be an object"));
        }
        SendCommand command = new SendCommand(text(json, "customerId"), channels, text(json, "template"), variables,
                json.has("purpose") ? text(json, "purpose") : MARKETING, text(json, "key"));
        bad.addAll(command.violations());
        if (!bad.isEmpty()) {
            throw QuanyuException.invalid(bad);
        }
        return command;
    }

    private static String text(JsonNode json, String name) {
        JsonNode n = json.path(name);
        return n.isString() ? n.asString() : null;
    }

    /** This command, if it is valid ({@code REQUEST_VALIDATION_FAILED} with every mistake otherwise). */
    public SendCommand checked() {
        List<FieldViolation> bad = violations();
        if (!bad.isEmpty()) {
            throw QuanyuException.invalid(bad);
        }
        return this;
    }

    List<FieldViolation> violations() {
        List<FieldViolation> bad = new ArrayList<>();
        if (customerId == null || customerId.isBlank() || customerId.length() > 64) {
            bad.add(new FieldViolation("/customerId", "required", "is the customer's id"));
        }
        if (channels.isEmpty() || channels.size() > MAX_CHANNELS) {
            bad.add(new FieldViolation("/channels", "size", "names 1 to " + MAX_CHANNELS + " channels, the first tried first"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < channels.size(); i++) {
            String ch = channels.get(i);
            if (ch == null || !Templates.CHANNEL.matcher(ch).matches()) {
                bad.add(new FieldViolation("/channels/" + i, "pattern", "is a channel name such as email or sms"));
            } else if (!seen.add(ch)) {
                bad.add(new FieldViolation("/channels/" + i, "duplicate", "is named twice"));
            }
        }
        if (template == null || !Templates.NAME.matcher(template).matches()) {
            bad.add(new FieldViolation("/template", "pattern", "is a template name"));
        }
        if (!MARKETING.equals(purpose) && !TRANSACTIONAL.equals(purpose)) {
            bad.add(new FieldViolation("/purpose", "enum", "is marketing or transactional"));
        }
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH || key.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            bad.add(new FieldViolation("/key", "required", "is the idempotency key: 1 to " + MAX_KEY_LENGTH
                    + " characters without control characters"));
        }
        try {
            int size = MessagingSettings.JSON.writeValueAsString(variables).getBytes(StandardCharsets.UTF_8).length;
            if (size > MAX_VARIABLES_BYTES) {
                bad.add(new FieldViolation("/variables", "size", "is " + size + " bytes as JSON, at most " + MAX_VARIABLES_BYTES));
            }
        } catch (RuntimeException e) {
            bad.add(new FieldViolation("/variables", "type", "must be JSON values"));
        }
        return bad;
    }
}

package io.quanyu.messaging;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A message template: content per channel and language ({@code zh-CN}, {@code en}); each content is a JSON object
 * whose strings are Mustache templates over {@code customer} (the customer record), {@code profile} (stage, tags,
 * aggregates, scores and plugins' facts) and {@code vars} (the send's variables).
 *
 * @param channels content by channel name, then by language
 */
public record Template(String name, String description, Map<String, Map<String, Map<String, Object>>> channels,
                       long version, Instant updatedAt, String updatedBy) {
    public Template {
        channels = Map.copyOf(channels);
    }

    /** The content for {@code channel} in {@code locale}, else in the template's other language; empty if none. */
    public Optional<Map<String, Object>> content(String channel, String locale) {
        Map<String, Map<String, Object>> byLocale = channels.get(channel);
        if (byLocale == null || byLocale.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> exact = byLocale.get(locale);
        return Optional.of(exact != null ? exact : byLocale.getOrDefault("zh-CN", byLocale.get("en")));
    }
}

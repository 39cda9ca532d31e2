package io.quanyu.plugin.sdk.event;

import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.PublicApi;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A change of a customer's tags, which a subscription receives when it lists {@value #TYPE} among its
 * {@code eventTypes}: from the platform's builder and APIs, tag rules, event tags, merges and plugins (this one
 * included), in order with the customer's other events. The event carries no identities; its properties are
 * {@code added} and {@code removed} (lists of tags) and {@code sources}, each changed tag's source:
 * {@code manual}, {@code rule:<rule>}, {@code event:<type>}, {@code plugin:<pluginId>} or {@code platform}.
 * A plugin that mirrors tags elsewhere passes over the changes it made itself ({@link #by}), so nothing echoes.
 * Event types that begin with {@code profile.} are the platform's: the events API refuses them.
 *
 * @param customerId the customer whose tags changed
 * @param added      the tags the customer gained
 * @param removed    the tags the customer lost
 * @param sources    who changed each tag, by tag
 * @since 1.1
 */
@PublicApi
public record TagsChange(String customerId, List<String> added, List<String> removed, Map<String, String> sources) {
    /** The event type of a tag change. */
    public static final String TYPE = "profile.tags_changed";
    /** The source of a tag changed by the plugin with this id. */
    private static final String PLUGIN = "plugin:";

    public TagsChange {
        Objects.requireNonNull(customerId, "customerId");
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        sources = Map.copyOf(sources);
    }

    /** The tag change an event carries; empty for an event of another type. */
    public static Optional<TagsChange> of(ReceivedEvent received) {
        Event event = received.event();
        if (!TYPE.equals(event.type())) {
            return Optional.empty();
        }
        Map<String, String> sources = new LinkedHashMap<>();
        if (event.properties().get("sources") instanceof Map<?, ?> map) {
            map.forEach((tag, source) -> sources.put(String.valueOf(tag), String.valueOf(source)));
        }
        return Optional.of(new TagsChange(received.customerId(), strings(event.properties().get("added")),
                strings(event.properties().get("removed")), sources));
    }

    /** The change as a subscriber receives it (the platform and the test kit make it so). */
    public ReceivedEvent toEvent(String id, Instant at) {
        return new ReceivedEvent(customerId, new Event(id, TYPE, at, List.of(), null,
                Map.of("added", added, "removed", removed, "sources", sources)));
    }

    /** The source of a tag's change: {@code platform} when none was recorded. */
    public String source(String tag) {
        return sources.getOrDefault(tag, "platform");
    }

    /** Whether the plugin with this id made the change of this tag. */
    public boolean by(String pluginId, String tag) {
        return (PLUGIN + pluginId).equals(source(tag));
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }
}

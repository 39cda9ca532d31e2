package io.quanyu.segments;

import io.quanyu.conditions.Condition;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A segment: a rule in the shared condition language over a customer's facts (aggregates, scores, tags, stage,
 * identity types, plugin facts) and {@code segments}, the keys of the segments the customer is in, so a segment may
 * build on others. Its version counts edits; its membership is kept by {@link SegmentEngine}. A list segment's
 * members are uploaded identities instead ({@link #isList()}, rule {@code {"field": "lists", "op": "contains",
 * "value": <key>}}).
 *
 * @param key        stable name, {@code [a-z][a-z0-9_]{0,63}}
 * @param names      display names by locale ({@code zh-CN}, {@code en})
 * @param rule       the rule as written
 * @param condition  the rule parsed
 * @param references the segments the rule reads
 * @param version    one more per edit
 * @param backfill   how far evaluating every existing profile against this version has come
 */
public record Segment(String key, Map<String, String> names, @Nullable String description, JsonNode rule,
                      Condition condition, Set<String> references, long version, Instant createdAt, String createdBy,
                      Instant updatedAt, String updatedBy, Backfill backfill) {

    /** The rule of a list segment: the customer is on the uploaded list of this key. */
    public static JsonNode listRule(String key) {
        return tools.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("field", SegmentLists.FACT)
                .put("op", "contains").put("value", key);
    }

    /** Whether the segment is kept by uploaded lists of identities rather than a rule of the facts. */
    public boolean isList() {
        return rule.equals(listRule(key));
    }

    /**
     * Evaluation of every profile for one version of the segment: profiles are taken in id order, {@code after} is
     * the last id evaluated; {@code done} once all were.
     */
    public record Backfill(long version, @Nullable String after, long evaluated, boolean done,
                           @Nullable Instant finishedAt) {
    }
}

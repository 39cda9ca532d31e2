package io.quanyu.plugins.coupons;

import io.quanyu.plugin.sdk.Customers;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may hold a template's coupons: the members of a segment ({@code audienceSegment}, a segment's key), the customers
 * a rule of the platform's condition language matches ({@code audience}), or both (a customer must then pass both).
 * A template with neither is for everyone. The audience is asked when a coupon is claimed, issued (by an operator or a
 * journey) or a code is bound, through the SDK's {@link Customers#matches}, which reads what a segment's rule reads;
 * a coupon already held stays valid when its holder leaves the audience, and a gift's receiver is not asked (a
 * template that must stay with its audience is not {@code giftable}).
 */
final class Audience {
    private Audience() {
    }

    /** The template's audience as one rule; empty for everyone. */
    static Optional<Map<String, Object>> rule(Map<String, Object> template) {
        List<Object> parts = new ArrayList<>();
        if (template.get("audienceSegment") instanceof String segment && !segment.isBlank()) {
            parts.add(Map.of("field", "segments", "op", "contains", "value", segment));
        }
        if (template.get("audience") instanceof Map<?, ?> rule && !rule.isEmpty()) {
            parts.add(rule);
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(parts.size() == 1 ? cast(parts.getFirst())
                : Map.of("all", parts));
    }

    /** What is wrong with a definition's audience rule, each problem as {@code audience<pointer> <what>}. */
    static List<String> problems(Customers customers, @Nullable Object audience) {
        if (audience == null) {
            return List.of();
        }
        if (!(audience instanceof Map<?, ?> rule)) {
            return List.of("audience: a rule of the condition language, such as {\"field\": \"tags\", \"op\": \"contains\", \"value\": \"vip\"}");
        }
        return customers.ruleProblems(cast(rule)).stream().map(p -> "audience" + p).toList();
    }

    /**
     * Why the customer may not hold the template's coupons (the rule's reasons, in English), or empty when they may.
     */
    static Optional<String> outside(Customers customers, Map<String, Object> template, String customerId) {
        return rule(template).map(rule -> customers.matches(customerId, rule))
                .filter(match -> !match.matched())
                .map(match -> "the coupon " + template.get("key") + " is for another audience: " + match.explanation());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object rule) {
        return (Map<String, Object>) rule;
    }
}

package io.quanyu.conditions;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import tools.jackson.databind.JsonNode;

/** Entry point of the condition language: reads a JSON rule into an immutable {@link Condition}. */
public final class Conditions {
    /** The deepest nesting accepted; the root is at depth 1. */
    public static final int MAX_DEPTH = 32;
    /** The most nodes (combinators and leaves) one rule may have. */
    public static final int MAX_NODES = 1_000;

    private Conditions() {
    }

    /**
     * Reads a rule.
     *
     * @throws QuanyuException {@link ErrorCode#REQUEST_VALIDATION_FAILED} listing every problem, each at its JSON
     *                         pointer relative to the rule's root ({@code /all/1/op})
     */
    public static Condition parse(JsonNode rule) {
        return new RuleParser(true).parse(rule);
    }

    /**
     * What is wrong with a rule, as {@link #parse} finds it: each problem as {@code <pointer> <message>}; empty when the
     * rule is valid.
     */
    public static java.util.List<String> problems(JsonNode rule) {
        try {
            parse(rule);
            return java.util.List.of();
        } catch (QuanyuException e) {
            if (e.code() != ErrorCode.REQUEST_VALIDATION_FAILED) {
                throw e;
            }
            return e.violations().stream().map(v -> (v.pointer().isEmpty() ? "/" : v.pointer()) + " " + v.message()).toList();
        }
    }

    /**
     * Reads a rule that is evaluated on a profile's facts alone, without the customer's past events loaded (a profile
     * rule of the customer 360's settings, a plugin subscription's filter): a behaviour condition there could never
     * see an event, so it is refused at its pointer (violation {@code unsupported}) rather than being always false.
     *
     * @throws QuanyuException as {@link #parse}
     */
    public static Condition parseWithoutBehavior(JsonNode rule) {
        return new RuleParser(false).parse(rule);
    }
}

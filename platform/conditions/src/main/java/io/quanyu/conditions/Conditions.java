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
        return new RuleParser().parse(rule);
    }
}

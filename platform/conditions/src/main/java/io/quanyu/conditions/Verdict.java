package io.quanyu.conditions;

/**
 * The result of {@link Condition#explain}: whether the facts match, and why.
 *
 * @param matched     whether the facts match the rule
 * @param explanation the rule tree with each node's result and sentences
 */
public record Verdict(boolean matched, Explanation explanation) {
    /** The deciding reasons on one line, in English. */
    public String summary() {
        return explanation.summary();
    }

    /** The deciding reasons on one line, in Chinese. */
    public String summaryZhCN() {
        return explanation.summaryZhCN();
    }
}

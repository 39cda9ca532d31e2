package io.quanyu.ui.segments;

import tools.jackson.databind.JsonNode;

import java.util.Map;

/** One part of a rule in the visual editor: a group of parts, a condition on a fact, or a behaviour condition. */
sealed interface RulePart permits RuleGroup, FieldCondition, BehaviorCondition {

    /**
     * The part as a node of the condition language, written at {@code pointer} (a JSON pointer from the rule's root);
     * each part notes itself in {@code index} under its pointer, so a violation can be shown at the part it names.
     */
    JsonNode toJson(String pointer, Map<String, RulePart> index);

    /** Marks the part as wrong (the server's message is shown with the count), or clears the mark. */
    void invalid(boolean invalid);
}

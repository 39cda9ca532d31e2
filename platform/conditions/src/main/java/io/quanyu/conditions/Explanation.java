package io.quanyu.conditions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Why one node of a rule matched or not; mirrors the rule tree.
 *
 * @param node     {@code all}, {@code any}, {@code not} or {@code leaf}
 * @param matched  this node's result
 * @param field    a leaf's dot path; null for combinators
 * @param op       a leaf's operator key; null for combinators
 * @param en       the reason in English ("aggregates.orders.count is 3, which is ≥ 2")
 * @param zhCN     the reason in Chinese ("aggregates.orders.count 为 3，≥ 2")
 * @param children the children's explanations, in rule order; empty for leaves
 */
public record Explanation(String node, boolean matched, String field, String op, String en, String zhCN,
                          List<Explanation> children) {
    public Explanation {
        children = List.copyOf(children);
    }

    /**
     * The leaves that decided this result: for a failing {@code all}, its failing children; for a matching
     * {@code any}, its first matching child; otherwise every child (all of them agree with the result). A
     * combinator without children is its own reason.
     */
    public List<Explanation> reasons() {
        if (children.isEmpty()) {
            return List.of(this);
        }
        List<Explanation> out = new ArrayList<>();
        for (Explanation child : children) {
            if ("not".equals(node) || child.matched == matched) {
                out.addAll(child.reasons());
                if ("any".equals(node) && matched) {
                    break;
                }
            }
        }
        return out;
    }

    /** The deciding reasons on one line, in English, joined with "; ". */
    public String summary() {
        return reasons().stream().map(Explanation::en).collect(Collectors.joining("; "));
    }

    /** The deciding reasons on one line, in Chinese, joined with "；". */
    public String summaryZhCN() {
        return reasons().stream().map(Explanation::zhCN).collect(Collectors.joining("；"));
    }

    public JsonNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("node", node).put("matched", matched);
        if (field != null) {
            json.put("field", field).put("op", op);
        }
        json.put("en", en).put("zhCN", zhCN);
        if (!"leaf".equals(node)) {
            ArrayNode array = json.putArray("children");
            children.forEach(child -> array.add(child.toJson()));
        }
        return json;
    }

    Verdict verdict() {
        return new Verdict(matched, this);
    }

    /** A combinator's explanation from its children's. */
    static Explanation combine(String node, List<Explanation> children) {
        int matching = (int) children.stream().filter(Explanation::matched).count();
        int n = children.size();
        boolean matched = switch (node) {
            case "all" -> matching == n;
            case "any" -> matching > 0;
            default -> matching == 0;
        };
        String[] sentences = Sentences.combinator(node, matched, matching, n);
        return new Explanation(node, matched, null, null, sentences[0], sentences[1], children);
    }
}

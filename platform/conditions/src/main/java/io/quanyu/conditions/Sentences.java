package io.quanyu.conditions;

import tools.jackson.databind.JsonNode;

import java.util.List;

/** The English and Chinese sentences of explanations. */
final class Sentences {
    private Sentences() {
    }

    /** "F is A, which R" / "F 为 A，R"; "F is absent" / "F 不存在"; "F is A" when the operator needs no value. */
    static Explanation leaf(String field, Operator op, JsonNode value, JsonNode actual, boolean matched) {
        String[] text = actual == null ? new String[]{field + " is absent", field + " 不存在"}
                : present(field, op, value, actual, matched);
        return new Explanation("leaf", matched, field, op.key(), text[0], text[1], List.of());
    }

    /**
     * A behaviour condition: "count of order.paid events in the last 30 days is 1, which is not ≥ 2" /
     * "最近 30 天 order.paid 事件的次数 为 1，不满足 ≥ 2"; "… is none" / "… 无" when no event gives a value.
     */
    static Explanation behavior(String field, String en, String zh, Operator op, JsonNode value, JsonNode actual,
                                boolean matched) {
        String[] text = actual == null ? new String[]{en + " is none (no such event)", zh + " 无（没有此类事件）"}
                : present(en, zh, op, value, actual, matched);
        return new Explanation("leaf", matched, field, op.key(), text[0], text[1], List.of());
    }

    private static String[] present(String field, Operator op, JsonNode value, JsonNode actual, boolean matched) {
        return present(field, field, op, value, actual, matched);
    }

    private static String[] present(String fieldEn, String fieldZh, Operator op, JsonNode value, JsonNode actual,
                                    boolean matched) {
        String shown = Values.render(actual);
        String en = fieldEn + " is " + shown;
        String zh = fieldZh + " 为 " + shown;
        String[] relation = matched ? null : Matchers.mismatch(op, value, actual);
        if (relation == null && op.phrase(matched, false) != null) {
            Object[] args = arguments(op, value);
            relation = new String[]{op.phrase(matched, false).formatted(args), op.phrase(matched, true).formatted(args)};
        }
        return relation == null ? new String[]{en, zh} : new String[]{en + ", which " + relation[0],
                zh + "，" + relation[1]};
    }

    private static Object[] arguments(Operator op, JsonNode value) {
        if (op == Operator.BETWEEN) {
            return new Object[]{Values.render(value.get(0)), Values.render(value.get(1))};
        }
        return new Object[]{Values.render(value)};
    }

    /** A combinator's own sentence: how many children matched. */
    static String[] combinator(String node, boolean matched, int matching, int n) {
        if (n == 0) {
            return matched ? new String[]{"no conditions, so it matches", "没有条件，因此满足"}
                    : new String[]{"no conditions, so it does not match", "没有条件，因此不满足"};
        }
        return switch (node) {
            case "all" -> matched ? new String[]{"all " + n + " conditions match", n + " 个条件全部满足"}
                    : new String[]{(n - matching) + " of " + n + " conditions do not match",
                    n + " 个条件中有 " + (n - matching) + " 个不满足"};
            case "any" -> matched ? new String[]{matching + " of " + n + " conditions match",
                    n + " 个条件中有 " + matching + " 个满足"}
                    : new String[]{"none of " + n + " conditions match", n + " 个条件均不满足"};
            default -> matched ? new String[]{"the negated condition does not match", "被否定的条件不满足"}
                    : new String[]{"the negated condition matches", "被否定的条件满足"};
        };
    }
}

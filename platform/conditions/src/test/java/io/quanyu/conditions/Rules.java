package io.quanyu.conditions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;

/** Shared test data: a facts document, a fixed "now", and JSON written with single quotes. */
final class Rules {
    static final JsonMapper MAPPER = JsonMapper.builder().build();
    static final Instant NOW = Instant.parse("2026-10-08T08:00:00Z");
    static final JsonNode FACTS = json("""
            {'attributes': {'city': '上海', 'name': 'Li Lei', 'vip': true, 'optedOut': false, 'nick': null,
                            'birthday': '1990-05-01'},
             'tags': ['vip', 'wechat', 7],
             'aggregates': {'orders': {'count': 3, 'amount': 1200.5, 'lastAt': '2026-10-01T08:00:00Z'},
                            'events': {'page_view': 12}},
             'stage': 'customer',
             'scores': {'influence': 42}}""");

    private Rules() {
    }

    static JsonNode json(String singleQuoted) {
        return MAPPER.readTree(singleQuoted.replace('\'', '"'));
    }

    static Condition rule(String singleQuoted) {
        return Conditions.parse(json(singleQuoted));
    }

    static Condition leaf(String field, String op, String valueJson) {
        String value = valueJson == null ? "" : ", 'value': " + valueJson;
        return rule("{'field': '" + field + "', 'op': '" + op + "'" + value + "}");
    }

    static boolean matches(String field, String op, String valueJson) {
        Condition condition = leaf(field, op, valueJson);
        boolean fast = condition.matches(FACTS, NOW);
        boolean explained = condition.explain(FACTS, NOW).matched();
        if (fast != explained) {
            throw new AssertionError("matches and explain disagree on " + condition);
        }
        return fast;
    }
}

package io.quanyu.customer360;

import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * The lifecycle stages and rule-based tags a tenant starts with (the values of the customer object's
 * {@code lifecycleStage} options): churn risk (bought, not seen for 180 days), repeat customer (2+ orders),
 * customer (1 order), member (has a member number), fan (followed the official account or shared), stranger.
 */
final class DefaultRules {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final List<Customer360Settings.Rule> STAGES = List.of(
            rule("churnRisk", """
                    {"all": [{"field": "aggregates.orders.count", "op": "gte", "value": 1},
                             {"field": "aggregates.lastSeen", "op": "olderThanDays", "value": 180}]}"""),
            rule("repeat", "{\"field\": \"aggregates.orders.count\", \"op\": \"gte\", \"value\": 2}"),
            rule("customer", "{\"field\": \"aggregates.orders.count\", \"op\": \"gte\", \"value\": 1}"),
            rule("member", "{\"field\": \"identityTypes\", \"op\": \"contains\", \"value\": \"member_no\"}"),
            rule("fan", """
                    {"any": [{"field": "aggregates.counts.wechat__subscribe", "op": "gte", "value": 1},
                             {"field": "aggregates.social.shares", "op": "gte", "value": 1}]}"""),
            rule("stranger", "{\"all\": []}"));

    static final List<Customer360Settings.Rule> TAGS = List.of(
            rule("high_value", "{\"field\": \"aggregates.orders.amount\", \"op\": \"gte\", \"value\": 5000}"),
            rule("influencer", "{\"field\": \"scores.influence\", \"op\": \"gte\", \"value\": 60}"));

    private DefaultRules() {
    }

    private static Customer360Settings.Rule rule(String name, String condition) {
        return new Customer360Settings.Rule(name, JSON.readTree(condition));
    }
}

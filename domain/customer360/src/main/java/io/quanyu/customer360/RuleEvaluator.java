package io.quanyu.customer360;

import io.quanyu.conditions.Condition;
import io.quanyu.conditions.Conditions;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Lifecycle stages and tags by the tenant's rules, in the shared condition language: the first stage whose condition
 * matches is the profile's stage (a change is appended to the stage history with its time); a rule-based tag is
 * added while its rule matches and removed when it stops; an event type may give tags that stay until removed by
 * hand. Manual tags are never touched by rules.
 */
final class RuleEvaluator implements ProfileRules {
    @Override
    public Evaluator forTenant(Customer360Settings s) {
        return new Compiled(s, compile(s.stages()), compile(s.tagRules()));
    }

    private static List<Map.Entry<String, Condition>> compile(List<Customer360Settings.Rule> rules) {
        return rules.stream().map(r -> Map.entry(r.name(), Conditions.parseWithoutBehavior(r.condition()))).toList();
    }

    private record Compiled(Customer360Settings settings, List<Map.Entry<String, Condition>> stages,
                            List<Map.Entry<String, Condition>> tags) implements Evaluator {

        @Override
        public void onEvent(ProfileState profile, TrackedEvent event) {
            for (String tag : settings.eventTags().getOrDefault(event.type(), List.of())) {
                profile.tags.putIfAbsent(tag, new Document("source", "event:" + event.type()).append("at", Date.from(event.time())));
            }
        }

        @Override
        public void evaluate(ProfileState profile, Instant now) {
            var facts = ProfileFacts.of(profile, settings, now);
            for (var rule : tags) {
                String source = "rule:" + rule.getKey();
                boolean has = profile.tags.containsKey(rule.getKey());
                boolean matches = rule.getValue().matches(facts, now);
                if (matches && !has) {
                    profile.tags.put(rule.getKey(), new Document("source", source).append("at", Date.from(now)));
                } else if (!matches && has && source.equals(profile.tags.get(rule.getKey()).getString("source"))) {
                    profile.tags.remove(rule.getKey());
                    profile.untaggedBy.put(rule.getKey(), source);
                }
            }
            String stage = stages.stream().filter(r -> r.getValue().matches(facts, now)).map(Map.Entry::getKey)
                    .findFirst().orElse("stranger");
            if (!stage.equals(profile.stage)) {
                profile.stageHistory.add(new Document("from", profile.stage).append("to", stage).append("at", Date.from(now)));
                profile.stage = stage;
            }
        }
    }
}

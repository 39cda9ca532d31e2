package io.quanyu.customer360;

import io.quanyu.identities.IdentityType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A tenant's customer 360 rules.
 *
 * @param identityTypes    its identity types (the standard ones with its overrides of {@code autoMerge}, plus its own)
 * @param conflictRule     how a merge picks between two profiles' different attribute values
 * @param sourcePriority   for {@link ConflictRule#SOURCE_PRIORITY}: record sources ({@code _createdBy}), best first
 * @param recencyDays      RFM recency bands: days since the last order at or under each bound score 5, 4, 3, 2; else 1
 * @param frequencyOrders  RFM frequency bands: at least this many orders score 2, 3, 4, 5; else 1
 * @param monetaryAmounts  RFM monetary bands: at least this much spent scores 2, 3, 4, 5; else 1
 * @param influence        the weights of the social influence score
 * @param stages           lifecycle stages in order, each with a condition (the shared condition language) over the
 *                         profile's facts; the first that matches is the stage
 * @param tagRules         tags a profile has while their condition matches
 * @param eventTags        tags an event type gives the profile it is about
 */
public record Customer360Settings(List<IdentityType> identityTypes, ConflictRule conflictRule, List<String> sourcePriority,
                                  List<Integer> recencyDays, List<Long> frequencyOrders, List<BigDecimal> monetaryAmounts,
                                  InfluenceWeights influence, List<Rule> stages, List<Rule> tagRules,
                                  Map<String, List<String>> eventTags) {

    /** A name (stage or tag) and the condition that gives it, as JSON in the condition language. */
    public record Rule(String name, tools.jackson.databind.JsonNode condition) {
    }

    /** How merging resolves attribute conflicts. */
    public enum ConflictRule { MOST_RECENT, FIRST_SEEN, SOURCE_PRIORITY }

    /**
     * Influence = min(100, followers·ln(1+f) + shares·ln(1+s) + visitors·ln(1+v) + customers·c + orderValue·ln(1+o/100)),
     * with f followers, s shares, v referred visitors, c referred customers, o their order value.
     */
    public record InfluenceWeights(double followers, double shares, double visitors, double customers, double orderValue) {
    }

    public static Customer360Settings defaults() {
        return new Customer360Settings(IdentityType.STANDARD, ConflictRule.MOST_RECENT, List.of(),
                List.of(30, 90, 180, 365), List.of(2L, 3L, 5L, 8L),
                List.of(new BigDecimal("200"), new BigDecimal("1000"), new BigDecimal("5000"), new BigDecimal("20000")),
                new InfluenceWeights(4, 6, 5, 8, 6), DefaultRules.STAGES, DefaultRules.TAGS, Map.of());
    }

    public IdentityTypes types() {
        return new IdentityTypes(identityTypes);
    }

    /** The same settings with {@code autoMerge} set per type name. */
    public Customer360Settings withAutoMerge(Map<String, Boolean> autoMerge) {
        List<IdentityType> types = identityTypes.stream().map(t -> autoMerge.containsKey(t.type())
                ? new IdentityType(t.type(), t.scoped(), autoMerge.get(t.type()), t.priority(), t.normalisation()) : t).toList();
        return new Customer360Settings(types, conflictRule, sourcePriority, recencyDays, frequencyOrders, monetaryAmounts,
                influence, stages, tagRules, eventTags);
    }
}

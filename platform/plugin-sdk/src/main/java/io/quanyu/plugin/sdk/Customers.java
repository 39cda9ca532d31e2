package io.quanyu.plugin.sdk;

import org.jspecify.annotations.Nullable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The tenant's customers: find one by identity, read the customer 360 profile (identities, aggregates, scores, tags,
 * stage), tag it, keep the plugin's own facts on it, and ask whether it matches a rule of the condition language.
 * <p>
 * A customer merged into another since the plugin learned its id is followed to the survivor: {@link #profile}
 * answers the survivor's profile (its {@link Profile#id()} says so), and writes go to the survivor.
 */
@PublicApi
public interface Customers {

    /**
     * The {@code customer} record of whoever is known by this identity; empty when nobody is (or the identity is
     * not one the platform accepts). The value is normalised first (E.164 phones, lower-case e-mail), so
     * {@code Identity.of("phone", "138 0013 8000")} finds {@code +8613800138000}; a scoped type needs its scope.
     *
     * @since 1.1
     */
    Optional<Map<String, Object>> findByIdentity(Identity identity);

    /** {@link #findByIdentity(Identity)} for an unscoped type, for example {@code ("phone", "+8613800138000")}. */
    default Optional<Map<String, Object>> findByIdentity(String identityType, String value) {
        return findByIdentity(Identity.of(identityType, value));
    }

    /**
     * The customer's 360 profile; empty when the tenant has no such customer.
     *
     * @since 1.1
     */
    Optional<Profile> profile(String customerId);

    /**
     * Adds or removes a tag (1 to 64 letters, digits, {@code _} or {@code -}); the profile shows the plugin as its
     * source, and segments and journeys see the change at once ({@code TagsChanged}).
     *
     * @throws PluginException {@code REQUEST_VALIDATION_FAILED} for a bad tag, {@code CUSTOMER_NOT_FOUND}
     * @since 1.1
     */
    void tag(String customerId, String tag, boolean add);

    /**
     * Changes this plugin's facts on the customer's profile, which rules read as {@code plugins.<pluginId>.<name>}
     * (a follower's {@code followedAt}, a member's {@code tier}): names are a letter and up to 63 letters, digits or
     * {@code _}; values strings (at most 1,000 characters), finite numbers, booleans or lists of at most 100 of
     * those; a null value removes the fact; at most 50 facts per plugin and customer. Other plugins' facts are out
     * of reach. All or nothing.
     *
     * @throws PluginException {@code REQUEST_VALIDATION_FAILED} naming every wrong fact, {@code CUSTOMER_NOT_FOUND}
     * @since 1.1
     */
    void putFacts(String customerId, Map<String, @Nullable Object> facts);

    /**
     * Whether the customer matches a rule of the platform's condition language (the one segments, journeys and
     * promotions use), with the reasons: {@code {"all": [{"field": "aggregates.orders.count", "op": "gte", "value":
     * 2}, {"field": "plugins.loyalty.tier", "op": "eq", "value": "gold"}]}}. The rule reads what a segment's rule
     * reads: {@link Profile#facts()}, the keys of the segments the customer is in ({@code {"field": "segments", "op":
     * "contains", "value": "vip"}}), the tenant's uploaded lists they are on ({@code lists}) and their past events
     * ({@code behavior} conditions).
     *
     * @throws PluginException {@code REQUEST_VALIDATION_FAILED} for a rule that is not valid, {@code CUSTOMER_NOT_FOUND}
     * @since 1.1
     */
    Match matches(String customerId, Map<String, Object> rule);

    /**
     * {@link #matches(String, Map)} with something that happened beside the profile: {@code event} is put into the
     * facts the rule reads at {@code event}, so one rule can ask about the customer and about an event (an order's
     * amount, its channel, the weekday it was placed): {@code {"all": [{"field": "event.properties.channel", "op":
     * "eq", "value": "tmall"}, {"field": "plugins.loyalty.tier_main", "op": "eq", "value": "gold"}]}}. The map holds
     * what the plugin chooses (strings, numbers, booleans, lists and maps of those); a rule's {@code event.*} field
     * that it lacks is absent. A loyalty rule that multiplies an order's points on weekends is such a rule.
     *
     * @throws PluginException {@code REQUEST_VALIDATION_FAILED} for a rule that is not valid, {@code CUSTOMER_NOT_FOUND}
     * @since 1.1
     */
    Match matches(String customerId, Map<String, Object> rule, Map<String, Object> event);

    /**
     * What is wrong with a rule of the condition language, checked as {@link #matches} would read it but without a
     * customer: each problem as {@code <JSON pointer> <what is wrong>} ({@code /all/0/op unknown operator "equals"}).
     * Empty when the rule is valid. A plugin that keeps a rule (a coupon's audience, a tier's qualification) checks it
     * when it is defined, so that a bad rule is refused then rather than on every customer later.
     *
     * @since 1.1
     */
    List<String> ruleProblems(Map<String, Object> rule);

    /**
     * A customer's 360 profile.
     *
     * @param id         the customer's id (the survivor's, when the id asked for was merged into it)
     * @param record     the {@code customer} record, with the fields the plugin's caller may read
     * @param identities every identity the customer is known by, normalised
     * @param tags       the tag names
     * @param stage      the lifecycle stage ({@code stranger}, {@code member}, ... as the tenant's rules set it)
     * @param referredBy the customer who referred this one, if any
     * @param facts      what rules see: {@code aggregates} (firstSeen, lastSeen, counts by event type, channels,
     *                   orders, social), {@code scores} (influence, rfm), {@code tags}, {@code stage},
     *                   {@code identityTypes}, {@code plugins.<pluginId>} (every plugin's facts)
     * @since 1.1
     */
    @PublicApi
    record Profile(String id, Map<String, Object> record, List<Identity> identities, List<String> tags, String stage,
                   @Nullable String referredBy, Map<String, Object> facts) {
        public Profile {
            Objects.requireNonNull(id, "id");
            record = Collections.unmodifiableMap(new LinkedHashMap<>(record));
            identities = List.copyOf(identities);
            tags = List.copyOf(tags);
            facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        }
    }

    /**
     * Whether a customer matches a rule, and why.
     *
     * @param matched         the answer
     * @param explanation     the deciding reasons, in English
     * @param explanationZhCN the same in Chinese
     * @since 1.1
     */
    @PublicApi
    record Match(boolean matched, String explanation, String explanationZhCN) {
    }
}

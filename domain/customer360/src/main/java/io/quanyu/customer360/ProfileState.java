package io.quanyu.customer360;

import org.bson.Document;
import org.bson.types.Decimal128;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A customer profile's aggregates, kept up to date one event at a time (never by rescanning history): first and
 * last seen, counts per event type, channels, orders (the inputs of RFM), social figures, referral link, tags and
 * lifecycle stage with its history. Each event is applied once: the ids of the last {@value #RING} applied events
 * are kept with the state and written with it in one conditional update.
 * <p>
 * Standard event types with meaning: {@code order} and {@code order_refunded} ({@code amount}), {@code share},
 * {@code social.followers} ({@code followers} on the event's channel); any event with a {@code referrer} property
 * (a customer id) links a profile to the one who referred it, once.
 */
public final class ProfileState {
    static final int RING = 200;
    final String id;
    long version;
    boolean anonymous;
    Instant createdAt;
    @Nullable Instant firstSeen;
    @Nullable Instant lastSeen;
    final Map<String, Long> counts = new LinkedHashMap<>();
    final Set<String> channels = new LinkedHashSet<>();
    final Set<String> identityTypes = new LinkedHashSet<>();
    long ordersCount;
    BigDecimal ordersAmount = BigDecimal.ZERO;
    @Nullable Instant firstOrderAt;
    @Nullable Instant lastOrderAt;
    long shares;
    final Map<String, Long> followers = new LinkedHashMap<>();
    long referredVisitors;
    long referredCustomers;
    BigDecimal referredOrderValue = BigDecimal.ZERO;
    @Nullable String referredBy;
    final Map<String, Document> tags = new LinkedHashMap<>();
    /** Who removed tags since the last save, by tag ({@code manual}, {@code rule:<name>}, {@code plugin:<id>}); not stored. */
    final Map<String, String> untaggedBy = new LinkedHashMap<>();
    /**
     * The profile this survivor took in ({@code merged: true}) or gave back ({@code false}) since the last save, once
     * its identities and events moved; not stored. Its save announces the merge again, keyed by the survivor, so that
     * readers of events (segments' behaviour conditions) see the survivor after the move.
     */
    Map.@Nullable Entry<String, Boolean> regrouped;
    /** Facts plugins keep on the profile for conditions, by plugin id (see {@link PluginFacts}). */
    final Map<String, Document> facts = new LinkedHashMap<>();
    String stage = "stranger";
    final List<Document> stageHistory = new ArrayList<>();
    final List<String> applied = new ArrayList<>();
    @Nullable String mergedInto;
    /** The state as last stored: its changes since become the domain events of the next save. */
    Saved saved = new Saved("stranger", Set.of(), List.of(), null, Map.of());

    ProfileState(String id, Instant createdAt, boolean anonymous) {
        this.id = id;
        this.createdAt = createdAt;
        this.anonymous = anonymous;
    }

    /** What a save compares against to say what changed. */
    record Saved(String stage, Set<String> tags, List<String> applied, @Nullable String mergedInto,
                 Map<String, Document> facts) {
    }

    /** Marks the current state as stored. */
    void stored() {
        saved = new Saved(stage, Set.copyOf(tags.keySet()), List.copyOf(applied), mergedInto, PluginFacts.copy(facts));
        untaggedBy.clear();
        regrouped = null;
    }

    /** What applying an event to a profile means for another profile (the referrer). */
    record Effect(String target, String sourceEventId, long visitors, long customers, BigDecimal orderValue) {
    }

    /** Applies {@code event} once; returns what it means for other profiles (empty when it was already applied). */
    List<Effect> apply(TrackedEvent event) {
        if (applied.contains(event.eventId())) {
            return List.of();
        }
        remember(event.eventId());
        seen(event);
        List<Effect> effects = new ArrayList<>();
        switch (event.type()) {
            case "order" -> order(event.amount("amount"), event.time(), effects, event.eventId());
            case "order_refunded" -> refund(event.amount("amount"), effects, event.eventId());
            case "share" -> shares++;
            case "social.followers" -> followers.put(event.channel() == null ? "unknown" : event.channel(),
                    event.amount("followers").longValue());
            default -> {
            }
        }
        referral(event, effects);
        return effects;
    }

    private void seen(TrackedEvent event) {
        counts.merge(countKey(event.type()), 1L, Long::sum);
        if (OUTBOUND.contains(event.type())) {
            return;
        }
        firstSeen = firstSeen == null || event.time().isBefore(firstSeen) ? event.time() : firstSeen;
        lastSeen = lastSeen == null || event.time().isAfter(lastSeen) ? event.time() : lastSeen;
        if (event.channel() != null) {
            channels.add(event.channel());
        }
        event.identities().forEach(i -> identityTypes.add(i.type()));
        if (event.identities().stream().anyMatch(i -> PERSONAL.contains(i.type()))) {
            anonymous = false;
        }
    }

    /**
     * What the delivery service records about its own messages: counted, but not the customer being seen (a send
     * does not make a lapsed customer recent, nor put its channel among the customer's channels); opens, clicks,
     * unsubscribes and complaints are the customer's doing and count as seen.
     */
    static final Set<String> OUTBOUND = Set.of("message.sent", "message.skipped", "message.deferred",
            "message.failed", "message.accepted", "message.delivered", "message.bounced");

    /** Identity types that name a person; a profile without one is anonymous (a visitor, a device, an openid). */
    static final Set<String> PERSONAL = Set.of("member_no", "phone", "email");

    private void order(BigDecimal amount, Instant at, List<Effect> effects, String eventId) {
        boolean first = ordersCount == 0;
        ordersCount++;
        ordersAmount = ordersAmount.add(amount);
        firstOrderAt = firstOrderAt == null || at.isBefore(firstOrderAt) ? at : firstOrderAt;
        lastOrderAt = lastOrderAt == null || at.isAfter(lastOrderAt) ? at : lastOrderAt;
        if (referredBy != null) {
            effects.add(new Effect(referredBy, eventId, 0, first ? 1 : 0, amount));
        }
    }

    private void refund(BigDecimal amount, List<Effect> effects, String eventId) {
        ordersCount = Math.max(0, ordersCount - 1);
        ordersAmount = ordersAmount.subtract(amount).max(BigDecimal.ZERO);
        if (referredBy != null) {
            effects.add(new Effect(referredBy, eventId, 0, ordersCount == 0 ? -1 : 0, amount.negate()));
        }
    }

    private void referral(TrackedEvent event, List<Effect> effects) {
        String referrer = event.text("referrer");
        if (referrer == null || referredBy != null || referrer.equals(id)) {
            return;
        }
        referredBy = referrer;
        effects.add(new Effect(referrer, event.eventId(), 1, ordersCount > 0 ? 1 : 0, ordersAmount));
    }

    /** Applies what another profile's event means for this one (once per source event). */
    void receive(Effect effect) {
        String key = "ref:" + effect.sourceEventId();
        if (applied.contains(key)) {
            return;
        }
        remember(key);
        referredVisitors += effect.visitors();
        referredCustomers = Math.max(0, referredCustomers + effect.customers());
        referredOrderValue = referredOrderValue.add(effect.orderValue());
    }

    private void remember(String key) {
        applied.add(key);
        if (applied.size() > RING) {
            applied.removeFirst();
        }
    }

    /** Adds another profile's own aggregates and received referral figures to this one (a merge). */
    void absorb(ProfileState other) {
        regrouped = Map.entry(other.id, true);
        other.counts.forEach((k, v) -> counts.merge(k, v, Long::sum));
        channels.addAll(other.channels);
        identityTypes.addAll(other.identityTypes);
        firstSeen = min(firstSeen, other.firstSeen);
        lastSeen = max(lastSeen, other.lastSeen);
        ordersCount += other.ordersCount;
        ordersAmount = ordersAmount.add(other.ordersAmount);
        firstOrderAt = min(firstOrderAt, other.firstOrderAt);
        lastOrderAt = max(lastOrderAt, other.lastOrderAt);
        shares += other.shares;
        other.followers.forEach((k, v) -> followers.merge(k, v, Math::max));
        referredVisitors += other.referredVisitors;
        referredCustomers += other.referredCustomers;
        referredOrderValue = referredOrderValue.add(other.referredOrderValue);
        referredBy = referredBy != null ? referredBy : other.referredBy;
        other.tags.forEach(tags::putIfAbsent);
        PluginFacts.absorb(facts, other.facts);
        anonymous = anonymous && other.anonymous;
    }

    /** Clears what this profile's own events produced, keeping what other profiles' events gave it (a rebuild). */
    void resetOwn() {
        counts.clear();
        channels.clear();
        firstSeen = null;
        lastSeen = null;
        ordersCount = 0;
        ordersAmount = BigDecimal.ZERO;
        firstOrderAt = null;
        lastOrderAt = null;
        shares = 0;
        followers.clear();
        referredBy = null;
        applied.removeIf(k -> !k.startsWith("ref:"));
    }

    static String countKey(String type) {
        return type.replace(".", "__");
    }

    static String typeOfCountKey(String key) {
        return key.replace("__", ".");
    }

    private static @Nullable Instant min(@Nullable Instant a, @Nullable Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static @Nullable Instant max(@Nullable Instant a, @Nullable Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    long totalFollowers() {
        return followers.values().stream().mapToLong(Long::longValue).sum();
    }

    static Date date(@Nullable Instant i) {
        return i == null ? null : Date.from(i);
    }

    static Decimal128 decimal(BigDecimal d) {
        return new Decimal128(d);
    }
}

package io.quanyu.plugin.host;

import io.quanyu.core.call.CallContext;
import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.Tracked;

import java.util.List;
import java.util.Optional;

/**
 * Port: where plugins' events go and how their customers are found, for the call's tenant. {@link Customer360Events}
 * implements it on the guarded customer 360 service, so an event a plugin tracks joins the customer's timeline and
 * aggregates like any other.
 */
public interface CustomerEvents {

    /**
     * Stores each event (once per id) for the plugin's call, each on its own; a refused event is answered with its
     * code and reasons.
     */
    List<Tracked> track(CallContext call, List<Event> events);

    /**
     * The stored events among {@code ids} that belong to a customer, as subscribers receive them (identities as
     * stored, normalised); the others are left out.
     */
    List<io.quanyu.plugin.sdk.event.ReceivedEvent> received(CallContext call, List<String> ids);

    /** A page of a customer's events, newest first; a merged customer is followed to its survivor. */
    io.quanyu.plugin.sdk.event.EventPage query(CallContext call, io.quanyu.plugin.sdk.event.EventQuery query);

    /** The id of the customer who owns the identity, if any (none for an identity the platform would refuse). */
    Optional<String> findByIdentity(CallContext call, Identity identity);

    /** The customer's profile as the SDK shows it; empty when there is none (a merged id answers its survivor's). */
    Optional<io.quanyu.plugin.sdk.Customers.Profile> profile(CallContext call, String customerId);

    /** Adds or removes a tag, with the plugin as its source. */
    void tag(CallContext call, String customerId, String tag, boolean add);

    /** Changes the calling plugin's facts on the profile. */
    void putFacts(CallContext call, String customerId, java.util.Map<String, ?> facts);

    /** Whether the profile (with {@code event}, when given, at the facts' {@code event}) matches a rule of the condition language, and why. */
    io.quanyu.plugin.sdk.Customers.Match matches(CallContext call, String customerId, java.util.Map<String, Object> rule,
                                                 java.util.@org.jspecify.annotations.Nullable Map<String, Object> event);
}

package io.quanyu.plugin.host;

import io.quanyu.core.call.CallContext;
import io.quanyu.plugin.sdk.Event;

import java.util.Optional;

/**
 * Port: where plugins' events go and how their customers are found, for the call's tenant. {@link Customer360Events}
 * implements it on the guarded customer 360 service, so an event a plugin emits joins the customer's timeline and
 * aggregates like any other.
 */
public interface CustomerEvents {

    /** Stores the event (once per id) for the plugin's call; refuses an invalid one with the platform's error. */
    void emit(CallContext call, Event event);

    /** The id of the customer who owns the identity, if any. */
    Optional<String> findByIdentity(CallContext call, String type, String value);
}

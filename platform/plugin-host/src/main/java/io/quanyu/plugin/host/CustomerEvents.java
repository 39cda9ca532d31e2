package io.quanyu.plugin.host;

import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.plugin.sdk.Event;

import java.util.Optional;

/**
 * Port: where plugins' events go and how their customers are found, for the call's tenant. The server implements it
 * on the customer 360, so an event a plugin emits joins the customer's timeline and aggregates like any other.
 */
public interface CustomerEvents {

    /** Stores the event (once per id); refuses an invalid one with the platform's error. */
    void emit(TenantAccess.Handle tenant, String actor, Event event);

    /** The id of the customer who owns the identity, if any. */
    Optional<String> findByIdentity(TenantDatabase db, String type, String value);
}

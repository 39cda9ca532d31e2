package io.quanyu.plugin.sdk;

/** Emits behaviour events into the tenant's customer timeline and journeys. */
@PublicApi
public interface Events {

    /**
     * Records the event durably before returning. Emitting the same event id again is a no-op.
     *
     * @throws PluginException with code {@code EVENT_INVALID} when the event does not match its type's schema
     */
    void emit(Event event);
}

package io.quanyu.plugin.sdk.event;

import io.quanyu.plugin.sdk.PublicSpi;
import org.pf4j.ExtensionPoint;

/**
 * Receives the tenant's customer events of the types its subscription declares (manifest {@code subscriptions}),
 * bound by {@link #name()}: events tracked through the events API, the order feed, and by plugins (this one
 * included), for every tenant that has the plugin enabled, from the moment it was enabled.
 * <p>
 * Delivery is at least once and in order per customer: an event may come again (after a failure, or when a node
 * died before the platform noted the batch as done), so make {@link #onEvents} idempotent by
 * {@link io.quanyu.plugin.sdk.Event#id()}, for example with {@code store().putIfAbsent("seen:" + id, ...)}. The
 * platform keeps the subscription's position per tenant. Returning normally marks the batch done. Throwing (a
 * {@link io.quanyu.plugin.sdk.PluginException} or anything else, or running past the call's time limit) hands the
 * events over again, one at a time, with growing pauses; after the fifth failed attempt an event becomes a dead
 * letter, which the tenant sees (and may replay) on the plugin's page, and the next event follows. When the plugin
 * is busy with too many calls, the batch waits without counting an attempt.
 *
 * @since 1.1
 */
@PublicSpi
public interface EventSubscriber extends ExtensionPoint {

    /** The name the manifest declares, for example {@code rewardFirstOrder}. */
    String name();

    /** Handles a batch of at most {@link EventBatch#MAX_EVENTS} events, oldest first per customer. */
    void onEvents(EventBatch batch);
}

package io.quanyu.plugin.sdk.journey;

import io.quanyu.plugin.sdk.PublicSpi;
import org.pf4j.ExtensionPoint;

/**
 * Decides whether an event starts a journey for its customer (for example "scanned a one-item-one-code QR of product
 * X"). The trigger's name, the event types it listens to and its parameter schema are declared in the manifest's
 * {@code triggers}; the event types a plugin emits (its event source) are declared in {@code events}.
 */
@PublicSpi
public interface JourneyTrigger extends ExtensionPoint {

    /** The trigger's name in the manifest. */
    String name();

    /** Whether this event, with the journey's trigger parameters, starts the journey. */
    TriggerDecision evaluate(TriggerRequest request);
}

package io.quanyu.plugin.sdk.journey;

import io.quanyu.plugin.sdk.PublicSpi;
import org.pf4j.ExtensionPoint;

/**
 * A step a journey can take for one customer (issue a coupon, award points, call a partner, ...). Its name, labels
 * and parameter JSON Schema are declared in the manifest's {@code actions}; the journey canvas renders the
 * parameter form from that schema.
 */
@PublicSpi
public interface JourneyAction extends ExtensionPoint {

    /** The action's name in the manifest. */
    String name();

    /** Runs the action for one customer. The same {@code executionId} may arrive again after a crash: be idempotent. */
    ActionResult execute(ActionRequest request);
}

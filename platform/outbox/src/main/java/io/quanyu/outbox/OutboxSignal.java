package io.quanyu.outbox;

import io.quanyu.mongodb.TenantDatabase;

/**
 * Tells this node's relay that a document now holds events, so they move on at once instead of at the next sweep.
 * A lost signal (the node died) loses nothing: the sweep finds the document.
 */
@FunctionalInterface
public interface OutboxSignal {
    /** For stores used without a relay (tests, tools): the sweep still finds their events. */
    OutboxSignal NONE = (db, collection, id) -> {
    };

    void written(TenantDatabase db, String collection, Object id);
}

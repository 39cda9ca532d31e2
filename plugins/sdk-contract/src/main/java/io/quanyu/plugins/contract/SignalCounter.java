package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.PluginStore;
import io.quanyu.plugin.sdk.event.EventBatch;
import io.quanyu.plugin.sdk.event.EventSubscriber;
import io.quanyu.plugin.sdk.event.ReceivedEvent;
import org.pf4j.Extension;

import java.time.Duration;

/**
 * Subscription {@code signals} (events in): counts each customer's {@code sdkcontract.signal} events in the
 * plugin's store, at most once per event id (delivery is at least once), for {@code signalsSeen} to answer. A signal
 * whose text is {@code poison} is refused every time, so it ends as a dead letter the tenant sees.
 */
@Extension
public class SignalCounter implements EventSubscriber {
    static final String NAME = "signals";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void onEvents(EventBatch batch) {
        PluginStore store = batch.context().store();
        for (ReceivedEvent received : batch.events()) {
            if ("poison".equals(received.event().properties().get("text"))) {
                throw new PluginException("SIGNAL_POISONED", "signal " + received.event().id() + " is poison");
            }
            if (store.putIfAbsent("seen:" + received.event().id(), true, Duration.ofDays(7))) {
                store.increment(key(received.customerId()), 1, null);
            }
        }
    }

    static String key(String customerId) {
        return "signals:" + customerId;
    }
}

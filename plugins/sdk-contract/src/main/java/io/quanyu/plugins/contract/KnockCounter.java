package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.PluginStore;
import io.quanyu.plugin.sdk.event.EventBatch;
import io.quanyu.plugin.sdk.event.EventSubscriber;
import io.quanyu.plugin.sdk.event.ReceivedEvent;
import org.pf4j.Extension;

import java.time.Duration;

/**
 * Subscription {@code knocks}: the manifest's filter lets only signals whose text is {@code knock} through, so this
 * subscriber counts them without looking at the text, once per event id, for {@code signalsSeen} to answer.
 */
@Extension
public class KnockCounter implements EventSubscriber {

    @Override
    public String name() {
        return "knocks";
    }

    @Override
    public void onEvents(EventBatch batch) {
        PluginStore store = batch.context().store();
        for (ReceivedEvent received : batch.events()) {
            if (store.putIfAbsent("knock-seen:" + received.event().id(), true, Duration.ofDays(7))) {
                store.increment(key(received.customerId()), 1, null);
            }
        }
    }

    static String key(String customerId) {
        return "knocks:" + customerId;
    }
}

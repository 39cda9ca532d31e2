package com.example.hello;

import io.quanyu.plugin.sdk.PluginStore;
import io.quanyu.plugin.sdk.event.EventBatch;
import io.quanyu.plugin.sdk.event.EventSubscriber;
import io.quanyu.plugin.sdk.event.ReceivedEvent;
import org.pf4j.Extension;

import java.time.Duration;

/**
 * The {@code visits} subscription: counts each customer's {@code shop.visit} events in the plugin's store. An event
 * may come twice, so each is counted once, by its id; what a counted visit means for the customer is {@link Regulars}.
 */
@Extension
public class VisitCounter implements EventSubscriber {

    @Override
    public String name() {
        return "visits";
    }

    @Override
    public void onEvents(EventBatch batch) {
        PluginStore store = batch.context().store();
        for (ReceivedEvent received : batch.events()) {
            if (store.putIfAbsent("seen:" + received.event().id(), true, Duration.ofDays(30))) {
                long visits = store.increment(VisitsOperation.key(received.customerId()), 1, null);
                Regulars.visited(batch.context(), received.customerId(), visits);
            }
        }
    }
}

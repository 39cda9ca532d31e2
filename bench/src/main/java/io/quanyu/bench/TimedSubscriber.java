package io.quanyu.bench;

import io.quanyu.plugin.sdk.event.EventBatch;
import io.quanyu.plugin.sdk.event.EventSubscriber;
import io.quanyu.plugin.sdk.event.ReceivedEvent;
import org.pf4j.Extension;

/**
 * The subscriber of the benchmark's plugin: notes, in the plugin's store, when it received each event
 * ({@code got:<event id>} = {@link System#nanoTime()}, read before the write), for the benchmark to compare with
 * when the event's write returned (the same JVM's clock).
 */
@Extension
public class TimedSubscriber implements EventSubscriber {

    @Override
    public String name() {
        return "timed";
    }

    @Override
    public void onEvents(EventBatch batch) {
        long now = System.nanoTime();
        for (ReceivedEvent received : batch.events()) {
            batch.context().store().putIfAbsent("got:" + received.event().id(), now, null);
        }
    }
}

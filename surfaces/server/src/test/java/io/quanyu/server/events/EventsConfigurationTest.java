package io.quanyu.server.events;

import io.quanyu.messaging.Consents;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every store that writes domain events into its documents is a source of the node's event seam, so its sweep relays
 * what a node that died between the write and the relay left behind; other collections are not scanned.
 */
class EventsConfigurationTest {
    @Test
    void everyStoreThatWritesDomainEventsIsSwept() {
        var sources = EventsConfiguration.options("n1", Duration.ofSeconds(1), Duration.ofSeconds(15)).sources();
        assertThat(sources.test(Consents.COLLECTION)).as("consent (ConsentChanged)").isTrue();
        assertThat(sources.test(io.quanyu.segments.SegmentEngine.MEMBERSHIPS)).as("memberships (SegmentEntered)").isTrue();
        assertThat(sources.test("c360_profiles")).isTrue();
        assertThat(sources.test("r_customer")).isTrue();
        assertThat(sources.test("meta_objects")).isTrue();
        assertThat(sources.test("c360_events")).as("events carry no domain events").isFalse();
        assertThat(sources.test("msg_deliveries")).isFalse();
    }
}

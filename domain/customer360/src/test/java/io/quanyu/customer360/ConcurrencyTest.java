package io.quanyu.customer360;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.quanyu.customer360.C360Fixture.event;
import static org.assertj.core.api.Assertions.assertThat;

/** Overlapping batches from concurrent senders on the same profiles: no event lost, none counted twice. */
class ConcurrencyTest {
    final C360Fixture f = new C360Fixture();

    @Test
    void concurrentBatchesOnSharedProfilesCountEveryEventOnce() throws Exception {
        f.track("[" + event("seed", "page_view", "2026-05-01T08:00:00Z", "{\"device_id\": \"shared-0\"}") + "]");
        int senders = 4;
        int batches = 6;
        int perBatch = 50;
        try (var pool = Executors.newFixedThreadPool(senders)) {
            List<Future<List<EventResult>>> sent = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                for (int b = 0; b < batches; b++) {
                    StringBuilder json = new StringBuilder("[");
                    for (int i = 0; i < perBatch; i++) {
                        json.append(i == 0 ? "" : ",").append(event("c-" + s + "-" + b + "-" + i, "page_view",
                                "2026-05-01T09:00:00Z", "{\"device_id\": \"shared-" + (i % 5) + "\"}"));
                    }
                    String body = json + "]";
                    sent.add(pool.submit(() -> f.track(body)));
                }
            }
            for (var future : sent) {
                List<EventResult> results = future.get();
                assertThat(results).as("refusals: %s", results.stream().filter(r -> !"stored".equals(r.status()))
                        .map(r -> r.eventId() + " " + r.code() + " " + r.message()).toList())
                        .extracting(EventResult::status).containsOnly("stored");
            }
        }
        long total = 0;
        for (int d = 0; d < 5; d++) {
            String customer = f.track("[" + event("probe-" + d, "probe", "2026-05-02T08:00:00Z",
                    "{\"device_id\": \"shared-" + d + "\"}") + "]").getFirst().customerId();
            total += f.profile(customer).path("aggregates").path("counts").path("page_view").asLong();
        }
        assertThat(total).isEqualTo(1 + (long) senders * batches * perBatch);
    }
}

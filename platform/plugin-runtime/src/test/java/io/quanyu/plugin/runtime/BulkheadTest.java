package io.quanyu.plugin.runtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BulkheadTest {

    @Test
    void oneTenantGetsAtMostHalfAndTheReleaseAtMostItsCapacity() {
        Bulkhead bulkhead = new Bulkhead(5);

        assertThat(bulkhead.perTenant()).isEqualTo(3);
        assertThat(bulkhead.tryAcquire("acme")).isTrue();
        assertThat(bulkhead.tryAcquire("acme")).isTrue();
        assertThat(bulkhead.tryAcquire("acme")).isTrue();
        assertThat(bulkhead.tryAcquire("acme")).as("acme's share is full").isFalse();
        assertThat(bulkhead.tryAcquire("globex")).isTrue();
        assertThat(bulkhead.tryAcquire(null)).as("the platform's own calls count as a tenant").isTrue();
        assertThat(bulkhead.tryAcquire("initech")).as("the release is full").isFalse();
        assertThat(bulkhead.inUse()).isEqualTo(5);

        bulkhead.release("acme");
        assertThat(bulkhead.tryAcquire("initech")).isTrue();
        assertThat(bulkhead.tryAcquire("acme")).isFalse();
    }

    @Test
    void aBulkheadOfOneServesOneCallOfAnyTenant() {
        Bulkhead bulkhead = new Bulkhead(1);

        assertThat(bulkhead.tryAcquire("acme")).isTrue();
        assertThat(bulkhead.tryAcquire("globex")).isFalse();
        bulkhead.release("acme");
        assertThat(bulkhead.tryAcquire("globex")).isTrue();
    }

    /**
     * However much background work a tenant has queued (tasks of a burst of WeChat callbacks), it holds at most half of
     * the tenant's share, so the webhook that must answer WeChat within 5 seconds still finds room; the next background
     * call waits for a permit and gets the first one given back.
     */
    @Test
    void backgroundCallsHoldAtMostHalfSoCallsSomeoneWaitsForFindRoom() throws Exception {
        Bulkhead bulkhead = new Bulkhead(16);
        for (int i = 0; i < 4; i++) {
            assertThat(bulkhead.acquireBackground("acme", 0)).isTrue();
        }
        assertThat(bulkhead.acquireBackground("acme", 20)).as("acme's background half is full").isFalse();
        for (int i = 0; i < 4; i++) {
            assertThat(bulkhead.tryAcquire("acme")).as("webhook %d", i).isTrue();
        }
        assertThat(bulkhead.tryAcquire("acme")).as("acme's whole share is full").isFalse();
        assertThat(bulkhead.acquireBackground("globex", 0)).as("another tenant's background work").isTrue();

        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return bulkhead.acquireBackground("acme", 5_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertThat(waiting).isNotDone();
        bulkhead.release("acme");
        assertThat(waiting.isDone()).as("a webhook's permit is not a background one").isFalse();
        bulkhead.releaseBackground("acme");
        assertThat(waiting.get(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(bulkhead.inUse()).isEqualTo(8);
    }

    @Test
    void awaitIdleReturnsWhenTheLastCallEnds() throws Exception {
        Bulkhead bulkhead = new Bulkhead(2);
        bulkhead.tryAcquire("acme");
        assertThat(bulkhead.awaitIdle(50)).isFalse();

        Thread.ofPlatform().start(() -> bulkhead.release("acme"));

        assertThat(bulkhead.awaitIdle(5000)).isTrue();
        assertThat(bulkhead.inUse()).isZero();
    }
}

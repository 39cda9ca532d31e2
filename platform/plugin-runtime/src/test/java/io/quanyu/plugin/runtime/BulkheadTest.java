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

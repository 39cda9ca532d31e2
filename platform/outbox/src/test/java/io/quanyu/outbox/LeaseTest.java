package io.quanyu.outbox;

import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.testfixtures.InJvmMongoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseTest {
    @RegisterExtension
    static final InJvmMongoExtension MONGO = new InJvmMongoExtension();

    /**
     * A node that finds the position held by another (a node killed a moment ago, whose lease has not run out) is told
     * so, and takes it once the lease ran out; the upsert's duplicate key (a command error for findAndModify, not a
     * write error) used to escape as a delivery failure, logged at every round while the lease lasted.
     */
    @Test
    void aPositionHeldByAnotherNodeIsNotTakenUntilItsLeaseRunsOut() {
        TenantDatabase db = SeamFixture.tenant(MONGO.client(), SeamFixture.freshTenant());
        var positions = new EventLog(8).positions(db);
        Lease first = Lease.take(positions, "s|p0", "dead-node", 1_000, 10_000);
        assertThat(first).isNotNull();
        assertThat(first.advance(7, 1_000, 10_000)).isTrue();

        assertThat(Lease.take(positions, "s|p0", "new-node", 5_000, 10_000)).isNull();

        Lease taken = Lease.take(positions, "s|p0", "new-node", 11_001, 10_000);
        assertThat(taken).isNotNull();
        assertThat(taken.cursor()).isEqualTo(7);
        assertThat(first.advance(8, 11_002, 10_000)).isFalse();
    }
}

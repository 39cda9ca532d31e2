package io.quanyu.server.customers;

import io.quanyu.customer360.Customer360;
import io.quanyu.scheduling.Scheduler;
import io.quanyu.server.objects.ServedTenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Finishes what a crash interrupted: events stored and acknowledged whose aggregates were not applied yet (the
 * server died between the two) are applied on the next run. A recurring job of the scheduler, so one node of the
 * cluster runs it per period; applying is idempotent.
 */
@Component
class EventSweepJob {
    private static final Logger LOG = LoggerFactory.getLogger(EventSweepJob.class);
    private final ServedTenants tenants;
    private final Customer360 customers;

    EventSweepJob(ServedTenants tenants, Customer360 customers, Scheduler scheduler,
                  @Value("${quanyu.customer360.sweep-interval:15s}") Duration every) {
        this.tenants = tenants;
        this.customers = customers;
        scheduler.every("customer360.sweep", every, timer -> sweep());
    }

    void sweep() {
        tenants.sweep("event-sweep", (tenant, db) -> {
            int applied = customers.sweep(customers.ready(db), 1000);
            if (applied > 0) {
                LOG.info("applied {} events left unapplied by an earlier crash", applied);
            }
        });
    }
}

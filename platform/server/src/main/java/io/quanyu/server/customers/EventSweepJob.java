package io.quanyu.server.customers;

import io.quanyu.customer360.Customer360;
import io.quanyu.server.objects.ServedTenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finishes what a crash interrupted: events stored and acknowledged whose aggregates were not applied yet (the
 * server died between the two) are applied on the next run, on any node; applying is idempotent.
 */
@Component
class EventSweepJob {
    private static final Logger LOG = LoggerFactory.getLogger(EventSweepJob.class);
    private final ServedTenants tenants;
    private final Customer360 customers;

    EventSweepJob(ServedTenants tenants, Customer360 customers) {
        this.tenants = tenants;
        this.customers = customers;
    }

    @Scheduled(fixedDelayString = "${quanyu.customer360.sweep-interval:15s}", initialDelayString = "5s")
    void sweep() {
        var failures = tenants.forEach("event-sweep", (tenant, db) -> {
            int applied = customers.sweep(customers.ready(db), 1000);
            if (applied > 0) {
                LOG.info("applied {} events left unapplied by an earlier crash", applied);
            }
        });
        failures.forEach((tenant, e) -> LOG.warn("event sweep failed for {}", tenant, e));
    }
}

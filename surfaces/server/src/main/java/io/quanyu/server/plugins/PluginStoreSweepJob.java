package io.quanyu.server.plugins;

import io.quanyu.plugin.host.MongoPluginStore;
import io.quanyu.scheduling.Scheduler;
import io.quanyu.server.objects.ServedTenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

/**
 * Deletes plugin store entries that expired and were never written again (every operation already treats them as
 * gone). A recurring job of the scheduler, so one node of the cluster runs it per period.
 */
@Component
class PluginStoreSweepJob {
    private static final Logger LOG = LoggerFactory.getLogger(PluginStoreSweepJob.class);
    private final ServedTenants tenants;
    private final Clock clock;

    PluginStoreSweepJob(ServedTenants tenants, Clock clock, Scheduler scheduler,
                        @Value("${quanyu.plugins.store-sweep-interval:10m}") Duration every) {
        this.tenants = tenants;
        this.clock = clock;
        scheduler.every("plugins.store-sweep", every, timer -> sweep());
    }

    void sweep() {
        tenants.sweep("plugin-store-sweep", (tenant, db) -> {
            long deleted = MongoPluginStore.deleteExpired(db, clock.instant());
            if (deleted > 0) {
                LOG.debug("deleted {} expired plugin store entries of {}", deleted, tenant.id().value());
            }
        });
    }
}

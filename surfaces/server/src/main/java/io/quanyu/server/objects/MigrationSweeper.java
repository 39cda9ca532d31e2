package io.quanyu.server.objects;

import io.quanyu.records.MetadataService;
import io.quanyu.scheduling.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Resumes schema migrations that a stopped or crashed node left running: a migration without a heartbeat for
 * {@code quanyu.migrations.stale-after} is taken over. A recurring job of the scheduler, so one node of the cluster
 * looks per period.
 */
@Component
public class MigrationSweeper {
    private static final Logger log = LoggerFactory.getLogger(MigrationSweeper.class);
    private final ServedTenants tenants;
    private final MetadataService metadata;
    private final Duration staleAfter;

    public MigrationSweeper(ServedTenants tenants, MetadataService metadata, Scheduler scheduler,
                            @Value("${quanyu.migrations.stale-after:2m}") Duration staleAfter,
                            @Value("${quanyu.migrations.sweep-interval:30s}") Duration every) {
        this.tenants = tenants;
        this.metadata = metadata;
        this.staleAfter = staleAfter;
        scheduler.every("records.migration-sweep", every, timer -> run());
    }

    public void run() {
        tenants.sweep("migrations", (tenant, db) -> {
            int resumed = metadata.resumeStale(db, staleAfter);
            if (resumed > 0) {
                log.info("Resumed {} stopped migration(s) of tenant {}", resumed, tenant.id());
            }
        });
    }
}

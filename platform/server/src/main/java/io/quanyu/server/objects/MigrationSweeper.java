package io.quanyu.server.objects;

import io.quanyu.core.tenant.TenantRegistry;
import io.quanyu.core.tenant.TenantStatus;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.records.MetadataService;
import io.quanyu.server.security.BackgroundJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Resumes schema migrations that a stopped or crashed node left running: a migration without a heartbeat for
 * {@code quanyu.migrations.stale-after} is taken over by whichever node sweeps first.
 */
@Component
public class MigrationSweeper {
    private static final Logger log = LoggerFactory.getLogger(MigrationSweeper.class);
    private final TenantRegistry registry;
    private final MongoTenantDatabases databases;
    private final MetadataService metadata;
    private final Duration staleAfter;

    public MigrationSweeper(TenantRegistry registry, MongoTenantDatabases databases, MetadataService metadata,
                            @Value("${quanyu.migrations.stale-after:2m}") Duration staleAfter) {
        this.registry = registry;
        this.databases = databases;
        this.metadata = metadata;
        this.staleAfter = staleAfter;
    }

    @Scheduled(fixedDelayString = "${quanyu.migrations.sweep-interval:30s}", initialDelayString = "10s")
    public void run() {
        for (var tenant : registry.list()) {
            if (tenant.status() != TenantStatus.ACTIVE && tenant.status() != TenantStatus.SUSPENDED) {
                continue;
            }
            try {
                int resumed = metadata.resumeStale(databases.forTenant(BackgroundJobs.contextFor(tenant, "migrations")),
                        staleAfter);
                if (resumed > 0) {
                    log.info("Resumed {} stopped migration(s) of tenant {}", resumed, tenant.id());
                }
            } catch (RuntimeException e) {
                log.warn("Could not sweep the migrations of tenant {}", tenant.id(), e);
            }
        }
    }
}

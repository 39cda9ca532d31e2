package io.quanyu.server.objects;

import io.quanyu.core.tenant.TenantRegistry;
import io.quanyu.core.tenant.TenantStatus;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.records.SearchIndexer;
import io.quanyu.server.security.BackgroundJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps search current: every {@code quanyu.search.index-interval} it drains the outbox of every active tenant.
 * When Elasticsearch is unreachable it logs once per outage and tries again on the next run; writes never wait.
 */
@Component
public class SearchIndexerJob {
    private static final Logger log = LoggerFactory.getLogger(SearchIndexerJob.class);
    private final TenantRegistry registry;
    private final MongoTenantDatabases databases;
    private final SearchIndexer indexer;
    private volatile boolean failing;

    public SearchIndexerJob(TenantRegistry registry, MongoTenantDatabases databases, SearchIndexer indexer) {
        this.registry = registry;
        this.databases = databases;
        this.indexer = indexer;
    }

    @Scheduled(fixedDelayString = "${quanyu.search.index-interval:500ms}", initialDelayString = "2s")
    public void run() {
        boolean ok = true;
        for (var tenant : registry.list()) {
            if (tenant.status() != TenantStatus.ACTIVE && tenant.status() != TenantStatus.SUSPENDED) {
                continue;
            }
            MDC.put("tenant", tenant.id().value());
            try {
                indexer.drain(databases.forTenant(BackgroundJobs.contextFor(tenant, "search-indexer")));
            } catch (RuntimeException e) {
                ok = false;
                failed(e);
            } finally {
                MDC.remove("tenant");
            }
        }
        if (ok) {
            recovered();
        }
    }

    private void recovered() {
        if (failing) {
            failing = false;
            log.info("Search indexing works again; the outbox is being drained");
        }
    }

    private void failed(RuntimeException e) {
        if (!failing) {
            failing = true;
            log.warn("Search indexing paused: {}; records stay in the outbox until it recovers", e.getMessage(), e);
        }
    }
}

package io.quanyu.server.objects;

import io.quanyu.records.SearchIndexer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps search current: every {@code quanyu.search.index-interval} it drains the outbox of every active tenant.
 * When Elasticsearch is unreachable it logs once per outage and tries again on the next run; writes never wait.
 */
@Component
public class SearchIndexerJob {
    private static final Logger log = LoggerFactory.getLogger(SearchIndexerJob.class);
    private final ServedTenants tenants;
    private final SearchIndexer indexer;
    private volatile boolean failing;

    public SearchIndexerJob(ServedTenants tenants, SearchIndexer indexer) {
        this.tenants = tenants;
        this.indexer = indexer;
    }

    @Scheduled(fixedDelayString = "${quanyu.search.index-interval:500ms}", initialDelayString = "2s")
    public void run() {
        var failures = tenants.forEach("search-indexer", (tenant, db) -> indexer.drain(db));
        if (failures.isEmpty()) {
            recovered();
        } else {
            failed(failures.values().iterator().next());
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

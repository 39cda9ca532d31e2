package io.quanyu.ui.records;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The builder's background CSV imports: at most two at a time for the whole server (each one writes row by row);
 * more wait their turn. Closed with the application context.
 */
public final class ImportJobs implements AutoCloseable {
    private final ExecutorService pool = Executors.newFixedThreadPool(2,
            Thread.ofPlatform().name("builder-import-", 0).daemon(true).factory());

    void submit(Runnable job) {
        pool.execute(job);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}

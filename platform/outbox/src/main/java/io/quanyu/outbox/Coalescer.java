package io.quanyu.outbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Runs work for a key on an executor, one run at a time per key: asking again while it runs makes it run once more
 * afterwards, however often it was asked. So a burst of signals for one partition or document costs one or two
 * passes, and no signal is lost.
 */
final class Coalescer {
    private enum Run { RUNNING, AGAIN }

    private final Map<String, Run> running = new ConcurrentHashMap<>();
    private final Executor executor;

    Coalescer(Executor executor) {
        this.executor = executor;
    }

    void run(String key, Runnable work) {
        if (running.compute(key, (k, state) -> state == null ? Run.RUNNING : Run.AGAIN) != Run.RUNNING) {
            return;
        }
        executor.execute(() -> {
            do {
                work.run();
            } while (running.compute(key, (k, state) -> state == Run.AGAIN ? Run.RUNNING : null) != null);
        });
    }
}

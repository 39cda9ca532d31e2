package io.quanyu.core.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Calls made at about the same time, taken together: a caller's item joins the open batch of its key; the batch's first
 * caller waits up to {@code gather} for others (or until {@code max} have joined), then does the batch's work for all
 * of them on its own thread, and each caller returns once the work is done, throwing what the work says failed for
 * its item (or what the whole batch threw). Once a batch closes the next caller of its key opens another, so batches
 * of one key may run at the same time, each with its own items.
 *
 * @param <K> what batches are kept apart by (a tenant)
 * @param <T> a caller's item
 */
public final class Coalescer<K, T> {
    /** The work of one batch: answers, by item, what failed (the others are done). */
    @FunctionalInterface
    public interface Work<K, T> {
        Map<T, RuntimeException> run(K key, List<T> items);
    }

    private final Duration gather;
    private final int max;
    private final Work<K, T> work;
    private final Map<K, Batch<T>> open = new HashMap<>();

    private static final class Batch<T> {
        final List<T> items = new ArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);
        Map<T, RuntimeException> failed = Map.of();
        RuntimeException all;
    }

    public Coalescer(Duration gather, int max, Work<K, T> work) {
        if (gather.isNegative() || max < 1) {
            throw new IllegalArgumentException("gather must not be negative and max must be positive");
        }
        this.gather = gather;
        this.max = max;
        this.work = work;
    }

    /** Joins {@code item} to its key's batch and returns when the batch's work is done; throws what failed for it. */
    public void submit(K key, T item) throws InterruptedException {
        Batch<T> batch;
        boolean leads;
        synchronized (this) {
            batch = open.get(key);
            leads = batch == null;
            if (leads) {
                batch = new Batch<>();
                open.put(key, batch);
            }
            batch.items.add(item);
            if (batch.items.size() >= max) {
                open.remove(key, batch);
                notifyAll();
            }
        }
        if (leads) {
            List<T> items;
            boolean interrupted = false;
            synchronized (this) {
                long until = System.nanoTime() + gather.toNanos();
                try {
                    for (long left = gather.toNanos(); open.get(key) == batch && left > 0; left = until - System.nanoTime()) {
                        wait(Math.max(1, left / 1_000_000));
                    }
                } catch (InterruptedException e) {
                    interrupted = true; // the batch still runs: its other callers wait for it
                }
                open.remove(key, batch);
                items = List.copyOf(batch.items);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            try {
                batch.failed = work.run(key, items);
            } catch (RuntimeException e) {
                batch.all = e;
            } finally {
                batch.done.countDown();
            }
        } else {
            batch.done.await();
        }
        RuntimeException failed = batch.all != null ? batch.all : batch.failed.get(item);
        if (failed != null) {
            throw failed;
        }
    }
}

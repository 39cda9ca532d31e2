package io.quanyu.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/** Runs a number of calls spread over platform threads and answers calls per second; the first failure is thrown. */
final class Parallel {

    private Parallel() {
    }

    static double rate(int threads, int operations, IntConsumer call) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        CountDownLatch done = new CountDownLatch(threads);
        Throwable[] failure = new Throwable[1];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().start(() -> {
                try {
                    for (long i = next.getAndIncrement(); i < operations; i = next.getAndIncrement()) {
                        call.accept((int) i);
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        if (failure[0] != null) {
            throw new IllegalStateException("a benchmark call failed", failure[0]);
        }
        return operations / ((System.nanoTime() - start) / 1e9);
    }
}

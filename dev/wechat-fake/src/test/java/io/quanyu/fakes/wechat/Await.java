package io.quanyu.fakes.wechat;

import java.util.function.BooleanSupplier;

/** Waits for something the fake does in the background (template job results). */
final class Await {

    private Await() {
    }

    static void until(BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + 5_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

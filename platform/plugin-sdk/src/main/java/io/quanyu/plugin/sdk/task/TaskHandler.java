package io.quanyu.plugin.sdk.task;

import io.quanyu.plugin.sdk.PublicSpi;
import org.pf4j.ExtensionPoint;

/**
 * Runs the plugin's tasks of one kind ({@link io.quanyu.plugin.sdk.Tasks}). Bound by {@link #name()} to an entry of
 * the manifest's {@code tasks}. A task may run more than once (after a crash, or when its result was lost): make
 * {@link #run} idempotent, for example keyed by {@link TaskRequest#key()}.
 *
 * @since 1.1
 */
@PublicSpi
public interface TaskHandler extends ExtensionPoint {

    /** The name the manifest declares, for example {@code expireReservation}. */
    String name();

    /** Runs one task; answers done, a retry after a delay, or a failure (recorded, not retried). */
    TaskResult run(TaskRequest request);
}

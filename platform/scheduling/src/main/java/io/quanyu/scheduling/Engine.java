package io.quanyu.scheduling;

import java.time.Clock;
import java.util.concurrent.Semaphore;

/** What the parts of one node share: the store, its leases, the firing logic and the handler permits. */
record Engine(Store store, Leases leases, Firing firing, Semaphore workers, SchedulerOptions options, Clock clock) {
}

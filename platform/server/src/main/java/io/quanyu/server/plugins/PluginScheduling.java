package io.quanyu.server.plugins;

import io.quanyu.plugin.host.PluginJobs;
import io.quanyu.plugin.host.PluginSync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** This node's plugin housekeeping: follow installation changes made on any node, and run due plugin jobs. */
@Component
class PluginScheduling {
    private static final Logger LOG = LoggerFactory.getLogger(PluginScheduling.class);
    private final PluginSync sync;
    private final PluginJobs jobs;

    PluginScheduling(PluginSync sync, PluginJobs jobs) {
        this.sync = sync;
        this.jobs = jobs;
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${quanyu.plugins.sync-interval}")
    void follow() {
        try {
            sync.tick();
        } catch (RuntimeException e) {
            LOG.warn("plugin sync failed; retrying at the next tick", e);
        }
    }

    @Scheduled(initialDelayString = "${quanyu.plugins.job-interval}", fixedDelayString = "${quanyu.plugins.job-interval}")
    void runJobs() {
        try {
            jobs.runDue();
        } catch (RuntimeException e) {
            LOG.warn("plugin jobs failed; retrying at the next interval", e);
        }
    }
}

package io.quanyu.server.plugins;

import io.quanyu.plugin.host.PluginSync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * This node's plugin housekeeping: follow installation changes made on any node, and subscribe the event seam to
 * the subscriptions of the releases loaded here. (Plugins' scheduled jobs are cluster
 * work and run on the scheduler, see {@code PluginsConfiguration}.)
 */
@Component
class PluginScheduling {
    private static final Logger LOG = LoggerFactory.getLogger(PluginScheduling.class);
    private final PluginSync sync;
    private final io.quanyu.plugin.host.PluginSubscriptions subscriptions;

    PluginScheduling(PluginSync sync, io.quanyu.plugin.host.PluginSubscriptions subscriptions) {
        this.sync = sync;
        this.subscriptions = subscriptions;
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${quanyu.plugins.sync-interval}")
    void follow() {
        try {
            sync.tick();
            subscriptions.refresh();
        } catch (RuntimeException e) {
            LOG.warn("plugin sync failed; retrying at the next tick", e);
        }
    }
}

package io.quanyu.server.config;

import java.util.UUID;

/**
 * This node's name among the nodes of the cluster: process id plus a random part, so a restarted process is a new
 * node. The event seam's leases, the scheduler's leases and the plugin host's directory carry it.
 */
public record NodeName(String id) {

    public static NodeName random() {
        return new NodeName("node-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }
}

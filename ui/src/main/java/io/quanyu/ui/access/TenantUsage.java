package io.quanyu.ui.access;

import java.util.List;

/**
 * The port through which the builder reads a tenant's quota usage: the server implements it from the counters it
 * keeps (records, installed plugins, API calls of this minute) and the tenant's model.
 */
@FunctionalInterface
public interface TenantUsage {

    /** Every quota of the workspace's tenant with its limit and current use. */
    List<QuotaUse> of(Workspace workspace);
}

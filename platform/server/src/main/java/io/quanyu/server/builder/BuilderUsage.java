package io.quanyu.server.builder;

import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.MongoApiRateLimiter;
import io.quanyu.plugin.host.MongoInstallations;
import io.quanyu.records.ObjectInfo;
import io.quanyu.records.Records;
import io.quanyu.ui.access.QuotaUse;
import io.quanyu.ui.access.TenantUsage;
import io.quanyu.ui.access.Workspace;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The builder's quota usage, from the same counters that enforce the quotas: the record counter, the installed
 * plugins, this minute's API calls (the API's rate limiter) and the tenant's object types.
 */
@Component
class BuilderUsage implements TenantUsage {
    private final Records records;
    private final MongoInstallations plugins;
    private final MongoApiRateLimiter calls;

    BuilderUsage(Records records, MongoInstallations plugins, MongoApiRateLimiter calls) {
        this.records = records;
        this.plugins = plugins;
        this.calls = calls;
    }

    @Override
    public List<QuotaUse> of(Workspace workspace) {
        Quotas quotas = workspace.quotas();
        TenantId tenant = workspace.context().tenant();
        List<ObjectInfo> objects = records.objects(workspace.call());
        long custom = objects.stream().filter(o -> !o.type().standard()).count();
        long widest = objects.stream().mapToLong(o -> o.type().fields().size()).max().orElse(0);
        return List.of(
                new QuotaUse(QuotaUse.RECORDS, records.recordCount(workspace.call()), quotas.maxRecords()),
                new QuotaUse(QuotaUse.OBJECT_TYPES, custom, quotas.maxObjectTypes()),
                new QuotaUse(QuotaUse.FIELDS_PER_OBJECT, widest, quotas.maxFieldsPerObject()),
                new QuotaUse(QuotaUse.PLUGINS, plugins.count(tenant), quotas.maxPlugins()),
                new QuotaUse(QuotaUse.API_CALLS_PER_MINUTE, calls.used(tenant), quotas.apiCallsPerMinute()));
    }
}

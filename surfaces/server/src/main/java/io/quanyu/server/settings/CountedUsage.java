package io.quanyu.server.settings;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.settings.QuotaUse;
import io.quanyu.core.settings.TenantUsage;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.MongoApiRateLimiter;
import io.quanyu.plugin.host.MongoInstallations;
import io.quanyu.records.ObjectInfo;
import io.quanyu.records.Records;

import java.util.List;

/**
 * A tenant's quota usage, from the same counters that enforce the quotas: the record counter, the installed
 * plugins, this minute's API calls (the API's rate limiter) and the tenant's object types.
 */
final class CountedUsage implements TenantUsage {
    private final Records records;
    private final MongoInstallations plugins;
    private final MongoApiRateLimiter calls;

    CountedUsage(Records records, MongoInstallations plugins, MongoApiRateLimiter calls) {
        this.records = records;
        this.plugins = plugins;
        this.calls = calls;
    }

    @Override
    public List<QuotaUse> of(CallContext call) {
        Quotas quotas = call.quotas();
        TenantId tenant = call.tenant();
        List<ObjectInfo> objects = records.objects(call);
        long custom = objects.stream().filter(o -> !o.type().standard()).count();
        long widest = objects.stream().mapToLong(o -> o.type().fields().size()).max().orElse(0);
        return List.of(
                new QuotaUse(QuotaUse.RECORDS, records.recordCount(call), quotas.maxRecords()),
                new QuotaUse(QuotaUse.OBJECT_TYPES, custom, quotas.maxObjectTypes()),
                new QuotaUse(QuotaUse.FIELDS_PER_OBJECT, widest, quotas.maxFieldsPerObject()),
                new QuotaUse(QuotaUse.PLUGINS, plugins.count(tenant), quotas.maxPlugins()),
                new QuotaUse(QuotaUse.API_CALLS_PER_MINUTE, calls.used(tenant), quotas.apiCallsPerMinute()));
    }
}

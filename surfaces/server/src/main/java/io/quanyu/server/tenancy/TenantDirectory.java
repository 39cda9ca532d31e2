package io.quanyu.server.tenancy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quanyu.core.tenant.Tenant;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.core.tenant.TenantRegistry;
import io.quanyu.server.config.QuanyuProperties;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The registry as seen on the request path: looked up once per tenant per TTL (1 s by default), so a suspension
 * made through another node takes effect here within that time, and at once on the node that made it.
 */
@Component
public class TenantDirectory {
    private final TenantRegistry registry;
    private final Cache<TenantId, Optional<Tenant>> cache;

    public TenantDirectory(TenantRegistry registry, QuanyuProperties properties) {
        this.registry = registry;
        this.cache = Caffeine.newBuilder().expireAfterWrite(properties.tenantCacheTtl()).maximumSize(100_000).build();
    }

    public Optional<Tenant> find(TenantId id) {
        return cache.get(id, registry::find);
    }

    public void forget(TenantId id) {
        cache.invalidate(id);
    }
}

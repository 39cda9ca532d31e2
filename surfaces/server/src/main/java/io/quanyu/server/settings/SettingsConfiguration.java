package io.quanyu.server.settings;

import io.quanyu.core.identity.ApiClients;
import io.quanyu.core.identity.TenantUsers;
import io.quanyu.core.settings.TenantSettings;
import io.quanyu.mongodb.MongoApiRateLimiter;
import io.quanyu.plugin.host.MongoInstallations;
import io.quanyu.records.Records;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The guarded tenant settings service (users and API clients in Keycloak, quota usage from the counters that
 * enforce the quotas), for every surface that shows the settings.
 */
@Configuration(proxyBeanMethods = false)
class SettingsConfiguration {

    @Bean
    TenantSettings tenantSettings(TenantUsers users, ApiClients clients, Records records, MongoInstallations plugins,
                                  MongoApiRateLimiter calls) {
        return new TenantSettings(users, clients, new CountedUsage(records, plugins, calls));
    }
}

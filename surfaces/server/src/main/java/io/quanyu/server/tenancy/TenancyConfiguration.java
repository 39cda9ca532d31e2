package io.quanyu.server.tenancy;

import io.quanyu.core.ratelimit.ApiRateLimiter;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.core.tenant.TenantLifecycle;
import io.quanyu.server.config.QuanyuProperties;
import io.quanyu.server.web.ErrorResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Set;

/** The tenant guard (kept out of the servlet container's own filter list) and the demo tenants' registration. */
@Configuration(proxyBeanMethods = false)
public class TenancyConfiguration {
    private static final Logger log = LoggerFactory.getLogger(TenancyConfiguration.class);

    @Bean
    TenantGuardFilter tenantGuardFilter(TenantDirectory directory, ApiRateLimiter limiter, ErrorResponses errors) {
        return new TenantGuardFilter(directory, limiter, errors);
    }

    @Bean
    FilterRegistrationBean<TenantGuardFilter> tenantGuardRegistration(TenantGuardFilter filter) {
        var registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }

    /**
     * The dev realm ships users of the demo tenants; register those tenants (database, index template) at start so
     * their users can call the API. Their Keycloak users already exist, so the Keycloak step is skipped.
     */
    @Bean
    ApplicationRunner demoTenants(TenantLifecycle lifecycle, QuanyuProperties properties) {
        return args -> {
            for (var demo : properties.demoTenants() == null ? java.util.List.<QuanyuProperties.DemoTenant>of()
                    : properties.demoTenants()) {
                try {
                    lifecycle.adopt(TenantId.of(demo.id()), demo.name(), Quotas.DEFAULT, Set.of("keycloak"));
                } catch (RuntimeException e) {
                    log.warn("Demo tenant {} not registered: {}", demo.id(), e.getMessage());
                }
            }
        };
    }
}

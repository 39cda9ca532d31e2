package io.quanyu.ui;

import io.quanyu.plugin.host.Plugins;
import io.quanyu.core.identity.ApiClients;
import io.quanyu.core.identity.TenantUsers;
import io.quanyu.records.Records;
import io.quanyu.customer360.Customers;
import io.quanyu.ui.access.CurrentTenant;
import io.quanyu.ui.access.PluginWorkspace;
import io.quanyu.ui.access.LayoutWorkspace;
import io.quanyu.ui.access.CustomerWorkspace;
import io.quanyu.ui.access.TenantSettings;
import io.quanyu.ui.access.TenantUsage;
import io.quanyu.ui.access.TenantWorkspace;
import io.quanyu.ui.i18n.BuilderTranslations;
import io.quanyu.ui.records.ImportJobs;
import com.vaadin.flow.spring.annotation.EnableVaadin;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The builder's beans. The host (the server) provides {@link CurrentTenant}, the guarded {@link Records} and
 * {@link Customers} services, the guarded {@link Plugins}, and for the tenant settings {@link TenantUsers}, {@link ApiClients} and {@link TenantUsage}. Vaadin scans {@code io.quanyu.ui} for routes ({@code @EnableVaadin}; the host application's
 * own package is not a UI package) and only that package ({@code vaadin.allowed-packages}).
 */
@Configuration(proxyBeanMethods = false)
@EnableVaadin("io.quanyu.ui")
public class BuilderUiConfiguration {

    @Bean
    TenantWorkspace tenantWorkspace(CurrentTenant current, Records records) {
        return new TenantWorkspace(current, records);
    }

    @Bean
    PluginWorkspace pluginWorkspace(CurrentTenant current, Plugins plugins) {
        return new PluginWorkspace(current, plugins);
    }

    @Bean
    LayoutWorkspace layoutWorkspace(CurrentTenant current, Records records) {
        return new LayoutWorkspace(current, records);
    }

    @Bean(destroyMethod = "close")
    ImportJobs importJobs() {
        return new ImportJobs();
    }

    @Bean
    CustomerWorkspace customerWorkspace(CurrentTenant current, Customers customers) {
        return new CustomerWorkspace(current, customers);
    }

    @Bean
    TenantSettings tenantSettings(CurrentTenant current, TenantUsers users, ApiClients clients, TenantUsage usage) {
        return new TenantSettings(current, users, clients, usage);
    }

    @Bean
    BuilderTranslations builderTranslations() {
        return new BuilderTranslations();
    }
}

package io.quanyu.ui;

import io.quanyu.plugin.host.Plugins;
import io.quanyu.core.settings.TenantSettings;
import io.quanyu.records.Records;
import io.quanyu.customer360.Customers;
import io.quanyu.ui.access.CurrentTenant;
import io.quanyu.ui.access.PluginWorkspace;
import io.quanyu.ui.access.LayoutWorkspace;
import io.quanyu.ui.access.MessagingWorkspace;
import io.quanyu.ui.access.SegmentsWorkspace;
import io.quanyu.ui.access.CustomerWorkspace;
import io.quanyu.ui.access.SettingsWorkspace;
import io.quanyu.ui.access.TenantWorkspace;
import io.quanyu.ui.i18n.BuilderTranslations;
import io.quanyu.ui.records.ImportJobs;
import com.vaadin.flow.spring.annotation.EnableVaadin;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The builder's beans. The host (the server) provides {@link CurrentTenant}, the guarded {@link Records} and
 * {@link Customers} services, the guarded {@link Plugins}, the guarded {@link TenantSettings}, and the guarded
 * messaging and segments services. Vaadin scans
 * {@code io.quanyu.ui} for routes ({@code @EnableVaadin}; the host application's own package is not a UI package)
 * and only that package ({@code vaadin.allowed-packages}).
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
    SettingsWorkspace settingsWorkspace(CurrentTenant current, TenantSettings settings) {
        return new SettingsWorkspace(current, settings);
    }

    @Bean
    MessagingWorkspace messagingWorkspace(CurrentTenant current, io.quanyu.messaging.Messaging messaging,
                                          io.quanyu.messaging.Broadcasts broadcasts, io.quanyu.segments.Segments segments) {
        return new MessagingWorkspace(current, messaging, broadcasts, segments);
    }

    @Bean
    SegmentsWorkspace segmentsWorkspace(CurrentTenant current, io.quanyu.segments.Segments segments) {
        return new SegmentsWorkspace(current, segments);
    }

    @Bean
    io.quanyu.ui.access.JourneysWorkspace journeysWorkspace(CurrentTenant current, io.quanyu.journeys.Journeys journeys,
                                                            io.quanyu.messaging.Messaging messaging,
                                                            io.quanyu.segments.Segments segments, Records records) {
        return new io.quanyu.ui.access.JourneysWorkspace(current, journeys, messaging, segments, records);
    }

    @Bean
    BuilderTranslations builderTranslations() {
        return new BuilderTranslations();
    }
}

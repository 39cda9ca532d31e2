package io.quanyu.ui;

import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.ui.access.CurrentTenant;
import io.quanyu.ui.access.TenantWorkspace;
import io.quanyu.ui.i18n.BuilderTranslations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The builder's beans. The host (the server) provides {@link CurrentTenant}, {@link MetadataService} and
 * {@link RecordService}; Vaadin finds the routes under {@code io.quanyu.ui} ({@code vaadin.allowed-packages}).
 */
@Configuration(proxyBeanMethods = false)
public class BuilderUiConfiguration {

    @Bean
    TenantWorkspace tenantWorkspace(CurrentTenant current, MetadataService metadata, RecordService records) {
        return new TenantWorkspace(current, metadata, records);
    }

    @Bean
    BuilderTranslations builderTranslations() {
        return new BuilderTranslations();
    }
}

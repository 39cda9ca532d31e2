package io.quanyu.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.vaadin.flow.router.Route;
import io.quanyu.core.identity.ApiClients;
import io.quanyu.core.identity.TenantUsers;
import io.quanyu.core.settings.TenantUsage;
import io.quanyu.core.tenant.TenantContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Module boundaries, checked on every build. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.quanyu");
    }

    @Test
    void coreUsesNoFrameworkOrStoreTypes() {
        noClasses().that().resideInAPackage("io.quanyu.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..",
                        "org.bson..", "co.elastic..", "org.elasticsearch..", "org.keycloak..", "jakarta..",
                        "tools.jackson..", "io.quanyu.server..", "io.quanyu.mongodb..", "io.quanyu.search..",
                        "io.quanyu.identity..")
                .check(classes);
    }

    @Test
    void adaptersStayIndependentOfEachOtherAndOfTheServer() {
        noClasses().that().resideInAPackage("io.quanyu.mongodb..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quanyu.search..", "io.quanyu.identity..",
                        "io.quanyu.server..", "org.springframework..")
                .check(classes);
        noClasses().that().resideInAPackage("io.quanyu.search..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quanyu.mongodb..", "io.quanyu.identity..",
                        "io.quanyu.server..", "org.springframework..")
                .check(classes);
        noClasses().that().resideInAPackage("io.quanyu.identity..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quanyu.mongodb..", "io.quanyu.search..",
                        "io.quanyu.server..", "org.springframework..")
                .check(classes);
    }

    @Test
    void objectMetadataAndRecordsStayFreeOfTheWebAndOfOtherStores() {
        noClasses().that().resideInAPackage("io.quanyu.objects..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..",
                        "org.bson..", "co.elastic..", "io.quanyu.server..", "io.quanyu.mongodb..", "io.quanyu.records..")
                .check(classes);
        noClasses().that().resideInAPackage("io.quanyu.records..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "co.elastic..",
                        "io.quanyu.server..", "io.quanyu.search..", "jakarta.servlet..")
                .check(classes);
    }

    @Test
    void theEventSeamAndTheCallContextAreGroundThatKnowsNoFeature() {
        noClasses().that().resideInAPackage("io.quanyu.outbox..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.quanyu.server..",
                        "io.quanyu.records..", "io.quanyu.objects..", "io.quanyu.customer360..", "io.quanyu.graphql..",
                        "io.quanyu.plugin..", "io.quanyu.marketplace..", "io.quanyu.ui..", "io.quanyu.search..")
                .because("features publish and subscribe through the seam; the seam names none of them")
                .check(classes);
        noClasses().that().resideInAPackage("io.quanyu.core.call..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quanyu.mongodb..", "org.bson..", "com.mongodb..")
                .because("the call context travels from the edge down; only store adapters hold database handles")
                .check(classes);
    }

    @Test
    void pluginLayersDependOneWayAndKeepFrameworksAway() {
        noClasses().that().resideInAnyPackage("io.quanyu.plugin.pkg..", "io.quanyu.plugin.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..",
                        "org.bson..", "io.quanyu.server..", "io.quanyu.mongodb..", "io.quanyu.records..",
                        "io.quanyu.marketplace..", "io.quanyu.plugin.host..", "io.quanyu.graphql..")
                .check(classes);
        noClasses().that().resideInAnyPackage("io.quanyu.marketplace..", "io.quanyu.plugin.host..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.quanyu.server..",
                        "jakarta.servlet..")
                .check(classes);
        noClasses().that().resideInAPackage("io.quanyu.marketplace..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quanyu.graphql..", "io.quanyu.plugin.host..")
                .check(classes);
        noClasses().that().resideInAPackage("io.quanyu.graphql..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quanyu.plugin..", "io.quanyu.marketplace..",
                        "io.quanyu.customer360..", "io.quanyu.outbox..", "io.quanyu.server..", "io.quanyu.ui..")
                .because("graphql-schema assembles what features contribute (SchemaContribution) and names none of them")
                .check(classes);
        noClasses().that().resideInAnyPackage("io.quanyu.customer360..", "io.quanyu.conditions..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.quanyu.server..",
                        "io.quanyu.graphql..", "io.quanyu.plugin..", "jakarta.servlet..")
                .check(classes);
    }

    @Test
    void onlyTheSecurityLayerMakesATenantContext() {
        noClasses().that().resideOutsideOfPackage("io.quanyu.server.security..")
                .should().callConstructorWhere(target(owner(assignableTo(TenantContext.class))))
                .because("the tenant of a request comes only from its verified token")
                .check(classes);
    }

    @Test
    void webLayerReachesTenantDataOnlyThroughTheTenantHandle() {
        noClasses().that().resideInAnyPackage("io.quanyu.server.tenancy..", "io.quanyu.server.session..",
                        "io.quanyu.server.security..", "io.quanyu.server.web..")
                .should().dependOnClassesThat().haveFullyQualifiedName("com.mongodb.client.MongoClient")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("com.mongodb.client.MongoDatabase")
                .check(classes);
    }

    @Test
    void builderViewsReachTenantDataOnlyThroughTheGuardedWorkspace() {
        noClasses().that().resideInAPackage("io.quanyu.ui..")
                .and().resideOutsideOfPackage("io.quanyu.ui.access..")
                .and().doNotHaveFullyQualifiedName("io.quanyu.ui.BuilderUiConfiguration")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.quanyu.records.MetadataService")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.quanyu.records.RecordService")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.quanyu.records.RecordLayouts")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.quanyu.mongodb.TenantDatabase")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.quanyu.plugin.host.TenantPlugins")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.quanyu.plugin.host.EnabledPlugins")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.quanyu.marketplace.Marketplace")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.quanyu.customer360.Customer360")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.quanyu.customer360.MergeService")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.quanyu.customer360.Privacy")
                .because("every read and write of the builder is checked against the user's roles in io.quanyu.ui.access")
                .check(classes);
        noClasses().that().resideInAPackage("io.quanyu.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quanyu.identity..", "org.keycloak..")
                .because("the builder reaches Keycloak only through core's TenantUsers and ApiClients")
                .check(classes);
    }

    @Test
    void recordsAndCustomersAreReachedOnlyThroughTheirGuardedServices() {
        noClasses().that().haveSimpleNameEndingWith("Controller").or().resideInAPackage("io.quanyu.ui..")
                .or().resideInAPackage("io.quanyu.graphql..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.quanyu.records.MetadataService")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.quanyu.records.RecordService")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.quanyu.records.FieldVisibility")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.quanyu.customer360.Customer360")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.quanyu.customer360.MergeService")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.quanyu.customer360.Privacy")
                .because("Records and Customers apply the access rules and field visibility once, for every surface")
                .check(classes);
        // Partners' webhooks are no tenant user's surface: WebhookController finds the plugin by path and tenant.
        noClasses().that().haveSimpleNameEndingWith("Controller").and().doNotHaveSimpleName("WebhookController")
                .or().resideInAPackage("io.quanyu.ui..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.quanyu.plugin.host.TenantPlugins")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.quanyu.plugin.host.EnabledPlugins")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.quanyu.plugin.host.PluginCalls")
                .because("Plugins applies the plugin rules and drops the enabled-plugins cache once, for every surface")
                .check(classes);
    }

    @Test
    void tenantUsersAndApiClientsAreReachedOnlyThroughTheGuardedTenantSettings() {
        noClasses().that().resideOutsideOfPackages("io.quanyu.core.settings..", "io.quanyu.identity..")
                .should().callMethodWhere(target(owner(assignableTo(TenantUsers.class))))
                .orShould().callMethodWhere(target(owner(assignableTo(ApiClients.class))))
                .because("TenantSettings lets only tenant admins through and refuses self-lockout once, below every surface")
                .check(classes);
        noClasses().that().resideInAPackage("io.quanyu.ui..")
                .should().dependOnClassesThat().haveFullyQualifiedName(TenantUsers.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(ApiClients.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(TenantUsage.class.getName())
                .because("the builder's settings screens call TenantSettings with the user's call")
                .check(classes);
    }

    @Test
    void onlyStoreAdaptersAndTheServicesBelowTheSurfacesHoldATenantDatabase() {
        noClasses().that().resideInAnyPackage("io.quanyu.ui..", "io.quanyu.graphql..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.quanyu.mongodb.TenantDatabase")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.quanyu.mongodb.MongoTenantDatabases")
                .because("the builder and GraphQL pass the caller's call to the guarded services, which resolve the database")
                .check(classes);
    }

    @Test
    void theBuilderShellNamesNoViewAndTheBuilderPackagesFormNoCycle() {
        noClasses().that().resideInAPackage("io.quanyu.ui.shell..")
                .should().dependOnClassesThat(resideInAPackage("io.quanyu.ui..")
                        .and(not(resideInAnyPackage("io.quanyu.ui.shell..", "io.quanyu.ui.access..", "io.quanyu.ui.i18n.."))))
                .orShould().dependOnClassesThat().areAnnotatedWith(Route.class)
                .because("views name the shell they open in (@Route(layout)) and declare their menu entry (@Menu); "
                        + "the shell builds the navigation from those, so it depends on no view")
                .check(classes);
        slices().matching("io.quanyu.ui.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void builderUiIsALibraryOfTheServer() {
        noClasses().that().resideInAPackage("io.quanyu.ui..")
                .should().dependOnClassesThat().resideInAPackage("io.quanyu.server..")
                .check(classes);
    }
}

package io.quanyu.plugin.sdk;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SdkTest {

    @Test
    void knowsItsOwnVersionFromTheBuild() {
        assertThat(Sdk.VERSION).isEqualTo(System.getProperty("sdk.expectedVersion", "1.1.0"));
    }

    @Test
    void checksPluginRangesAgainstItsVersion() {
        assertThat(Sdk.satisfies(">=1.0.0 & <2.0.0")).isTrue();
        assertThat(Sdk.satisfies("^1.0")).isTrue();
        assertThat(Sdk.satisfies("*")).isTrue();
        assertThat(Sdk.satisfies(">=2.0.0")).isFalse();
        assertThat(Sdk.satisfies("<1.0.0")).isFalse();
        assertThatThrownBy(() -> Sdk.satisfies(">=banana")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ordersVersionsBySemver() {
        assertThat(Sdk.compareVersions("1.10.0", "1.9.3")).isPositive();
        assertThat(Sdk.compareVersions("2.0.0-rc.1", "2.0.0")).isNegative();
    }

    @Test
    void dependsOnlyOnTheJdkPf4jSlf4jAndJspecify() {
        var sdk = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.quanyu.plugin.sdk");
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "javax.net..", "io.quanyu.plugin.sdk..", "org.pf4j..", "org.slf4j..", "org.jspecify..")
                .check(sdk);
    }

    @Test
    void everyPublicTypeCarriesAStabilityMarker() {
        var sdk = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.quanyu.plugin.sdk");
        classes().that().arePublic().and().areNotAnnotations()
                .should().beAnnotatedWith(PublicApi.class).orShould().beAnnotatedWith(PublicSpi.class)
                .orShould().beAnnotatedWith(Experimental.class)
                .check(sdk);
    }
}

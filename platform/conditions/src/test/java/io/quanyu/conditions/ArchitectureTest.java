package io.quanyu.conditions;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** The condition language stays a plain library that segments, journeys, promotions and loyalty can all use. */
class ArchitectureTest {

    @Test
    void dependsOnlyOnTheJdkJacksonAndCoreErrors() {
        classes().that().resideInAPackage("io.quanyu.conditions..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "tools.jackson.databind..",
                        "io.quanyu.conditions..", "io.quanyu.core.error..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.quanyu.conditions"));
    }
}

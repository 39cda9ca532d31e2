package io.quanyu.scheduling;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** The scheduler stays a plain library on the MongoDB driver: the server wires it, nothing Spring in it. */
class SchedulingArchitectureTest {

    @Test
    void dependsOnlyOnTheJdkTheMongoDriverSlf4jAndCore() {
        classes().that().resideInAPackage("io.quanyu.scheduling..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.mongodb..", "org.bson..",
                        "org.slf4j..", "io.quanyu.scheduling..", "io.quanyu.core.error..", "io.quanyu.core.tenant..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.quanyu.scheduling"));
    }
}

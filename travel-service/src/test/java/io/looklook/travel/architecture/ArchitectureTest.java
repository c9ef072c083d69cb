package io.looklook.travel.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The domain stays pure (ARCHITECTURE §7): no framework, messaging, serialization or persistence types. */
@AnalyzeClasses(packages = "io.looklook.travel", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainIsPure = noClasses().that().resideInAPackage("..travel.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "reactor..",
                    "org.apache.kafka..", "org.apache.avro..", "io.r2dbc..", "io.looklook.travel.adapter..",
                    "io.looklook.travel.application..", "tools.jackson..");

    @ArchTest
    static final ArchRule applicationDoesNotReachIntoAdapters = noClasses().that().resideInAPackage("..travel.application..")
            .should().dependOnClassesThat().resideInAnyPackage("io.looklook.travel.adapter..", "org.apache.kafka..",
                    "org.apache.avro..", "io.r2dbc..");
}

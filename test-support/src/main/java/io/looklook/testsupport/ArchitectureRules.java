package io.looklook.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/** ARCHITECTURE §7 as ArchUnit rules, for every service's {@code ArchitectureTest}. */
public final class ArchitectureRules {

    private ArchitectureRules() {
    }

    /** {@code <base>.domain} uses no framework, messaging, serialization or persistence types, nor the outer layers. */
    public static ArchRule domainIsPure(String basePackage) {
        return noClasses().that().resideInAPackage(basePackage + ".domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "reactor..",
                        "org.apache.kafka..", "org.apache.avro..", "io.r2dbc..", "tools.jackson..",
                        basePackage + ".adapter..", basePackage + ".application..");
    }

    /** Use cases talk to ports, never to adapters or to Kafka, Avro or R2DBC directly. */
    public static ArchRule applicationDoesNotReachIntoAdapters(String basePackage) {
        return noClasses().that().resideInAPackage(basePackage + ".application..")
                .should().dependOnClassesThat().resideInAnyPackage(basePackage + ".adapter..", "org.apache.kafka..",
                        "org.apache.avro..", "io.r2dbc..");
    }
}

package io.looklook.scheduler.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.looklook.testsupport.ArchitectureRules;

/** The scheduling rules and key layout stay free of Kafka, Avro and Spring (ARCHITECTURE §7). */
@AnalyzeClasses(packages = "io.looklook.scheduler", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainIsPure = ArchitectureRules.domainIsPure("io.looklook.scheduler");
}

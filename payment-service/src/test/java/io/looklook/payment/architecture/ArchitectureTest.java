package io.looklook.payment.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.looklook.testsupport.ArchitectureRules;

/** The domain stays pure and use cases stay off the adapters (ARCHITECTURE §7). */
@AnalyzeClasses(packages = "io.looklook.payment", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainIsPure = ArchitectureRules.domainIsPure("io.looklook.payment");

    @ArchTest
    static final ArchRule applicationDoesNotReachIntoAdapters =
            ArchitectureRules.applicationDoesNotReachIntoAdapters("io.looklook.payment");
}

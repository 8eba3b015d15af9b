package dev.vigil.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The core holds the model and the logic; adapters' libraries stay out of it (DESIGN.md, rule 1). */
@AnalyzeClasses(packages = "dev.vigil", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreDependenciesTest {

    @ArchTest
    static final ArchRule coreUsesNoAdapterLibraries = noClasses()
            .that().resideInAPackage("dev.vigil..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "java.sql..", "javax.sql..", "org.sqlite..", "com.fasterxml..", "picocli..",
                    "com.github.dockerjava..", "io.javalin..", "org.eclipse.jetty..", "com.sun.net.httpserver..")
            .because("the core must not depend on a database driver, JSON binding, CLI or HTTP server library");

    @ArchTest
    static final ArchRule coreDoesNotReachIntoAdapters = noClasses()
            .that().resideInAPackage("dev.vigil..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.vigil.process..", "dev.vigil.store..", "dev.vigil.cli..")
            .because("adapters depend on the core, never the other way round");

    @ArchTest
    static final ArchRule supervisionDoesNotTouchProcessesDirectly = noClasses()
            .that().resideInAnyPackage("dev.vigil.supervise..", "dev.vigil.stack..", "dev.vigil.event..")
            .should().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
            .because("starting instances is the Runtime's job");
}

package dev.vigil.notify;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The notification model and its configuration stay free of the wire: only senders and delivery do I/O. */
@AnalyzeClasses(packages = "dev.vigil.notify", importOptions = ImportOption.DoNotIncludeTests.class)
class NotifyDependenciesTest {

    @ArchTest
    static final ArchRule modelAndConfigDoNoIo = noClasses()
            .that().haveNameMatching("dev\\.vigil\\.notify\\.(Notification|Alert|AlertStatus|Receiver|ReceiverConfig"
                    + "|ReceiversReader|Secret|SecretReader|HttpConfig|DeliverySettings|NotificationTemplates|Outcome)(\\$.*)?")
            .should().dependOnClassesThat().resideInAnyPackage("java.net.http..", "jakarta.mail..",
                    "io.github.resilience4j..", "com.fasterxml..")
            .because("the model and the config reader are plain values; the senders put them on the wire");
}

package dev.gpsreplay.replayer.replay;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The replay engine knows nothing of HTTP: it throws its own exceptions, which the REST edge maps to
 * problems, so it can be driven from anything (a test clock, a CLI, another transport).
 */
class EngineLayeringTest {

    private static final JavaClasses REPLAYER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.gpsreplay.replayer");

    @Test
    void theEngineImportsNothingOfRest() {
        noClasses()
                .that()
                .resideInAPackage("dev.gpsreplay.replayer.replay..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "jakarta.ws.rs..",
                        "org.jboss.resteasy..",
                        "io.vertx.ext.web..",
                        "dev.gpsreplay.common.problem..",
                        "dev.gpsreplay.replayer.rest..")
                .because("HTTP is the REST edge's business; the engine throws domain exceptions")
                .check(REPLAYER);
    }

    @Test
    void theSinksImportNothingOfRest() {
        noClasses()
                .that()
                .resideInAPackage("dev.gpsreplay.replayer.sink..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jakarta.ws.rs..", "org.jboss.resteasy..", "dev.gpsreplay.replayer.rest..")
                .check(REPLAYER);
    }
}

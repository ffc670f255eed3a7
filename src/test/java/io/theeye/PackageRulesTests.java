package io.theeye;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The package rules of the style guide, checked against the compiled main classes on every build. */
class PackageRulesTests {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("io.theeye");

    @Test
    void packagesDoNotDependOnEachOtherInACycle() {
        // Every package is a slice of its own, the base package included (a pattern like io.theeye.(*).. would
        // leave TheEyeApplication out and miss a cycle through it).
        slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void ingestNeverTouchesTheDatabase() {
        noClasses()
                .that()
                .resideInAPackage("io.theeye.ingest..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", "org.springframework.jdbc..", "io.theeye.store..")
                .check(MAIN);
    }

    @Test
    void eventDependsOnNothingOfOursOutsideItself() {
        noClasses()
                .that()
                .resideInAPackage("io.theeye.event..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.theeye..").and(not(resideInAPackage("io.theeye.event.."))))
                .check(MAIN);
    }

    @Test
    void workersNeverTouchTheWeb() {
        noClasses()
                .that()
                .resideInAPackage("io.theeye.worker..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "jakarta.servlet..",
                        "org.springframework.web..",
                        "org.springframework.http..",
                        "io.theeye.ingest..")
                .check(MAIN);
    }

    @Test
    void onlyTheStoreTouchesJdbc() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.theeye.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", "org.springframework.jdbc..")
                .because("reads and writes go through store, which owns every statement and the query timeout")
                .check(MAIN);
    }

    @Test
    void onlyTheStoreHoldsSqlStatements() throws IOException {
        assertThat(SqlLiterals.outside(Path.of("src/main/java"), Path.of("src/main/java/io/theeye/store")))
                .as("string literals holding SQL statements outside store (file: literal)")
                .isEmpty();
    }

    private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            return name.equals("io.theeye") || name.startsWith("io.theeye.")
                    ? SliceIdentifier.of(name)
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "each package under io.theeye";
        }
    };
}

package com.trueup;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Modules talk only through each other's root-package API; no cycles; the PSA connector SPI stands on its own. */
class ModularityTest {

    private static final String PSA = "com.trueup.psa";
    private static final String SPI = PSA + ".connector";
    /** Sub-packages of the PSA module's core (not connectors): its tables. */
    private static final List<String> CORE_PARTS = List.of(PSA + ".store");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.trueup");

    @Test
    void modulesRespectTheirBoundaries() {
        ApplicationModules.of(TrueUpApplication.class).verify();
    }

    /** The SPI (and its HTTP family) never reaches into the PSA module's core or into a connector: no SPI ↔ core cycle. */
    @Test
    void theConnectorSpiDependsOnNothingElseOfThePsaModule() {
        assertThat(violations(SPI, target -> inPsa(target) && !inPackage(target, SPI))).isEmpty();
    }

    /**
     * A connector is one package that uses the SPI only: not the core (its root package and {@link #CORE_PARTS}), not
     * another connector. (The Sandbox PSA and the
     * file-fed PSA live inside TrueUp with pages of their own, so their pages and services may use the core's public
     * API; their connectors may not.)
     */
    @Test
    void eachConnectorPackageUsesOnlyTheSpi() {
        List<String> violations = new ArrayList<>();
        for (JavaClass c : CLASSES) {
            String pkg = c.getPackageName();
            if (!pkg.startsWith(PSA + ".") || inPackage(c, SPI) || CORE_PARTS.stream().anyMatch(part -> inPackage(c, part))) {
                continue;
            }
            String connectorPackage = PSA + "." + pkg.substring(PSA.length() + 1).split("\\.")[0];
            boolean sandboxPages = (connectorPackage.equals(PSA + ".sandbox") && !c.getSimpleName().startsWith("SandboxConnector"))
                    || (connectorPackage.equals(PSA + ".file") && !c.getSimpleName().startsWith("FileConnector"));
            c.getDirectDependenciesFromSelf().forEach(d -> {
                JavaClass target = d.getTargetClass();
                boolean allowed = !inPsa(target) || inPackage(target, SPI) || inPackage(target, connectorPackage)
                        || (sandboxPages && target.getPackageName().equals(PSA));
                if (!allowed) {
                    violations.add(d.getDescription());
                }
            });
        }
        assertThat(violations).isEmpty();
    }

    private static List<String> violations(String from, java.util.function.Predicate<JavaClass> forbidden) {
        List<String> found = new ArrayList<>();
        for (JavaClass c : CLASSES) {
            if (inPackage(c, from)) {
                c.getDirectDependenciesFromSelf().stream().filter(d -> forbidden.test(d.getTargetClass()))
                        .forEach(d -> found.add(d.getDescription()));
            }
        }
        return found;
    }

    private static boolean inPsa(JavaClass c) {
        return inPackage(c, PSA);
    }

    private static boolean inPackage(JavaClass c, String pkg) {
        return c.getPackageName().equals(pkg) || c.getPackageName().startsWith(pkg + ".");
    }
}

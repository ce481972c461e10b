package com.trueup;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Modules talk only through each other's root-package API; no cycles; the PSA connector SPI stands on its own; docs/modules
 * documents the modules as they are.
 */
class ModularityTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(TrueUpApplication.class);
    private static final Path MODULE_DOCS = Path.of("docs/modules");
    /** Written by hand: how to read the generated files. */
    private static final String MODULE_DOCS_README = "README.md";

    private static final String PSA = "com.trueup.psa";
    private static final String SPI = PSA + ".connector";
    /** Sub-packages of the PSA module's core (not connectors): its tables. */
    private static final List<String> CORE_PARTS = List.of(PSA + ".store");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.trueup");

    @Test
    void modulesRespectTheirBoundaries() {
        MODULES.verify();
    }

    /**
     * docs/modules holds what Spring Modulith's Documenter writes: the component diagram of all modules, one diagram per
     * module (the module and what it uses) and each module's canvas (its API, events, beans, properties), and an
     * aggregating document. The test fails when the committed files say something else;
     * {@code -Dtrueup.docs.modules=write} rewrites them.
     */
    @Test
    void theModuleDocumentationIsTheModules(@TempDir Path generated) throws IOException {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(generated.toString()))
                .writeDocumentation();
        Map<String, String> expected = new TreeMap<>();
        files(generated).forEach((name, text) -> expected.put(name, inFixedOrder(text)));
        if ("write".equals(System.getProperty("trueup.docs.modules"))) {
            Files.createDirectories(MODULE_DOCS);
            for (String stale : files(MODULE_DOCS).keySet()) {
                Files.delete(MODULE_DOCS.resolve(stale));
            }
            for (Map.Entry<String, String> file : expected.entrySet()) {
                Files.writeString(MODULE_DOCS.resolve(file.getKey()), file.getValue());
            }
            return;
        }
        Map<String, String> committed = files(MODULE_DOCS);
        String hint = " (run ModularityTest with -Dtrueup.docs.modules=write)";
        assertThat(committed.keySet()).as("the files of docs/modules" + hint).isEqualTo(expected.keySet());
        expected.forEach((name, text) -> assertThat(committed.get(name))
                .as("docs/modules/" + name + hint)
                .isEqualTo(text));
    }

    /**
     * The Documenter lists relationships, beans and events in no fixed order: each list sorted, so the files change only
     * when the modules do. A list is a run of PlantUML {@code Rel(...)} lines or of AsciiDoc {@code * } items (the first
     * of a table cell's list starting with {@code |* }).
     */
    static String inFixedOrder(String text) {
        StringBuilder out = new StringBuilder();
        List<String> run = new ArrayList<>();
        String runPrefix = "";
        boolean inList = false;
        for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
            boolean rel = line.startsWith("Rel(");
            boolean item = line.startsWith("* ") || line.startsWith("|* ");
            boolean continues = !run.isEmpty() && (rel ? !inList : item && inList && !line.startsWith("|"));
            if (!continues) {
                flush(out, run, runPrefix);
            }
            if (rel || item) {
                if (run.isEmpty()) {
                    inList = item;
                    runPrefix = line.startsWith("|") ? "|" : "";
                }
                run.add(line.substring(run.isEmpty() ? runPrefix.length() : 0));
            } else {
                out.append(line).append('\n');
            }
        }
        flush(out, run, runPrefix);
        return out.substring(0, out.length() - 1);
    }

    private static void flush(StringBuilder out, List<String> run, String prefix) {
        run.sort(null);
        for (int i = 0; i < run.size(); i++) {
            out.append(i == 0 ? prefix : "").append(run.get(i)).append('\n');
        }
        run.clear();
    }

    /** The folder's generated files by name (all but the README), their text with Unix line ends. */
    private static Map<String, String> files(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (!name.equals(MODULE_DOCS_README)) {
                    files.put(name, Files.readString(file).replace("\r\n", "\n"));
                }
            }
        }
        return files;
    }

    /** The SPI (and its HTTP family) never reaches into the PSA module's core or into a connector: no SPI ↔ core cycle. */
    @Test
    void theConnectorSpiDependsOnNothingElseOfThePsaModule() {
        assertThat(violations(SPI, target -> inPsa(target) && !inPackage(target, SPI)))
                .isEmpty();
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
            if (!pkg.startsWith(PSA + ".")
                    || inPackage(c, SPI)
                    || CORE_PARTS.stream().anyMatch(part -> inPackage(c, part))) {
                continue;
            }
            String connectorPackage =
                    PSA + "." + pkg.substring(PSA.length() + 1).split("\\.")[0];
            boolean sandboxPages = (connectorPackage.equals(PSA + ".sandbox")
                            && !c.getSimpleName().startsWith("SandboxConnector"))
                    || (connectorPackage.equals(PSA + ".file")
                            && !c.getSimpleName().startsWith("FileConnector"));
            c.getDirectDependenciesFromSelf().forEach(d -> {
                JavaClass target = d.getTargetClass();
                boolean allowed = !inPsa(target)
                        || inPackage(target, SPI)
                        || inPackage(target, connectorPackage)
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
                c.getDirectDependenciesFromSelf().stream()
                        .filter(d -> forbidden.test(d.getTargetClass()))
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

package com.trueup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's settings tables and the settings TrueUp has (the configuration metadata the build generates from the
 * settings records, plus META-INF/additional-spring-configuration-metadata.json) stay in step: every {@code trueup.*}
 * setting is listed with its default, nothing listed is gone, and every environment variable named there reaches its
 * setting.
 */
class SettingsDocsTest {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern TRUEUP_SETTING = Pattern.compile("trueup\\.[a-z0-9.-]+");

    /** One row of a README settings table. */
    private record Row(List<String> variables, List<String> settings, String defaultCell) {}

    @Test
    void theReadmeListsEveryTrueUpSettingAndNoOther() throws IOException {
        Map<String, JsonNode> metadata = metadata();
        TreeSet<String> listed = new TreeSet<>();
        for (Row row : readmeRows()) {
            row.settings().stream().filter(s -> s.startsWith("trueup.")).forEach(listed::add);
        }
        assertThat(listed)
                .as("trueup settings the README lists that TrueUp does not have")
                .isSubsetOf(metadata.keySet());
        assertThat(metadata.keySet())
                .as("trueup settings missing from the README's settings tables")
                .isSubsetOf(listed);
    }

    @Test
    void theReadmeStatesEachSettingsDefault() throws IOException {
        Map<String, JsonNode> metadata = metadata();
        List<String> wrong = new ArrayList<>();
        for (Row row : readmeRows()) {
            if (row.settings().size() != 1
                    || !metadata.containsKey(row.settings().get(0))) {
                continue;
            }
            JsonNode declared = metadata.get(row.settings().get(0)).get("defaultValue");
            if (declared == null || declared.isNull()) {
                continue; // defaulted in application.yml (read by Spring's own settings), checked below
            }
            String expected = declared.isString() ? declared.asString() : declared.toString();
            boolean stated = expected.isEmpty()
                    ? row.defaultCell().startsWith("empty")
                    : codes(row.defaultCell()).contains(expected);
            if (!stated) {
                wrong.add(row.settings().get(0) + ": README says '" + row.defaultCell()
                        + "', the setting's default is '" + expected + "'");
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyEnvironmentVariableTheReadmeNamesReachesItsSetting() throws IOException {
        List<String> unreached = new ArrayList<>();
        for (Row row : readmeRows()) {
            if (row.variables().isEmpty()) {
                continue; // a table of settings only: each one's variable follows the rule stated above it
            }
            if (row.variables().size() != row.settings().size()) {
                unreached.add(
                        "row of " + row.variables() + " names " + row.settings().size() + " settings");
                continue;
            }
            for (int i = 0; i < row.variables().size(); i++) {
                String variable = row.variables().get(i);
                String setting = row.settings().get(i);
                String bound = Binder.get(environmentWith(variable, "probe-value"))
                        .bind(setting, String.class)
                        .orElse(null);
                if (!"probe-value".equals(bound)) {
                    unreached.add(variable + " does not set " + setting + " (got " + bound + ")");
                }
            }
        }
        assertThat(unreached).isEmpty();
    }

    /** application.yml with only {@code variable} set in the process environment, as Spring Boot reads them. */
    private static StandardEnvironment environmentWith(String variable, String value) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        var sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.replace(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, value)));
        new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"))
                .forEach(sources::addLast);
        ConfigurationPropertySources.attach(environment);
        return environment;
    }

    /** The rows of the tables under the README's "Configuration" heading; a table's columns are named by its header. */
    private static List<Row> readmeRows() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("\n## Configuration\n");
        assertThat(start).as("the README's Configuration section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        List<Row> rows = new ArrayList<>();
        List<String> header = List.of();
        for (String line :
                readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
            if (!line.startsWith("|")) {
                header = List.of();
                continue;
            }
            List<String> cells = cells(line);
            if (header.isEmpty()) {
                header = cells;
                assertThat(header).as("a settings table's columns").contains("setting", "default");
                continue;
            }
            if (cells.stream().allMatch(c -> c.matches("-+"))) {
                continue;
            }
            int variable = header.indexOf("variable");
            List<String> settings = codes(cells.get(header.indexOf("setting")));
            settings.stream()
                    .filter(s -> s.contains("trueup."))
                    .forEach(s -> assertThat(s).as("a setting's full name").matches(TRUEUP_SETTING));
            rows.add(new Row(
                    variable < 0 ? List.of() : codes(cells.get(variable)),
                    settings,
                    cells.get(header.indexOf("default"))));
        }
        assertThat(rows).as("rows of the README's settings tables").isNotEmpty();
        return rows;
    }

    private static List<String> cells(String line) {
        String inner = line.strip();
        inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("\\|", -1)) {
            cells.add(cell.strip());
        }
        return cells;
    }

    private static List<String> codes(String cell) {
        List<String> codes = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }

    /** Every {@code trueup.*} property of the configuration metadata on the class path, by name. */
    private static Map<String, JsonNode> metadata() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        for (URL url : Collections.list(
                SettingsDocsTest.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    String name = property.path("name").asString();
                    if (name.startsWith("trueup.")) {
                        properties.put(name, property);
                    }
                }
            }
        }
        assertThat(properties)
                .as("trueup settings in the generated configuration metadata")
                .isNotEmpty();
        return properties;
    }
}

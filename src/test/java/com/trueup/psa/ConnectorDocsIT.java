package com.trueup.psa;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.psa.connector.BaseUrlField;
import com.trueup.psa.connector.Capabilities;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.CredentialField;
import com.trueup.psa.connector.SettingField;
import com.trueup.psa.connector.WriteStyle;
import com.trueup.support.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The tables of docs/psa-connectors.md come from the connectors' descriptors: this test renders them and fails when the
 * document says something else. {@code -Dtrueup.docs.connectors=write} rewrites the generated blocks.
 */
class ConnectorDocsIT extends IntegrationTest {

    private static final Path DOC = Path.of("docs/psa-connectors.md");

    @Autowired
    Connectors connectors;

    @Test
    void theConnectorTablesInTheDocsAreTheDescriptors() throws IOException {
        String doc = Files.readString(DOC);
        String updated = doc;
        for (ConnectorDescriptor d : connectors.descriptors()) {
            Pattern block = Pattern.compile(
                    "<!-- descriptor:" + Pattern.quote(d.type()) + " .*?-->\\n.*?<!-- end descriptor:"
                            + Pattern.quote(d.type()) + " -->",
                    Pattern.DOTALL);
            Matcher m = block.matcher(updated);
            assertThat(m.find())
                    .as("docs/psa-connectors.md has a generated block for " + d.type())
                    .isTrue();
            updated = m.replaceFirst(Matcher.quoteReplacement(render(d)));
        }
        if ("write".equals(System.getProperty("trueup.docs.connectors"))) {
            Files.writeString(DOC, updated);
            return;
        }
        assertThat(doc)
                .as("docs/psa-connectors.md matches the descriptors (run with -Dtrueup.docs.connectors=write)")
                .isEqualTo(updated);
    }

    static String render(ConnectorDescriptor d) {
        Capabilities c = d.capabilities();
        StringBuilder md = new StringBuilder();
        md.append("<!-- descriptor:")
                .append(d.type())
                .append(" generated from the connector's descriptor by ConnectorDocsIT -->\n");
        md.append("| | |\n|---|---|\n");
        row(md, "Type", "`" + d.type() + "`");
        BaseUrlField url = d.baseUrl();
        row(
                md,
                "Base URL",
                url == null
                        ? "none"
                        : url.label()
                                + (url.required() ? " (required)" : " (optional)")
                                + (url.hint() == null ? "" : ": " + url.hint())
                                + url.choices().stream()
                                        .map(ch -> "; " + ch.label() + " `" + ch.url() + "`")
                                        .collect(Collectors.joining()));
        row(md, "Signs in with", d.auth().description());
        row(
                md,
                "Reads from the PSA's API",
                c.reads().isEmpty()
                        ? "nothing (files)"
                        : c.reads().stream()
                                        .map(p -> p.name().toLowerCase(Locale.ROOT))
                                        .collect(Collectors.joining(", "))
                                + (c.readsLineQuantities() ? "; reads a line's quantity back" : ""));
        row(
                md,
                "Changes a line's quantity",
                !c.updatesLines()
                        ? "no (change sheet)"
                        : c.writeStyle() == WriteStyle.DELTA
                                ? "yes, as the difference from the quantity in force"
                                : "yes, the new quantity");
        row(md, "Adds lines (new revenue)", c.createsLines() ? "yes" : "no (change sheet)");
        row(md, "Whole quantities only", c.wholeQuantitiesOnly() ? "yes (the connection's rounding applies)" : "no");
        row(
                md,
                "Effective date",
                !c.writes()
                        ? "not applicable: nothing is written through the API"
                        : c.honoursEffectiveDate()
                                ? "written as chosen"
                                : "not taken: a change applies from " + c.effectiveDateNote());
        row(md, "Rate limits", c.rateLimits().describe());
        if (!d.credentials().isEmpty()) {
            md.append("\n| Credential | Label | Required | Meaning |\n|---|---|---|---|\n");
            for (CredentialField f : d.credentials()) {
                md.append("| `")
                        .append(f.name())
                        .append("` | ")
                        .append(f.label())
                        .append(f.secret() ? " (secret)" : "")
                        .append(" | ")
                        .append(f.required() ? "yes" : "no")
                        .append(" | ")
                        .append(cell(f.help()))
                        .append(" |\n");
            }
        }
        if (!d.settings().isEmpty()) {
            md.append("\n| Setting | Kind | Default | Meaning |\n|---|---|---|---|\n");
            for (SettingField f : d.settings()) {
                String kind = f.kind().name().toLowerCase(Locale.ROOT)
                        + (f.kind() == SettingField.Kind.INTEGER ? " " + f.min() + "–" + f.max() : "")
                        + (f.allowed().isEmpty() ? "" : " of " + String.join(", ", f.allowed()));
                md.append("| `")
                        .append(f.name())
                        .append("` | ")
                        .append(kind)
                        .append(" | ")
                        .append(f.defaultValue().isEmpty() ? "empty" : "`" + f.display(f.defaultValue()) + "`")
                        .append(" | ")
                        .append(cell(f.description()))
                        .append(" |\n");
            }
        }
        if (!c.limitations().isEmpty()) {
            md.append('\n');
            c.limitations().forEach(l -> md.append("- ").append(l).append('\n'));
        }
        if (d.setupHelp() != null) {
            md.append("\n**Set up in the PSA**: ").append(d.setupHelp()).append('\n');
        }
        return md.append("<!-- end descriptor:").append(d.type()).append(" -->").toString();
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(cell(value)).append(" |\n");
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}

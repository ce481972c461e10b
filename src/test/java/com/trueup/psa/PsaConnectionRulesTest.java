package com.trueup.psa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trueup.shared.InvalidInputException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Credential fields per PSA type, base URLs and settings, without a database. */
class PsaConnectionRulesTest {

    private static PsaTypes.Type type(String name) {
        return PsaTypes.find(name).orElseThrow();
    }

    private static String fieldOf(Runnable action) {
        try {
            action.run();
        } catch (InvalidInputException e) {
            return e.field();
        }
        throw new AssertionError("no InvalidInputException");
    }

    @Test
    void everyTypeOfTheApiIsKnownWithTheDocumentedCredentialNames() {
        assertThat(PsaTypes.all()).extracting(PsaTypes.Type::type).containsExactly("sandbox", "connectwise", "autotask",
                "halopsa", "syncro", "kaseya-bms", "pulseway", "accelo", "tigerpaw", "cloudblue");
        assertThat(type("connectwise").fields()).extracting(PsaTypes.Field::name)
                .containsExactly("companyId", "publicKey", "privateKey", "clientId");
        assertThat(type("autotask").fields()).extracting(PsaTypes.Field::name)
                .containsExactly("username", "secret", "integrationCode", "impersonationResourceId");
        assertThat(type("halopsa").fields()).extracting(PsaTypes.Field::name)
                .containsExactly("clientId", "clientSecret", "tenant", "authUrl");
        assertThat(type("sandbox").fields()).isEmpty();
    }

    @Test
    void missingAndUnknownCredentialsNameTheField() {
        var cw = type("connectwise");
        Map<String, String> partial = new HashMap<>(Map.of("companyId", "acme", "publicKey", "pub"));
        assertThat(fieldOf(() -> PsaConnections.checkedCredentials(cw, partial))).isEqualTo("credentials.privateKey");
        assertThatThrownBy(() -> PsaConnections.checkedCredentials(cw, partial))
                .hasMessageContaining("credentials.privateKey").hasMessageContaining("credentials.clientId");
        partial.putAll(Map.of("privateKey", "priv", "clientId", "guid", "companyID", "typo"));
        assertThat(fieldOf(() -> PsaConnections.checkedCredentials(cw, partial))).isEqualTo("credentials.companyID");
        partial.remove("companyID");
        assertThat(PsaConnections.checkedCredentials(cw, partial)).hasSize(4);

        var autotask = type("autotask");
        assertThat(fieldOf(() -> PsaConnections.checkedCredentials(autotask, Map.of("username", "u", "secret", "s"))))
                .isEqualTo("credentials.integrationCode");
        // Halo's tenant is optional (self-hosted Halo has none)
        assertThat(PsaConnections.checkedCredentials(type("halopsa"), Map.of("clientId", "c", "clientSecret", "s"))).hasSize(2);
        assertThat(fieldOf(() -> PsaConnections.checkedCredentials(type("halopsa"), Map.of("clientId", "c"))))
                .isEqualTo("credentials.clientSecret");
        // a connector-only type takes whatever it is given
        assertThat(PsaConnections.checkedCredentials(PsaTypes.generic("acme-psa"), Map.of("anything", "x"))).hasSize(1);
    }

    @Test
    void baseUrlsAreNormalisedAndRequiredWhereThePsaHasNoFixedHost() {
        assertThat(PsaConnections.checkedBaseUrl(type("halopsa"), " acme.halopsa.com/ ")).isEqualTo("https://acme.halopsa.com");
        assertThat(PsaConnections.checkedBaseUrl(type("connectwise"), "https://na.myconnectwise.net/v2025_1/apis/3.0"))
                .isEqualTo("https://na.myconnectwise.net/v2025_1/apis/3.0");
        assertThat(PsaConnections.checkedBaseUrl(type("autotask"), "")).isNull();
        assertThat(fieldOf(() -> PsaConnections.checkedBaseUrl(type("connectwise"), null))).isEqualTo("baseUrl");
        assertThat(fieldOf(() -> PsaConnections.checkedBaseUrl(type("halopsa"), "ftp://acme"))).isEqualTo("baseUrl");
        assertThat(fieldOf(() -> PsaConnections.checkedBaseUrl(type("halopsa"), "https://user:pw@acme.halopsa.com")))
                .isEqualTo("baseUrl");
        assertThat(fieldOf(() -> PsaConnections.checkedBaseUrl(type("halopsa"), "https://exa mple.com"))).isEqualTo("baseUrl");
    }

    @Test
    void settingsDefaultsValidationAndRemoval() {
        var settings = PsaConnections.Settings.DEFAULT;
        assertThat(settings.rounding()).isEqualTo(QuantityRounding.NEAREST);
        assertThat(settings.defaultEffectiveDate()).isEqualTo("FIRST_OF_NEXT_MONTH");
        Map<String, String> change = new HashMap<>();
        change.put("roundingMode", "up");
        change.put("defaultEffectiveDate", "today");
        change.put("billableContractTypes", "recurring, managed");
        var changed = settings.apply(change);
        assertThat(changed.rounding()).isEqualTo(QuantityRounding.UP);
        assertThat(changed.defaultEffectiveDate()).isEqualTo("TODAY");
        assertThat(changed.asMap()).containsEntry("billableContractTypes", "recurring, managed");
        Map<String, String> removal = new HashMap<>();
        removal.put("billableContractTypes", null);
        assertThat(changed.apply(removal).extra()).isEmpty();
        assertThat(fieldOf(() -> settings.apply(Map.of("roundingMode", "DOWN")))).isEqualTo("settings.roundingMode");
        assertThat(fieldOf(() -> settings.apply(Map.of("defaultEffectiveDate", "2026-01-01")))).isEqualTo("settings.defaultEffectiveDate");
        assertThat(fieldOf(() -> settings.apply(Map.of("bad key!", "x")))).isEqualTo("settings");
    }

    @Test
    void connectionInfoRoundsForIntegerOnlyPsasAndPicksTheEffectiveDate() {
        var integerOnly = new ConnectorCapabilities(true, false, true, true, 0);
        var nearest = new PsaConnectionInfo(null, null, "autotask", "AT", "connected", QuantityRounding.NEAREST,
                "FIRST_OF_NEXT_MONTH", integerOnly);
        var up = new PsaConnectionInfo(null, null, "autotask", "AT", "connected", QuantityRounding.UP, "TODAY", integerOnly);
        assertThat(nearest.quantityToWrite(new BigDecimal("14.5"))).isEqualByComparingTo("15");
        assertThat(nearest.quantityToWrite(new BigDecimal("14.2"))).isEqualByComparingTo("14");
        assertThat(up.quantityToWrite(new BigDecimal("14.2"))).isEqualByComparingTo("15");
        assertThat(nearest.effectiveDateFor(LocalDate.of(2026, 12, 15))).isEqualTo(LocalDate.of(2027, 1, 1));
        assertThat(up.effectiveDateFor(LocalDate.of(2026, 12, 15))).isEqualTo(LocalDate.of(2026, 12, 15));
    }

    @Test
    void connectorSettingsTextIsParsedLineByLine() {
        assertThat(PsaPageController.parseSettings("# billable\nbillableContractTypes = recurring, managed\n\n  a=b ")).containsExactly(
                Map.entry("billableContractTypes", "recurring, managed"), Map.entry("a", "b"));
        assertThat(fieldOf(() -> PsaPageController.parseSettings("no equals sign"))).isEqualTo("connectorSettings");
        assertThat(PsaPageController.settingsText(Map.of("b", "2", "a", "1"))).isEqualTo("a = 1\nb = 2\n");
    }
}

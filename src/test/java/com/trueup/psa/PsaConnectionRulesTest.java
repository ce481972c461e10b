package com.trueup.psa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trueup.psa.connector.BaseUrlField;
import com.trueup.psa.connector.Capabilities;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.ConnectorSettings;
import com.trueup.psa.connector.CredentialField;
import com.trueup.psa.connector.SettingField;
import com.trueup.psa.connector.WriteStyle;
import com.trueup.shared.InvalidInputException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Credentials, base URLs and typed settings checked against a connector's descriptor, without a database. */
class PsaConnectionRulesTest {

    private static final ConnectorDescriptor PSA = ConnectorDescriptor.builder("acme-psa", "Acme PSA")
            .baseUrl(BaseUrlField.required("API URL", "e.g. https://acme.example/api"))
            .credential(CredentialField.plain("companyId", "Company", null))
            .credential(CredentialField.secret("privateKey", "Private key", null))
            .credential(CredentialField.plain("tenant", "Tenant", null).optional())
            .setting(SettingField.list("billableStatuses", "Billable statuses", "Active", "Statuses billed."))
            .setting(SettingField.list("lineTypes", "Line types", "1", "Line types read.")
                    .allowing("1", "2", "3"))
            .setting(SettingField.integer("pageSize", "Page size", 100, 1, 100, "Per page."))
            .setting(SettingField.flag("moveDates", "Move dates", true, "Move dates."))
            .setting(SettingField.choice("identifier", "Identifier", "name", List.of("name", "sku"), "Which code."))
            .capabilities(Capabilities.builder()
                    .readsEverything()
                    .updatesLines(WriteStyle.ABSOLUTE)
                    .honoursEffectiveDate()
                    .build())
            .build();

    private static final ConnectorDescriptor BUILT_IN = ConnectorDescriptor.builder("built-in", "Built in")
            .capabilities(Capabilities.builder().readsEverything().build())
            .build();

    private static String fieldOf(Runnable action) {
        try {
            action.run();
        } catch (InvalidInputException e) {
            return e.field();
        }
        throw new AssertionError("no InvalidInputException");
    }

    @Test
    void missingAndUnknownCredentialsNameTheField() {
        Map<String, String> partial = new HashMap<>(Map.of("companyId", "acme"));
        assertThat(fieldOf(() -> ConnectionInput.checkedCredentials(PSA, partial)))
                .isEqualTo("credentials.privateKey");
        partial.putAll(Map.of("privateKey", "priv", "companyID", "typo"));
        assertThat(fieldOf(() -> ConnectionInput.checkedCredentials(PSA, partial)))
                .isEqualTo("credentials.companyID");
        assertThatThrownBy(() -> ConnectionInput.checkedCredentials(PSA, partial))
                .hasMessageContaining("companyId, privateKey, tenant");
        partial.remove("companyID");
        assertThat(ConnectionInput.checkedCredentials(PSA, partial)).hasSize(2);
        assertThat(fieldOf(() -> ConnectionInput.checkedCredentials(BUILT_IN, Map.of("password", "x"))))
                .isEqualTo("credentials.password");
    }

    @Test
    void baseUrlsAreNormalisedAndRequiredWhereTheDescriptorSaysSo() {
        assertThat(ConnectionInput.checkedBaseUrl(PSA, " acme.example/api/ ")).isEqualTo("https://acme.example/api");
        assertThat(fieldOf(() -> ConnectionInput.checkedBaseUrl(PSA, null))).isEqualTo("baseUrl");
        assertThat(fieldOf(() -> ConnectionInput.checkedBaseUrl(PSA, "ftp://acme")))
                .isEqualTo("baseUrl");
        assertThat(fieldOf(() -> ConnectionInput.checkedBaseUrl(PSA, "https://user:pw@acme.example")))
                .isEqualTo("baseUrl");
        assertThat(fieldOf(() -> ConnectionInput.checkedBaseUrl(PSA, "https://exa mple.com")))
                .isEqualTo("baseUrl");
        assertThat(fieldOf(() -> ConnectionInput.checkedBaseUrl(PSA, "https://acme.example/api?api_key=x")))
                .isEqualTo("baseUrl");
        assertThat(ConnectionInput.checkedBaseUrl(BUILT_IN, "")).isNull();
        assertThat(fieldOf(() -> ConnectionInput.checkedBaseUrl(BUILT_IN, "https://x")))
                .isEqualTo("baseUrl");
    }

    @Test
    void settingsAreTypedAndUnknownOrInvalidOnesAreRefusedByName() {
        var settings = ConnectionSettings.DEFAULT;
        Map<String, String> change = new HashMap<>();
        change.put("roundingMode", "up");
        change.put("defaultEffectiveDate", "today");
        change.put("billableStatuses", " Active ,  Expired ,");
        change.put("pageSize", "50");
        change.put("moveDates", "no");
        change.put("identifier", "SKU");
        var changed = settings.apply(PSA, change);
        assertThat(changed.rounding()).isEqualTo(QuantityRounding.UP);
        assertThat(changed.defaultEffectiveDate()).isEqualTo("TODAY");
        assertThat(changed.extra())
                .containsEntry("billableStatuses", "Active,Expired")
                .containsEntry("pageSize", "50")
                .containsEntry("moveDates", "false")
                .containsEntry("identifier", "sku");

        ConnectorSettings typed = ConnectorSettings.of(PSA.settings(), changed.extra());
        assertThat(typed.list("billableStatuses")).containsExactlyInAnyOrder("active", "expired");
        assertThat(typed.contains("billableStatuses", " EXPIRED ")).isTrue();
        assertThat(typed.integer("pageSize")).isEqualTo(50);
        assertThat(typed.flag("moveDates")).isFalse();
        assertThat(typed.text("identifier")).isEqualTo("sku");
        assertThat(typed.list("lineTypes")).containsExactly("1");
        assertThatThrownBy(() -> typed.integer("billableStatuses")).isInstanceOf(IllegalStateException.class);

        Map<String, String> reset = new HashMap<>();
        reset.put("pageSize", null);
        reset.put("billableStatuses", "");
        var back = changed.apply(PSA, reset);
        assertThat(back.extra()).doesNotContainKey("pageSize").containsEntry("billableStatuses", "");
        assertThat(ConnectorSettings.of(PSA.settings(), back.extra()).list("billableStatuses"))
                .isEmpty();

        assertThat(fieldOf(() -> settings.apply(PSA, Map.of("roundingMode", "DOWN"))))
                .isEqualTo("settings.roundingMode");
        assertThat(fieldOf(() -> settings.apply(PSA, Map.of("defaultEffectiveDate", "2026-01-01"))))
                .isEqualTo("settings.defaultEffectiveDate");
        assertThat(fieldOf(() -> settings.apply(PSA, Map.of("billableStatus", "Active"))))
                .isEqualTo("settings.billableStatus");
        assertThatThrownBy(() -> settings.apply(PSA, Map.of("billableStatus", "Active")))
                .hasMessageContaining("not a setting of Acme PSA")
                .hasMessageContaining("billableStatuses");
        assertThat(fieldOf(() -> settings.apply(PSA, Map.of("pageSize", "500"))))
                .isEqualTo("settings.pageSize");
        assertThat(fieldOf(() -> settings.apply(PSA, Map.of("pageSize", "ten"))))
                .isEqualTo("settings.pageSize");
        assertThat(fieldOf(() -> settings.apply(PSA, Map.of("moveDates", "maybe"))))
                .isEqualTo("settings.moveDates");
        assertThat(fieldOf(() -> settings.apply(PSA, Map.of("identifier", "code"))))
                .isEqualTo("settings.identifier");
        assertThat(fieldOf(() -> settings.apply(PSA, Map.of("lineTypes", "1,4"))))
                .isEqualTo("settings.lineTypes");
    }

    @Test
    void storedSettingsThatNoLongerParseFallBackToTheirDefaults() {
        var typed = ConnectorSettings.of(PSA.settings(), Map.of("pageSize", "lots", "unknown", "x"));
        assertThat(typed.integer("pageSize")).isEqualTo(100);
        assertThat(PsaViews.ignoredSettings(PSA, Map.of("pageSize", "lots", "unknown", "x", "moveDates", "true")))
                .containsExactlyInAnyOrder("pageSize", "unknown");
    }

    @Test
    void connectionInfoRoundsForWholeNumberPsasAndPicksTheEffectiveDate() {
        var whole = new PsaConnectionInfo.Writes(true, true, true, true, null);
        var nearest = new PsaConnectionInfo(
                null,
                null,
                "autotask",
                "Autotask",
                "AT",
                "connected",
                QuantityRounding.NEAREST,
                "FIRST_OF_NEXT_MONTH",
                whole);
        var up = new PsaConnectionInfo(
                null, null, "autotask", "Autotask", "AT", "connected", QuantityRounding.UP, "TODAY", whole);
        assertThat(nearest.quantityToWrite(new BigDecimal("14.5"))).isEqualByComparingTo("15");
        assertThat(nearest.quantityToWrite(new BigDecimal("14.2"))).isEqualByComparingTo("14");
        assertThat(up.quantityToWrite(new BigDecimal("14.2"))).isEqualByComparingTo("15");
        assertThat(nearest.refusal(new BigDecimal("14.5")))
                .hasValueSatisfying(m -> assertThat(m).contains("whole"));
        assertThat(nearest.refusal(new BigDecimal("15.000"))).isEmpty();
        assertThat(nearest.refusal(new BigDecimal("-1"))).isPresent();
        assertThat(nearest.effectiveDateFor(LocalDate.of(2026, 12, 15))).isEqualTo(LocalDate.of(2027, 1, 1));
        assertThat(up.effectiveDateFor(LocalDate.of(2026, 12, 15))).isEqualTo(LocalDate.of(2026, 12, 15));
    }
}

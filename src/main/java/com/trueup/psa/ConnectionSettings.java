package com.trueup.psa;

import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.SettingField;
import com.trueup.shared.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A connection's settings as stored (normalised text): the rounding mode and default effective date every connection
 * has, and {@code extra}, the settings its connector declares.
 */
record ConnectionSettings(QuantityRounding rounding, String defaultEffectiveDate, Map<String, String> extra) {

    static final String FIRST_OF_NEXT_MONTH = "FIRST_OF_NEXT_MONTH";
    static final String TODAY = "TODAY";
    static final String ROUNDING_MODE = "roundingMode";
    static final String DEFAULT_EFFECTIVE_DATE = "defaultEffectiveDate";

    static final ConnectionSettings DEFAULT =
            new ConnectionSettings(QuantityRounding.NEAREST, FIRST_OF_NEXT_MONTH, Map.of());

    /**
     * This with {@code input} applied: each setting is checked against the connector's declaration (an unknown name
     * or an invalid value is refused, naming it); a null value resets a connector setting to its default, a blank one
     * empties a list or text setting.
     */
    ConnectionSettings apply(ConnectorDescriptor type, Map<String, String> input) {
        if (input == null) {
            return this;
        }
        QuantityRounding newRounding = rounding;
        String newEffective = defaultEffectiveDate;
        Map<String, String> newExtra = new TreeMap<>(extra);
        newExtra.keySet().removeIf(key -> type.setting(key).isEmpty());
        for (Map.Entry<String, String> e : input.entrySet()) {
            String key = e.getKey() == null ? "" : e.getKey().trim();
            String value = e.getValue() == null ? null : e.getValue().trim();
            if (ROUNDING_MODE.equals(key)) {
                if (value != null && !value.isEmpty()) {
                    try {
                        newRounding = QuantityRounding.valueOf(value.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException ex) {
                        throw new InvalidInputException(
                                "settings.roundingMode", "settings.roundingMode must be NEAREST or UP");
                    }
                }
            } else if (DEFAULT_EFFECTIVE_DATE.equals(key)) {
                if (value != null && !value.isEmpty()) {
                    String upper = value.toUpperCase(Locale.ROOT);
                    if (!upper.equals(FIRST_OF_NEXT_MONTH) && !upper.equals(TODAY)) {
                        throw new InvalidInputException(
                                "settings.defaultEffectiveDate",
                                "settings.defaultEffectiveDate must be FIRST_OF_NEXT_MONTH or TODAY");
                    }
                    newEffective = upper;
                }
            } else {
                SettingField field = type.setting(key)
                        .orElseThrow(() -> new InvalidInputException(
                                "settings." + PsaConnections.truncate(key, 64),
                                "'" + PsaConnections.truncate(key, 64)
                                        + "' is not a setting of " + type.label() + "; its settings are "
                                        + String.join(", ", settingNames(type))));
                if (value == null) {
                    newExtra.remove(key);
                } else {
                    try {
                        newExtra.put(key, field.parse(value));
                    } catch (IllegalArgumentException invalid) {
                        throw new InvalidInputException("settings." + key, invalid.getMessage());
                    }
                }
            }
        }
        return new ConnectionSettings(newRounding, newEffective, Map.copyOf(newExtra));
    }

    private static List<String> settingNames(ConnectorDescriptor type) {
        List<String> names = new ArrayList<>(List.of(ROUNDING_MODE, DEFAULT_EFFECTIVE_DATE));
        type.settings().forEach(f -> names.add(f.name()));
        return names;
    }

    String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(ROUNDING_MODE + "=" + rounding.name());
        parts.add(DEFAULT_EFFECTIVE_DATE + "=" + defaultEffectiveDate);
        extra.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }
}

package com.trueup.psa.connector;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A connection's settings, typed by its connector's {@link SettingField}s: every declared setting has a value (the
 * stored one or its default). Asking for a setting the descriptor does not declare is a programming error.
 */
public final class ConnectorSettings {

    private final Map<String, SettingField> fields;
    private final Map<String, String> values;

    private ConnectorSettings(Map<String, SettingField> fields, Map<String, String> values) {
        this.fields = fields;
        this.values = values;
    }

    /**
     * The settings from what is stored: unknown names and values that no longer parse (stored before settings were
     * typed) fall back to the defaults; {@link ConnectorDescriptor#checkSettings} refuses them on input.
     */
    public static ConnectorSettings of(List<SettingField> declared, Map<String, String> stored) {
        Map<String, SettingField> fields = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (SettingField field : declared) {
            fields.put(field.name(), field);
            String value;
            try {
                value = field.parse(stored.get(field.name()));
            } catch (IllegalArgumentException e) {
                value = field.defaultValue();
            }
            values.put(field.name(), value);
        }
        return new ConnectorSettings(Map.copyOf(fields), java.util.Collections.unmodifiableMap(values));
    }

    public String text(String name) {
        return value(name, SettingField.Kind.TEXT, SettingField.Kind.CHOICE);
    }

    /** A LIST setting's items in lower case (compare with {@link #contains}). */
    public Set<String> list(String name) {
        String value = value(name, SettingField.Kind.LIST);
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    public int integer(String name) {
        return Integer.parseInt(value(name, SettingField.Kind.INTEGER));
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(value(name, SettingField.Kind.FLAG));
    }

    /** Whether a LIST setting holds {@code value} (without regard to case or surrounding blanks). */
    public boolean contains(String name, String value) {
        return value != null && list(name).contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /** Every setting with its value, in declaration order. */
    public Map<String, String> asMap() {
        return values;
    }

    private String value(String name, SettingField.Kind... kinds) {
        SettingField field = fields.get(name);
        if (field == null || !List.of(kinds).contains(field.kind())) {
            throw new IllegalStateException("no " + List.of(kinds) + " setting '" + name + "' is declared");
        }
        return values.get(name);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}

package com.trueup.psa.connector;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One typed setting of a connection (e.g. which contract statuses count as billable). {@link #parse} turns what a user
 * typed into the stored text or refuses it with a message that names the setting; a blank value means the default.
 * Kinds: TEXT, LIST (comma-separated, compared without regard to case; with {@code allowed} values, only those),
 * INTEGER (between {@code min} and {@code max}), FLAG (true/false) and CHOICE (one of {@code allowed}).
 */
public record SettingField(
        String name,
        String label,
        Kind kind,
        String defaultValue,
        List<String> allowed,
        int min,
        int max,
        String description) {

    public enum Kind {
        TEXT,
        LIST,
        INTEGER,
        FLAG,
        CHOICE
    }

    private static final int MAX_LENGTH = 1000;

    public SettingField {
        allowed = List.copyOf(allowed);
        if (!name.matches("[a-z][A-Za-z0-9]{0,63}")) {
            throw new IllegalArgumentException("setting names are camelCase: " + name);
        }
        if (defaultValue == null) {
            throw new IllegalArgumentException("setting " + name + " needs a default (empty for none)");
        }
    }

    public static SettingField text(String name, String label, String defaultValue, String description) {
        return new SettingField(name, label, Kind.TEXT, defaultValue, List.of(), 0, 0, description);
    }

    public static SettingField list(String name, String label, String defaultValue, String description) {
        return new SettingField(name, label, Kind.LIST, defaultValue, List.of(), 0, 0, description);
    }

    public static SettingField integer(
            String name, String label, int defaultValue, int min, int max, String description) {
        return new SettingField(
                name, label, Kind.INTEGER, Integer.toString(defaultValue), List.of(), min, max, description);
    }

    public static SettingField flag(String name, String label, boolean defaultValue, String description) {
        return new SettingField(name, label, Kind.FLAG, Boolean.toString(defaultValue), List.of(), 0, 0, description);
    }

    public static SettingField choice(
            String name, String label, String defaultValue, List<String> allowed, String description) {
        return new SettingField(name, label, Kind.CHOICE, defaultValue, allowed, 0, 0, description);
    }

    /** A LIST whose items must be among {@code allowed}. */
    public SettingField allowing(String... values) {
        return new SettingField(name, label, kind, defaultValue, Arrays.asList(values), min, max, description);
    }

    /**
     * The value to store for {@code input}, normalised (trimmed; lists without blanks; flags as true/false; choices as
     * declared). Null means the default; blank means empty for TEXT and LIST settings, the default for the others.
     * Throws IllegalArgumentException with a message naming the setting.
     */
    public String parse(String input) {
        if (input == null) {
            return defaultValue;
        }
        String value = input.strip();
        if (value.isEmpty()) {
            return kind == Kind.TEXT || kind == Kind.LIST ? "" : defaultValue;
        }
        if (value.length() > MAX_LENGTH) {
            throw invalid("is too long (at most " + MAX_LENGTH + " characters)");
        }
        return switch (kind) {
            case TEXT -> value;
            case LIST -> {
                List<String> items = Arrays.stream(value.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList();
                for (String item : items) {
                    if (!allowed.isEmpty() && allowed.stream().noneMatch(a -> a.equalsIgnoreCase(item))) {
                        throw invalid("has '" + item + "'; allowed: " + String.join(", ", allowed));
                    }
                }
                yield String.join(",", items);
            }
            case INTEGER -> {
                int v;
                try {
                    v = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw invalid("must be a whole number, not '" + value + "'");
                }
                if (v < min || v > max) {
                    throw invalid("must be between " + min + " and " + max);
                }
                yield Integer.toString(v);
            }
            case FLAG ->
                switch (value.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on", "1" -> "true";
                    case "false", "no", "off", "0" -> "false";
                    default -> throw invalid("must be true or false, not '" + value + "'");
                };
            case CHOICE ->
                allowed.stream()
                        .filter(a -> a.equalsIgnoreCase(value))
                        .findFirst()
                        .orElseThrow(() ->
                                invalid("must be one of " + String.join(", ", allowed) + ", not '" + value + "'"));
        };
    }

    /** "Active, Expired" for lists; the value otherwise. */
    public String display(String stored) {
        return kind == Kind.LIST
                ? Arrays.stream(stored.split(",")).filter(s -> !s.isBlank()).collect(Collectors.joining(", "))
                : stored;
    }

    private IllegalArgumentException invalid(String why) {
        return new IllegalArgumentException("Setting " + name + " " + why);
    }
}

package com.trueup.psa.http;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Parses connection settings: comma-separated lists (compared case-insensitively), numbers, flags. */
public final class Settings {

    private Settings() {
    }

    /** "Active, Expired" → {active, expired}; blank → empty set. */
    public static Set<String> list(String raw) {
        if (raw == null || raw.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(raw.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    public static boolean contains(Set<String> set, String value) {
        return value != null && set.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /** A page size between 1 and {@code max}; {@code fallback} when blank or unreadable. */
    public static int pageSize(String raw, int fallback, int max) {
        try {
            int v = raw == null || raw.isBlank() ? fallback : Integer.parseInt(raw.strip());
            return Math.max(1, Math.min(v, max));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public static boolean flag(String raw, boolean fallback) {
        return raw == null || raw.isBlank() ? fallback : Boolean.parseBoolean(raw.strip());
    }
}

package com.trueup.psa.file;

/** Text fitted to a column. */
final class PsaText {

    private PsaText() {}

    static String fit(String value, int max) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        return v.length() <= max ? v : v.substring(0, max);
    }
}

package com.trueup.psa.connector;

import java.util.List;

/**
 * What a connection's base URL means for this PSA: its label, whether it is required, an example or explanation, and
 * well-known choices (regions or the vendor's hosted URL) offered on the form. A connector without a base URL (built
 * in, or fed by files) declares none.
 */
public record BaseUrlField(String label, boolean required, String hint, List<Choice> choices) {

    public record Choice(String label, String url) {}

    public BaseUrlField {
        choices = List.copyOf(choices);
    }

    public static BaseUrlField required(String label, String hint) {
        return new BaseUrlField(label, true, hint, List.of());
    }

    public static BaseUrlField optional(String label, String hint) {
        return new BaseUrlField(label, false, hint, List.of());
    }

    public BaseUrlField choice(String label, String url) {
        List<Choice> all = new java.util.ArrayList<>(choices);
        all.add(new Choice(label, url));
        return new BaseUrlField(this.label, required, hint, all);
    }
}

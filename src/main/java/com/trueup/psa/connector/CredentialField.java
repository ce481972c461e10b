package com.trueup.psa.connector;

/**
 * One credential a connection of this PSA takes (names as the PSA's documentation calls them). {@code secret} values
 * are typed into password inputs; all credentials are stored encrypted and never shown again.
 */
public record CredentialField(String name, String label, String help, boolean secret, boolean required) {

    public static CredentialField secret(String name, String label, String help) {
        return new CredentialField(name, label, help, true, true);
    }

    public static CredentialField plain(String name, String label, String help) {
        return new CredentialField(name, label, help, false, true);
    }

    public CredentialField optional() {
        return new CredentialField(name, label, help, secret, false);
    }
}

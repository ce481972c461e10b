package com.trueup.psa.connector;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything TrueUp's core knows about a PSA, declared by its connector: the type (stored with each connection), label
 * and description for the pages, what the base URL is, the credential fields, the typed settings, how it
 * authenticates, what it can do, and what the user must set up in the PSA ({@code setupHelp}, e.g. the permissions
 * an API token needs) and the PSA's documented CSV exports TrueUp imports as they come ({@code fileLayouts}, for the
 * parts its API cannot read). The connection pages, the API's validation and the documentation tables are made from it.
 */
public record ConnectorDescriptor(
        String type,
        String label,
        String description,
        BaseUrlField baseUrl,
        List<CredentialField> credentials,
        List<SettingField> settings,
        AuthKind auth,
        Capabilities capabilities,
        String setupHelp,
        List<FileLayout> fileLayouts) {

    public ConnectorDescriptor {
        fileLayouts = List.copyOf(fileLayouts);
        if (type == null || !type.matches("[a-z][a-z0-9-]{1,39}")) {
            throw new IllegalArgumentException("a PSA type is lower-case letters, digits and '-': " + type);
        }
        credentials = List.copyOf(credentials);
        settings = List.copyOf(settings);
        Set<String> names = new LinkedHashSet<>();
        credentials.forEach(c -> unique(names, "credential " + c.name()));
        settings.forEach(s -> unique(names, "setting " + s.name()));
    }

    private static void unique(Set<String> names, String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("declared twice: " + name);
        }
    }

    public static Builder builder(String type, String label) {
        return new Builder(type, label);
    }

    public Optional<CredentialField> credential(String name) {
        return credentials.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<SettingField> setting(String name) {
        return settings.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public static final class Builder {
        private final String type;
        private final String label;
        private String description;
        private BaseUrlField baseUrl;
        private final List<CredentialField> credentials = new ArrayList<>();
        private final List<SettingField> settings = new ArrayList<>();
        private AuthKind auth = AuthKind.NONE;
        private Capabilities capabilities;
        private String setupHelp;
        private final List<FileLayout> fileLayouts = new ArrayList<>();

        private Builder(String type, String label) {
            this.type = type;
            this.label = label;
        }

        public Builder description(String text) {
            description = text;
            return this;
        }

        public Builder baseUrl(BaseUrlField field) {
            baseUrl = field;
            return this;
        }

        public Builder credential(CredentialField field) {
            credentials.add(field);
            return this;
        }

        public Builder setting(SettingField field) {
            settings.add(field);
            return this;
        }

        public Builder auth(AuthKind kind) {
            auth = kind;
            return this;
        }

        public Builder capabilities(Capabilities value) {
            capabilities = value;
            return this;
        }

        public Builder setupHelp(String text) {
            setupHelp = text;
            return this;
        }

        public Builder fileLayout(FileLayout layout) {
            fileLayouts.add(layout);
            return this;
        }

        public ConnectorDescriptor build() {
            if (capabilities == null) {
                throw new IllegalStateException(type + " declares no capabilities");
            }
            return new ConnectorDescriptor(
                    type,
                    label,
                    description,
                    baseUrl,
                    credentials,
                    settings,
                    auth,
                    capabilities,
                    setupHelp,
                    fileLayouts);
        }
    }
}

package com.trueup.psa;

import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.PsaConnector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The connector beans by type, in a stable order (the Sandbox first, then by label): adding a PSA is adding a
 * connector bean; nothing here or in the pages names a particular PSA.
 */
@Component
class Connectors {

    private final Map<String, PsaConnector> byType = new LinkedHashMap<>();

    Connectors(List<PsaConnector> connectors) {
        connectors.stream()
                .sorted((a, b) -> a.type().equals("sandbox")
                        ? -1
                        : b.type().equals("sandbox")
                                ? 1
                                : a.descriptor()
                                        .label()
                                        .compareToIgnoreCase(b.descriptor().label()))
                .forEach(connector -> {
                    PsaConnector previous = byType.putIfAbsent(connector.type(), connector);
                    if (previous != null) {
                        throw new IllegalStateException("Two connectors for PSA type " + connector.type() + ": "
                                + previous.getClass().getName() + " and "
                                + connector.getClass().getName());
                    }
                });
    }

    Optional<PsaConnector> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** The connector of {@code type}, or a permanent failure saying this installation has none. */
    PsaConnector require(String type) {
        return find(type)
                .orElseThrow(() -> new PsaException(
                        PsaException.Kind.PERMANENT,
                        "PSA type '" + type + "' is not supported by this TrueUp installation"));
    }

    Optional<ConnectorDescriptor> descriptor(String type) {
        return find(type).map(PsaConnector::descriptor);
    }

    List<ConnectorDescriptor> descriptors() {
        return byType.values().stream().map(PsaConnector::descriptor).toList();
    }

    List<String> types() {
        return List.copyOf(byType.keySet());
    }
}

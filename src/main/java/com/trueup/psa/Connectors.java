package com.trueup.psa;

import com.trueup.psa.connector.PsaConnector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The connector beans by {@link PsaConnector#type()}: adding a connector needs no change here. */
@Component
class Connectors {

    /** Capabilities of a type without a connector: nothing can be read or written. */
    static final ConnectorCapabilities NONE = new ConnectorCapabilities(false, false, false, false, 0);

    private final Map<String, PsaConnector> byType = new LinkedHashMap<>();

    Connectors(List<PsaConnector> connectors) {
        for (PsaConnector connector : connectors) {
            PsaConnector previous = byType.putIfAbsent(connector.type(), connector);
            if (previous != null) {
                throw new IllegalStateException("Two connectors for PSA type " + connector.type() + ": "
                        + previous.getClass().getName() + " and " + connector.getClass().getName());
            }
        }
    }

    Optional<PsaConnector> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** The connector of {@code type}, or a permanent failure saying the type is not supported. */
    PsaConnector require(String type) {
        return find(type).orElseThrow(() -> new PsaException(PsaException.Kind.PERMANENT,
                "PSA type '" + type + "' is not supported by this TrueUp installation"));
    }

    boolean supports(String type) {
        return byType.containsKey(type);
    }

    ConnectorCapabilities capabilities(String type) {
        return find(type).map(PsaConnector::capabilities).orElse(NONE);
    }

    List<String> types() {
        return List.copyOf(byType.keySet());
    }
}

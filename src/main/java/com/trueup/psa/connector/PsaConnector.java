package com.trueup.psa.connector;

/**
 * A PSA: its {@link ConnectorDescriptor} and, per operation, a {@link PsaClient} bound to one connection. Connectors
 * are stateless Spring beans in a sub-package of {@code com.trueup.psa} of their own; see the package documentation for
 * the rules every implementation keeps.
 */
public interface PsaConnector {

    ConnectorDescriptor descriptor();

    /** A client for one operation on the connection described by {@code context}; cheap, nothing is sent yet. */
    PsaClient open(ConnectorContext context);

    default String type() {
        return descriptor().type();
    }
}

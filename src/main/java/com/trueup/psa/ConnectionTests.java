package com.trueup.psa;

import com.trueup.audit.AuditLog;
import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.ConnectorSettings;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.store.StoredConnection;
import com.trueup.shared.TenantCalendar;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * "Test connection": calls the PSA through its connector, with a saved connection or with what a form holds before it
 * is saved. A failure is an answer (ok=false with the PSA's message), not an error; every test is in the audit log.
 */
@Service
class ConnectionTests {

    private static final Logger log = LoggerFactory.getLogger(ConnectionTests.class);

    record TestResult(boolean ok, String message) {}

    private final PsaConnections connections;
    private final ConnectionCredentials credentials;
    private final Connectors connectors;
    private final AuditLog audit;
    private final Clock clock;
    private final TenantCalendar calendar;

    ConnectionTests(
            PsaConnections connections,
            ConnectionCredentials credentials,
            Connectors connectors,
            AuditLog audit,
            Clock clock,
            TenantCalendar calendar) {
        this.connections = connections;
        this.credentials = credentials;
        this.connectors = connectors;
        this.audit = audit;
        this.clock = clock;
        this.calendar = calendar;
    }

    /** Calls the PSA with the saved connection and records the outcome as the connection's status. */
    TestResult test(UUID tenantId, UUID id, String actor) {
        StoredConnection connection = connections.get(tenantId, id);
        TestResult result;
        try {
            PsaConnector connector = connectors.require(connection.type());
            result = new TestResult(
                    true, connector.open(credentials.context(connection)).testConnection());
        } catch (CredentialCipher.UnreadableException e) {
            result = new TestResult(false, "The saved credentials cannot be read: " + e.getMessage());
        } catch (RuntimeException e) {
            result = failed(e);
        }
        connections.setStatus(tenantId, id, result.ok() ? "connected" : "error", result.message());
        audit.record(
                tenantId,
                actor,
                "psa.connection.tested",
                connection.name(),
                (result.ok() ? "ok: " : "failed: ") + result.message());
        return result;
    }

    /** Tests credentials before they are saved (the connection form's "Test connection"). Nothing is stored. */
    TestResult testUnsaved(
            UUID tenantId, String typeName, String baseUrlInput, Map<String, String> credentialsInput, String actor) {
        ConnectorDescriptor type = ConnectionInput.supportedType(connectors, typeName);
        String baseUrl = ConnectionInput.checkedBaseUrl(type, baseUrlInput);
        Map<String, String> typed = ConnectionInput.checkedCredentials(type, ConnectionInput.cleaned(credentialsInput));
        TestResult result;
        try {
            var context = new ConnectorContext(
                    tenantId,
                    null,
                    baseUrl,
                    Map.copyOf(typed),
                    ConnectorSettings.of(type.settings(), Map.of()),
                    clock.withZone(calendar.zone(tenantId)));
            result = new TestResult(
                    true, connectors.require(type.type()).open(context).testConnection());
        } catch (RuntimeException e) {
            result = failed(e);
        }
        audit.record(
                tenantId,
                actor,
                "psa.connection.tested",
                type.label() + " (not saved)",
                (result.ok() ? "ok: " : "failed: ") + result.message());
        return result;
    }

    private TestResult failed(RuntimeException e) {
        log.info("PSA connection test failed: {}", e.getClass().getSimpleName());
        String message = e.getMessage() == null || e.getMessage().isBlank()
                ? e.getClass().getSimpleName()
                : e.getMessage();
        return new TestResult(false, PsaConnections.truncate(message, 1000));
    }
}

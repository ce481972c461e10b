package com.trueup.psa;

import com.trueup.psa.PsaWriter.WriteResult;
import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.LineRef;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.RemoteCompany;
import com.trueup.psa.connector.RemoteContract;
import com.trueup.psa.connector.RemoteLine;
import com.trueup.psa.connector.RemoteProduct;
import com.trueup.psa.connector.SnapshotSink;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * A scriptable connector of type {@value StubConnector#TYPE} (takes any credentials) and a recorder of
 * {@link PsaEvents.SnapshotRefreshed}. Tests script it per connection id, so test classes never see each other's data.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestPsaConnectors {

    @Bean
    StubConnector stubConnector() {
        return new StubConnector();
    }

    @Bean
    RefreshedEvents refreshedEvents() {
        return new RefreshedEvents();
    }

    /** What the stub PSA holds and does for one connection. */
    public static final class Script {
        public volatile List<String> companies = List.of();
        public volatile String failReadWith;
        public volatile String failTestWith;
    }

    public static final class StubConnector implements PsaConnector {

        public static final String TYPE = "test-psa";
        public final Map<UUID, Script> scripts = new ConcurrentHashMap<>();
        /** The last context each connection's calls received (credentials as the connector saw them). */
        public final Map<UUID, ConnectorContext> lastContext = new ConcurrentHashMap<>();

        public Script script(UUID connectionId) {
            return scripts.computeIfAbsent(connectionId, id -> new Script());
        }

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public com.trueup.psa.ConnectorCapabilities capabilities() {
            return new com.trueup.psa.ConnectorCapabilities(true, false, true, false, 1000);
        }

        @Override
        public String testConnection(ConnectorContext context) {
            if (context.connectionId() != null) {
                lastContext.put(context.connectionId(), context);
                String failure = script(context.connectionId()).failTestWith;
                if (failure != null) {
                    throw new PsaException(PsaException.Kind.PERMANENT, failure);
                }
            }
            return "stub PSA reached";
        }

        @Override
        public void readSnapshot(ConnectorContext context, SnapshotSink sink) {
            lastContext.put(context.connectionId(), context);
            Script script = script(context.connectionId());
            sink.product(new RemoteProduct("p1", "SKU-1", "Seats", new BigDecimal("2.00"), new BigDecimal("1.00")));
            int n = 0;
            for (String company : script.companies) {
                n++;
                sink.company(new RemoteCompany("c" + n, company, true));
                sink.contract(new RemoteContract("k" + n, "c" + n, "Recurring " + company, true));
                sink.line(new RemoteLine("l" + n, "k" + n, "c" + n, "p1", BigDecimal.valueOf(n), new BigDecimal("2.00"),
                        new BigDecimal("1.00"), true));
                if (script.failReadWith != null && n == 1) {
                    throw new PsaException(PsaException.Kind.RETRYABLE, script.failReadWith);
                }
            }
        }

        @Override
        public BigDecimal readQuantity(ConnectorContext context, LineRef line) {
            return BigDecimal.ONE;
        }

        @Override
        public WriteResult setQuantity(ConnectorContext context, LineRef line, BigDecimal target, LocalDate effectiveDate,
                String idempotencyKey) {
            return new WriteResult("adj-1", target, "ok");
        }

        @Override
        public WriteResult createLine(ConnectorContext context, String companyExternalId, String contractExternalId,
                RemoteProduct product, BigDecimal quantity, LocalDate effectiveDate, String idempotencyKey) {
            throw new PsaException(PsaException.Kind.PERMANENT, "not supported");
        }
    }

    public static final class RefreshedEvents {

        public final List<PsaEvents.SnapshotRefreshed> received = new CopyOnWriteArrayList<>();

        @EventListener
        void on(PsaEvents.SnapshotRefreshed event) {
            received.add(event);
        }
    }
}

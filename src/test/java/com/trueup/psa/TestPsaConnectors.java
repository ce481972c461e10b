package com.trueup.psa;

import com.trueup.psa.connector.AuthKind;
import com.trueup.psa.connector.BaseUrlField;
import com.trueup.psa.connector.Capabilities;
import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.CredentialField;
import com.trueup.psa.connector.LineRef;
import com.trueup.psa.connector.PsaClient;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.QuantityChange;
import com.trueup.psa.connector.RateLimits;
import com.trueup.psa.connector.RemoteCompany;
import com.trueup.psa.connector.RemoteContract;
import com.trueup.psa.connector.RemoteLine;
import com.trueup.psa.connector.RemoteProduct;
import com.trueup.psa.connector.SettingField;
import com.trueup.psa.connector.SnapshotSink;
import com.trueup.psa.connector.WriteResult;
import com.trueup.psa.connector.WriteStyle;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder(TYPE, "Test PSA")
                .description("A scriptable PSA for tests.")
                .baseUrl(BaseUrlField.optional("Base URL", null))
                .credential(CredentialField.plain("user", "User", null).optional())
                .credential(CredentialField.secret("privateKey", "Private key", null)
                        .optional())
                .setting(SettingField.list(
                        "billableContractTypes", "Billable contract types", "recurring", "Types billed."))
                .setting(SettingField.integer("pageSize", "Page size", 100, 1, 100, "Items per page."))
                .auth(AuthKind.HEADERS)
                .capabilities(Capabilities.builder()
                        .readsEverything()
                        .updatesLines(WriteStyle.ABSOLUTE)
                        .wholeQuantitiesOnly()
                        .honoursEffectiveDate()
                        .rateLimits(RateLimits.perHour(1000))
                        .build())
                .build();

        public final Map<UUID, Script> scripts = new ConcurrentHashMap<>();
        /** The last context each connection's calls received (credentials as the connector saw them). */
        public final Map<UUID, ConnectorContext> lastContext = new ConcurrentHashMap<>();

        public Script script(UUID connectionId) {
            return scripts.computeIfAbsent(connectionId, id -> new Script());
        }

        @Override
        public ConnectorDescriptor descriptor() {
            return DESCRIPTOR;
        }

        @Override
        public PsaClient open(ConnectorContext context) {
            return new PsaClient() {
                @Override
                public String testConnection() {
                    if (context.connectionId() != null) {
                        lastContext.put(context.connectionId(), context);
                        String failure = script(context.connectionId()).failTestWith;
                        if (failure != null) {
                            throw ConnectorException.permanent(failure);
                        }
                    }
                    return "stub PSA reached";
                }

                @Override
                public void readSnapshot(SnapshotSink sink) {
                    lastContext.put(context.connectionId(), context);
                    Script script = script(context.connectionId());
                    sink.product(
                            new RemoteProduct("p1", "SKU-1", "Seats", new BigDecimal("2.00"), new BigDecimal("1.00")));
                    int n = 0;
                    for (String company : script.companies) {
                        n++;
                        sink.company(new RemoteCompany("c" + n, company, true));
                        sink.contract(new RemoteContract("k" + n, "c" + n, "Recurring " + company, true));
                        sink.line(new RemoteLine(
                                "l" + n,
                                "k" + n,
                                "c" + n,
                                "p1",
                                BigDecimal.valueOf(n),
                                new BigDecimal("2.00"),
                                new BigDecimal("1.00"),
                                true));
                        if (script.failReadWith != null && n == 1) {
                            throw ConnectorException.retryable(script.failReadWith, null);
                        }
                    }
                }

                @Override
                public Optional<BigDecimal> readQuantity(LineRef line, LocalDate date) {
                    return Optional.of(BigDecimal.ONE);
                }

                @Override
                public WriteResult writeQuantity(LineRef line, QuantityChange change) {
                    return new WriteResult("adj-1", change.target(), "ok");
                }
            };
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

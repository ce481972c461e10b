package com.trueup.writeback;

import com.trueup.psa.connector.Capabilities;
import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.PsaClient;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.RemoteCompany;
import com.trueup.psa.connector.RemoteContract;
import com.trueup.psa.connector.RemoteLine;
import com.trueup.psa.connector.RemoteProduct;
import com.trueup.psa.connector.SnapshotSink;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A test-only connector of type {@value LedgerPsa#TYPE} whose PSA can be read but not written: its descriptor declares
 * neither updating nor creating lines, and the PSA takes no effective date (a change applies from the contract's next
 * invoice). What the "PSA" holds is scripted per connection, so a test plays the person who applies the change sheet
 * there and then syncs.
 */
@TestConfiguration(proxyBeanMethods = false)
public class LedgerPsaConfig {

    @Bean
    LedgerPsa ledgerPsa() {
        return LedgerPsa.INSTANCE;
    }

    /** What one connection's PSA holds. */
    public static final class Books {
        final Map<String, RemoteCompany> companies = new ConcurrentHashMap<>();
        final Map<String, RemoteProduct> products = new ConcurrentHashMap<>();
        final Map<String, RemoteContract> contracts = new ConcurrentHashMap<>();
        final Map<String, RemoteLine> lines = new ConcurrentHashMap<>();

        public Books company(String id, String name) {
            companies.put(id, new RemoteCompany(id, name, true));
            return this;
        }

        public Books product(String id, String code, String name) {
            products.put(id, new RemoteProduct(id, code, name, new BigDecimal("5.00"), new BigDecimal("3.25")));
            return this;
        }

        public Books contract(String id, String companyId, String name, LocalDate nextInvoice) {
            contracts.put(id, new RemoteContract(id, companyId, name, true, nextInvoice));
            return this;
        }

        public Books line(String id, String contractId, String productId, int quantity) {
            RemoteContract contract = contracts.get(contractId);
            lines.put(
                    id,
                    new RemoteLine(
                            id,
                            contractId,
                            contract.companyExternalId(),
                            productId,
                            BigDecimal.valueOf(quantity),
                            new BigDecimal("5.00"),
                            new BigDecimal("3.25"),
                            true));
            return this;
        }

        /** A person changes the line's quantity in the PSA. */
        public Books quantity(String lineId, int quantity) {
            RemoteLine l = lines.get(lineId);
            lines.put(
                    lineId,
                    new RemoteLine(
                            l.externalId(),
                            l.contractExternalId(),
                            l.companyExternalId(),
                            l.productExternalId(),
                            BigDecimal.valueOf(quantity),
                            l.unitPrice(),
                            l.unitCost(),
                            l.active()));
            return this;
        }
    }

    public static final class LedgerPsa implements PsaConnector {

        public static final String TYPE = "ledger-psa";
        public static final String LABEL = "Ledger PSA";
        static final LedgerPsa INSTANCE = new LedgerPsa();

        private static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder(TYPE, LABEL)
                .description("A test PSA whose API reads contracts but cannot change them.")
                .capabilities(Capabilities.builder()
                        .readsEverything()
                        .ignoresEffectiveDate("the contract's next invoice")
                        .limitation("Its API cannot change or add contract lines: changes go to the change sheet.")
                        .build())
                .build();

        private final Map<UUID, Books> books = new ConcurrentHashMap<>();

        public Books books(UUID connectionId) {
            return books.computeIfAbsent(connectionId, id -> new Books());
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
                    return "Ledger PSA reached";
                }

                @Override
                public void readSnapshot(SnapshotSink sink) {
                    Books b = books(context.connectionId());
                    b.companies.values().forEach(sink::company);
                    b.products.values().forEach(sink::product);
                    b.contracts.values().forEach(sink::contract);
                    b.lines.values().forEach(sink::line);
                }
            };
        }
    }
}

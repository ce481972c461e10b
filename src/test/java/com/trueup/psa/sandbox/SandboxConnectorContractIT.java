package com.trueup.psa.sandbox;

import com.trueup.psa.PsaConnectorContract;
import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.ConnectorSettings;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.http.HttpKit;
import com.trueup.psa.contract.FakePsa;
import com.trueup.psa.contract.PsaWorld;
import com.trueup.psa.contract.StubServer;
import com.trueup.support.Http;
import com.trueup.support.TestClockConfig;
import com.trueup.support.TestDatabases;
import com.trueup.support.TestTenants;
import com.trueup.tenant.Organisations;
import com.trueup.tenant.UserAccounts;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The connector contract for the Sandbox PSA: its "PSA" is TrueUp's own sandbox tables, on H2 and on PostgreSQL. The
 * scenarios that need HTTP (faults, tokens, request budgets) do not apply to it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestClockConfig.class)
class SandboxConnectorContractIT extends PsaConnectorContract {

    @LocalServerPort
    int port;

    @Autowired
    SandboxStore store;

    @Autowired
    SandboxConnector sandbox;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Organisations organisations;

    @Autowired
    UserAccounts users;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        Map<String, String> db = TestDatabases.newDatabase();
        registry.add("spring.datasource.url", () -> db.get("url"));
        registry.add("spring.datasource.username", () -> db.get("username"));
        registry.add("spring.datasource.password", () -> db.get("password"));
        registry.add("trueup.data-dir", () -> System.getProperty("java.io.tmpdir") + "/trueup-test-data");
    }

    /** One organisation and sandbox connection for all scenarios: each loads its world afresh. */
    private static UUID tenantId;

    private static UUID connectionId;

    @Override
    protected FakePsa newFakePsa(Clock clock) {
        if (connectionId == null) {
            var tenant = new TestTenants(organisations, users, "http://localhost:" + port).create();
            Http.Response created =
                    tenant.api().post("/api/v1/psa-connections", Map.of("type", "sandbox", "name", "Sandbox"));
            tenantId = tenant.id();
            connectionId = UUID.fromString(created.json().get("id").asString());
        }
        return new SandboxFake(tenantId, connectionId, clock);
    }

    @Override
    protected PsaConnector newConnector(HttpKit kit) {
        return sandbox;
    }

    @Override
    protected Map<String, String> overridingBillableSettings() {
        return Map.of("billableContractTypes", "recurring,one-time");
    }

    @Override
    protected Set<String> contractsBillableUnderOverride() {
        return Set.of("k1", "k2", "k3", "k4");
    }

    @Override
    protected int fullSyncRequests() {
        return 0;
    }

    /** The sandbox tables of one connection, as the fake PSA of the contract. */
    private final class SandboxFake implements FakePsa {
        private final UUID tenantId;
        private final UUID connectionId;
        private final Clock clock;
        private final Map<String, UUID> ids = new LinkedHashMap<>();
        private final Map<UUID, String> keys = new HashMap<>();
        private final AtomicInteger created = new AtomicInteger();

        SandboxFake(UUID tenantId, UUID connectionId, Clock clock) {
            this.tenantId = tenantId;
            this.connectionId = connectionId;
            this.clock = clock;
        }

        @Override
        public void load(PsaWorld world) {
            store.clear(tenantId, connectionId);
            ids.clear();
            keys.clear();
            for (PsaWorld.Company c : world.companies()) {
                remember(
                        c.key(),
                        store.addCompany(
                                tenantId,
                                connectionId,
                                c.name(),
                                c.standing().name().toLowerCase()));
            }
            for (PsaWorld.Product p : world.products()) {
                remember(p.key(), store.addProduct(tenantId, connectionId, p.code(), p.name(), p.price(), p.cost()));
            }
            for (PsaWorld.Contract k : world.contracts()) {
                remember(
                        k.key(),
                        store.addContract(
                                tenantId,
                                connectionId,
                                ids.get(k.companyKey()),
                                k.name(),
                                k.kind() == PsaWorld.ContractKind.NOT_RECURRING ? "one-time" : "recurring",
                                k.kind() == PsaWorld.ContractKind.ENDED ? "inactive" : "active"));
            }
            for (PsaWorld.Line l : world.lines()) {
                UUID id = store.addLine(
                        tenantId,
                        connectionId,
                        ids.get(l.contractKey),
                        ids.get(l.productKey),
                        l.quantity,
                        l.price,
                        l.cost,
                        null,
                        "test",
                        "test",
                        null);
                remember(l.key, id);
                if (l.cancelled) {
                    store.updateLine(tenantId, connectionId, id, null, null, null, true, null, "test", "test", null);
                }
            }
        }

        private void remember(String key, UUID id) {
            ids.put(key, id);
            keys.put(id, key);
        }

        /** The sandbox as a world, lines with the quantities they hold now; lines it created get keys new1, new2, ... */
        @Override
        public PsaWorld world() {
            PsaWorld world = new PsaWorld();
            store.companies(tenantId, connectionId)
                    .forEach(c -> world.company(
                            key(c.id()),
                            c.name(),
                            PsaWorld.Standing.valueOf(c.status().toUpperCase())));
            store.products(tenantId, connectionId)
                    .forEach(p -> world.product(
                            key(p.id()),
                            p.identifier(),
                            p.name(),
                            p.price().toPlainString(),
                            p.cost().toPlainString()));
            for (var k : store.contracts(tenantId, connectionId, null)) {
                world.contract(
                        key(k.id()),
                        key(k.companyId()),
                        k.name(),
                        "one-time".equals(k.type())
                                ? PsaWorld.ContractKind.NOT_RECURRING
                                : "inactive".equals(k.status())
                                        ? PsaWorld.ContractKind.ENDED
                                        : PsaWorld.ContractKind.RECURRING);
                for (var l : k.lines()) {
                    world.line(
                            key(l.id()),
                            key(k.id()),
                            key(l.productId()),
                            l.quantity().toPlainString(),
                            l.cancelled());
                }
            }
            return world;
        }

        private String key(UUID id) {
            return keys.computeIfAbsent(id, unknown -> {
                String key = "new" + created.incrementAndGet();
                ids.put(key, unknown);
                return key;
            });
        }

        @Override
        public void deleteLine(String key) {
            jdbc.sql("delete from psa_sandbox_line where tenant_id = :tenant and id = :id")
                    .param("tenant", tenantId)
                    .param("id", ids.get(key))
                    .update();
        }

        @Override
        public void changeQuantity(String key, BigDecimal quantity) {
            store.updateLine(
                    tenantId, connectionId, ids.get(key), quantity, null, null, null, null, "test", "test", null);
        }

        @Override
        public ConnectorContext context(Map<String, String> settings) {
            return new ConnectorContext(
                    tenantId,
                    connectionId,
                    null,
                    Map.of(),
                    ConnectorSettings.of(SandboxConnector.DESCRIPTOR.settings(), settings),
                    clock);
        }

        @Override
        public String id(String key) {
            if (!ids.containsKey(key)) {
                world();
            }
            return String.valueOf(ids.get(key));
        }

        @Override
        public String identifier(PsaWorld.Product product) {
            return product.code();
        }

        @Override
        public Optional<StubServer> server() {
            return Optional.empty();
        }

        @Override
        public Map<String, String> smallPages() {
            return Map.of();
        }

        @Override
        public void rejectCredentials() {
            throw new UnsupportedOperationException("the Sandbox PSA takes no credentials");
        }

        @Override
        public StubServer.Answer error(int status, String message) {
            throw new UnsupportedOperationException("the Sandbox PSA is not reached over HTTP");
        }
    }
}

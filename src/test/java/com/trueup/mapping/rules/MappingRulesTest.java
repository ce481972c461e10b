package com.trueup.mapping.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.trueup.audit.AuditLog;
import com.trueup.integration.FakeVendorDirectory;
import com.trueup.integration.MappingLookup;
import com.trueup.integration.VendorAccount;
import com.trueup.integration.VendorIntegration;
import com.trueup.integration.VendorService;
import com.trueup.mapping.AccountMapping;
import com.trueup.mapping.MappingEvents;
import com.trueup.mapping.ServiceMapping;
import com.trueup.mapping.rules.MappingBoard.AccountRow;
import com.trueup.mapping.rules.MappingBoard.ServiceRow;
import com.trueup.mapping.rules.MappingBoard.Status;
import com.trueup.mapping.store.MappingStore;
import com.trueup.psa.FakePsaSnapshot;
import com.trueup.psa.FakePsaSnapshot.SyncRequest;
import com.trueup.psa.PsaCompany;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaProduct;
import com.trueup.shared.ConflictException;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The mapping rules against fakes of the vendor directory and the PSA snapshot, with the real SQL on an in-memory
 * H2 database (no Spring context).
 */
class MappingRulesTest {

    private static final Instant NOW = Instant.parse("2026-07-15T10:00:00Z");
    private static final String ADMIN = "admin@msp.test";

    private final FakeVendorDirectory vendors = new FakeVendorDirectory();
    private final FakePsaSnapshot psa = new FakePsaSnapshot();
    private final AuditLog audit = mock(AuditLog.class);
    private final List<Object> events = new ArrayList<>();
    private MappableItems items;
    private MappingBoards boards;
    private AccountMappingChanges accountChanges;
    private ServiceMappingChanges serviceChanges;
    private AutoMapping autoMapping;
    private MappingFinish finishing;
    private IntegrationCleanup cleanup;
    private MappingCounts counts;
    private ReconciliationMappings reconciliationMappings;
    private VendorMappingLookup vendorLookup;

    private final UUID tenant = UUID.randomUUID();
    private VendorIntegration keeper;
    private PsaConnectionInfo connection;

    @BeforeEach
    void setUp() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:mapping-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V30_1__mapping.sql")).execute(dataSource);
        MappingStore store = new MappingStore(JdbcClient.create(dataSource));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        MappingChangeLog log = new MappingChangeLog(audit, events::add);
        items = new MappableItems(vendors);
        boards = new MappingBoards(store, vendors, psa, items);
        accountChanges = new AccountMappingChanges(store, items, psa, log, clock);
        serviceChanges = new ServiceMappingChanges(store, items, psa, log, clock);
        autoMapping = new AutoMapping(store, vendors, psa, items, log, clock);
        finishing = new MappingFinish(store, psa, items, boards, log, clock);
        cleanup = new IntegrationCleanup(store, vendors, log);
        counts = new MappingCounts(store, vendors, psa, items);
        reconciliationMappings = new ReconciliationMappings(store, psa, items);
        vendorLookup = new VendorMappingLookup(store, psa);
        keeper = vendors.addIntegration(tenant, "Keeper Security");
        connection = psa.connect(tenant, "Sandbox PSA");
    }

    // ---------------------------------------------------------------- auto-mapping

    @Test
    void exactNamesAreAutoMappedAndNearMissesAreOnlySuggested() {
        VendorAccount acme = vendors.addAccount(keeper, "kc-1001", "Acme Dental Group", NOW);
        VendorAccount blueRidge = vendors.addAccount(keeper, "kc-1002", "Blue Ridge Logistics", NOW);
        VendorAccount cedar = vendors.addAccount(keeper, "kc-1003", "  Cedar Creek Veterinary ", NOW);
        VendorAccount northwind = vendors.addAccount(keeper, "kc-1017", "northwind traders", NOW);
        PsaCompany acmeLlc = psa.company(connection, "Acme Dental Group, LLC");
        PsaCompany blueRidgeCo = psa.company(connection, "Blue Ridge Logistics");
        PsaCompany cedarCo = psa.company(connection, "Cedar Creek Veterinary");
        PsaCompany northwindCo = psa.company(connection, "Northwind Traders");

        assertThat(autoMapping.autoMap(tenant, keeper.id())).isEqualTo(2);

        var board = boards.accountBoard(tenant, keeper.id(), true);
        AccountRow blue = row(board, blueRidge);
        assertThat(blue.status()).isEqualTo(Status.MAPPED);
        assertThat(blue.company().id()).isEqualTo(blueRidgeCo.id());
        assertThat(blue.auto()).isTrue();
        assertThat(blue.mappedBy()).isEqualTo(MappingChangeLog.SYSTEM);
        assertThat(row(board, cedar).company().id()).isEqualTo(cedarCo.id());

        AccountRow acmeRow = row(board, acme);
        assertThat(acmeRow.status()).isEqualTo(Status.UNMAPPED);
        assertThat(acmeRow.suggestions()).extracting(s -> s.item().id()).containsExactly(acmeLlc.id());
        assertThat(acmeRow.suggestions().get(0).score()).isBetween(60, 99);
        AccountRow northwindRow = row(board, northwind);
        assertThat(northwindRow.status()).as("case differs: only a suggestion").isEqualTo(Status.UNMAPPED);
        assertThat(northwindRow.suggestions()).extracting(s -> s.item().id()).containsExactly(northwindCo.id());
        assertThat(board.counts()).isEqualTo(new MappingBoard.Counts(4, 2, 2, 0));

        assertThat(reconciliationMappings.accountMappings(tenant))
                .containsExactlyInAnyOrder(
                        new AccountMapping(keeper.id(), blueRidge.id(), blueRidgeCo.id(), false),
                        new AccountMapping(keeper.id(), cedar.id(), cedarCo.id(), false));
        verify(audit, times(2))
                .record(eq(tenant), eq("system"), eq("mapping.account-mapped"), anyString(), anyString());
        assertThat(events).contains(new MappingEvents.MappingsChanged(tenant, keeper.id()));

        events.clear();
        assertThat(autoMapping.autoMap(tenant, keeper.id())).as("idempotent").isZero();
        assertThat(events).isEmpty();
    }

    @Test
    void ambiguousExactNamesAreSuggestedNotMapped() {
        VendorAccount account = vendors.addAccount(keeper, "kc-1", "Valley Grove Church", NOW);
        PsaCompany one = psa.company(connection, "Valley Grove Church");
        PsaCompany two = psa.company(connection, "Valley Grove Church");

        assertThat(autoMapping.autoMap(tenant, null)).isZero();

        AccountRow row = row(boards.accountBoard(tenant, keeper.id(), true), account);
        assertThat(row.status()).isEqualTo(Status.UNMAPPED);
        assertThat(row.suggestions()).extracting(s -> s.item().id()).containsExactlyInAnyOrder(one.id(), two.id());
        assertThat(row.suggestions()).allSatisfy(s -> assertThat(s.score()).isEqualTo(100));
    }

    @Test
    void servicesAutoMapByExactNameAndNearMissesAreSuggested() {
        VendorService business = vendors.addService(keeper, "Keeper Business");
        VendorService storage = vendors.addService(keeper, "Secure File Storage");
        PsaProduct businessProduct = psa.product(connection, "KEEPER-BIZ", "Keeper Business");
        PsaProduct storageProduct = psa.product(connection, "KEEPER-SFS", "Keeper Secure File Storage 100GB");
        psa.product(connection, "BACKUP-M", "Managed Backup");

        assertThat(autoMapping.autoMap(tenant, keeper.id())).isEqualTo(1);

        var board = boards.serviceBoard(tenant, keeper.id(), true);
        ServiceRow businessRow = row(board, business);
        assertThat(businessRow.status()).isEqualTo(Status.MAPPED);
        assertThat(businessRow.products()).extracting(MappingBoard.PsaItem::id).containsExactly(businessProduct.id());
        ServiceRow storageRow = row(board, storage);
        assertThat(storageRow.status()).isEqualTo(Status.UNMAPPED);
        assertThat(storageRow.suggestions()).extracting(s -> s.item().id()).containsExactly(storageProduct.id());
        assertThat(reconciliationMappings.serviceMappings(tenant))
                .containsExactly(new ServiceMapping(keeper.id(), business.id(), List.of(businessProduct.id()), false));
    }

    @Test
    void nothingIsAutoMappedWithoutAPsaConnection() {
        UUID otherTenant = UUID.randomUUID();
        VendorIntegration other = vendors.addIntegration(otherTenant, "Keeper Security");
        vendors.addAccount(other, "kc-1", "Acme Dental Group", NOW);

        assertThat(autoMapping.autoMap(otherTenant, null)).isZero();
        assertThat(boards.accountBoard(otherTenant, other.id(), true).counts().unmapped())
                .isEqualTo(1);
        assertThatThrownBy(() -> accountChanges.mapAccount(
                        otherTenant,
                        ADMIN,
                        other.id(),
                        vendors.accounts(otherTenant, other.id()).get(0).id(),
                        UUID.randomUUID()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("Connect your PSA");
    }

    @Test
    void autoMappingNeverUndoesAPersonsDecision() {
        VendorAccount blueRidge = vendors.addAccount(keeper, "kc-1002", "Blue Ridge Logistics", NOW);
        VendorAccount cedar = vendors.addAccount(keeper, "kc-1003", "Cedar Creek Veterinary", NOW);
        VendorAccount harbor = vendors.addAccount(keeper, "kc-1004", "Harbor Point Marine", NOW);
        VendorAccount lakeside = vendors.addAccount(keeper, "kc-1008", "Lakeside Credit Union", NOW);
        psa.company(connection, "Blue Ridge Logistics");
        psa.company(connection, "Cedar Creek Veterinary");
        psa.company(connection, "Harbor Point Marine");
        PsaCompany lakesideCo = psa.company(connection, "Lakeside Credit Union");
        PsaCompany other = psa.company(connection, "TrueUp Demo MSP (internal)");
        autoMapping.autoMap(tenant, keeper.id());

        accountChanges.unmapAccount(tenant, ADMIN, keeper.id(), blueRidge.id());
        accountChanges.excludeAccount(tenant, ADMIN, keeper.id(), cedar.id());
        accountChanges.excludeAccount(tenant, ADMIN, keeper.id(), harbor.id());
        accountChanges.unmapAccount(tenant, ADMIN, keeper.id(), harbor.id());
        accountChanges.mapAccount(tenant, ADMIN, keeper.id(), lakeside.id(), other.id());

        assertThat(autoMapping.autoMap(tenant, keeper.id())).isZero();
        var board = boards.accountBoard(tenant, keeper.id(), true);
        assertThat(row(board, blueRidge).status()).isEqualTo(Status.UNMAPPED);
        assertThat(row(board, blueRidge).suggestions().get(0).score())
                .as("still offered in one click")
                .isEqualTo(100);
        assertThat(row(board, cedar).status()).isEqualTo(Status.EXCLUDED);
        assertThat(row(board, harbor).status())
                .as("included again, stays unmapped")
                .isEqualTo(Status.UNMAPPED);
        assertThat(row(board, lakeside).company().id()).isEqualTo(other.id());
        assertThat(row(board, lakeside).company().id()).isNotEqualTo(lakesideCo.id());
        assertThat(row(board, lakeside).auto()).isFalse();
        verify(audit).record(eq(tenant), eq(ADMIN), eq("mapping.account-unmapped"), anyString(), anyString());
        verify(audit).record(eq(tenant), eq(ADMIN), eq("mapping.account-included"), anyString(), anyString());
    }

    @Test
    void onlyPendingOrActiveIntegrationsCanBeMapped() {
        VendorAccount account = vendors.addAccount(keeper, "kc-1", "Acme Dental Group", NOW);
        PsaCompany company = psa.company(connection, "Acme Dental Group");
        vendors.setStatus(keeper, "disabled");

        assertThat(autoMapping.autoMap(tenant, keeper.id())).isZero();
        assertThatThrownBy(() -> accountChanges.mapAccount(tenant, ADMIN, keeper.id(), account.id(), company.id()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("is disabled");
        assertThat(boards.accountBoard(tenant, keeper.id(), false).counts().unmapped())
                .isEqualTo(1);

        vendors.setStatus(keeper, "pending");
        assertThat(autoMapping.autoMap(tenant, keeper.id())).isEqualTo(1);
    }

    // ---------------------------------------------------------------- exclusions

    @Test
    void excludedItemsStopCountingAsUnmappedAndAreReportedAsExcluded() {
        VendorAccount internal = vendors.addAccount(keeper, "kc-int", "Our own staff", NOW);
        vendors.addAccount(keeper, "kc-1", "Acme Dental Group", NOW);
        VendorService reports = vendors.addService(keeper, "Compliance Reports");
        vendors.addService(keeper, "BreachWatch");
        assertThat(counts.unmappedCount(tenant)).isEqualTo(4);

        accountChanges.excludeAccount(tenant, ADMIN, keeper.id(), internal.id());
        serviceChanges.excludeService(tenant, ADMIN, keeper.id(), reports.id());

        assertThat(counts.unmappedCount(tenant)).isEqualTo(2);
        assertThat(boards.accountBoard(tenant, keeper.id(), false).counts())
                .isEqualTo(new MappingBoard.Counts(2, 0, 1, 1));
        assertThat(reconciliationMappings.accountMappings(tenant))
                .containsExactly(new AccountMapping(keeper.id(), internal.id(), null, true));
        assertThat(reconciliationMappings.serviceMappings(tenant))
                .containsExactly(new ServiceMapping(keeper.id(), reports.id(), List.of(), true));
        verify(audit).record(eq(tenant), eq(ADMIN), eq("mapping.account-excluded"), anyString(), anyString());
        verify(audit).record(eq(tenant), eq(ADMIN), eq("mapping.service-excluded"), anyString(), anyString());

        accountChanges.unmapAccount(tenant, ADMIN, keeper.id(), internal.id());
        assertThat(counts.unmappedCount(tenant)).isEqualTo(3);
    }

    @Test
    void mappingAnExcludedAccountReplacesTheExclusion() {
        VendorAccount account = vendors.addAccount(keeper, "kc-1", "Acme Dental Group", NOW);
        PsaCompany company = psa.company(connection, "Acme Dental Group, LLC");
        accountChanges.excludeAccount(tenant, ADMIN, keeper.id(), account.id());

        accountChanges.mapAccount(tenant, ADMIN, keeper.id(), account.id(), company.id());

        assertThat(reconciliationMappings.accountMappings(tenant))
                .containsExactly(new AccountMapping(keeper.id(), account.id(), company.id(), false));
        ArgumentCaptor<String> detail = ArgumentCaptor.forClass(String.class);
        verify(audit).record(eq(tenant), eq(ADMIN), eq("mapping.account-mapped"), anyString(), detail.capture());
        assertThat(detail.getValue()).contains("Acme Dental Group, LLC").contains("was excluded");
    }

    // ---------------------------------------------------------------- bundles

    @Test
    void oneServiceMayMapToSeveralProductsAndSeveralServicesToOneProduct() {
        VendorService enterprise = vendors.addService(keeper, "Keeper Enterprise");
        VendorService business = vendors.addService(keeper, "Keeper Business");
        VendorService breachWatch = vendors.addService(keeper, "BreachWatch");
        PsaProduct ent = psa.product(connection, "KEEPER-ENT", "Keeper Enterprise Seat");
        PsaProduct bw = psa.product(connection, "KEEPER-BW", "Dark Web Monitoring");
        PsaProduct seats = psa.product(connection, "SEATS", "Password Manager Seats");

        serviceChanges.mapService(tenant, ADMIN, keeper.id(), enterprise.id(), List.of(ent.id(), bw.id()));
        serviceChanges.mapService(tenant, ADMIN, keeper.id(), business.id(), List.of(seats.id()));
        serviceChanges.mapService(tenant, ADMIN, keeper.id(), breachWatch.id(), List.of(seats.id(), seats.id()));

        assertThat(reconciliationMappings.serviceMappings(tenant))
                .containsExactlyInAnyOrder(
                        new ServiceMapping(keeper.id(), enterprise.id(), List.of(ent.id(), bw.id()), false),
                        new ServiceMapping(keeper.id(), business.id(), List.of(seats.id()), false),
                        new ServiceMapping(keeper.id(), breachWatch.id(), List.of(seats.id()), false));
        var board = boards.serviceBoard(tenant, keeper.id(), false);
        assertThat(board.linkedVendorNames().get(seats.id()))
                .containsExactlyInAnyOrder("Keeper Business", "BreachWatch");

        serviceChanges.removeServiceProduct(tenant, ADMIN, keeper.id(), enterprise.id(), ent.id());
        assertThat(row(boards.serviceBoard(tenant, keeper.id(), false), enterprise)
                        .products())
                .extracting(MappingBoard.PsaItem::id)
                .containsExactly(bw.id());
        serviceChanges.addServiceProduct(tenant, ADMIN, keeper.id(), enterprise.id(), seats.id());
        assertThat(row(boards.serviceBoard(tenant, keeper.id(), false), enterprise)
                        .products())
                .extracting(MappingBoard.PsaItem::id)
                .containsExactly(bw.id(), seats.id());
        serviceChanges.removeServiceProduct(tenant, ADMIN, keeper.id(), enterprise.id(), bw.id());
        serviceChanges.removeServiceProduct(tenant, ADMIN, keeper.id(), enterprise.id(), seats.id());
        assertThat(row(boards.serviceBoard(tenant, keeper.id(), false), enterprise)
                        .status())
                .isEqualTo(Status.UNMAPPED);
    }

    @Test
    void invalidReferencesNameTheField() {
        VendorAccount account = vendors.addAccount(keeper, "kc-1", "Acme Dental Group", NOW);
        VendorService service = vendors.addService(keeper, "BreachWatch");
        PsaProduct bw = psa.product(connection, "KEEPER-BW", "BreachWatch");

        assertThatThrownBy(() -> accountChanges.mapAccount(tenant, ADMIN, keeper.id(), account.id(), UUID.randomUUID()))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("psaCompanyId"));
        assertThatThrownBy(() -> accountChanges.mapAccount(tenant, ADMIN, keeper.id(), account.id(), null))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("psaCompanyId"));
        assertThatThrownBy(() -> serviceChanges.mapService(
                        tenant, ADMIN, keeper.id(), service.id(), List.of(bw.id(), UUID.randomUUID())))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("psaProductIds[1]"));
        assertThatThrownBy(() -> serviceChanges.mapService(
                        tenant, ADMIN, keeper.id(), service.id(), Arrays.asList(bw.id(), null)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("psaProductIds[1]"));
        assertThatThrownBy(() -> serviceChanges.mapService(tenant, ADMIN, keeper.id(), service.id(), List.of()))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("psaProductIds"));
        assertThatThrownBy(() -> accountChanges.mapAccount(tenant, ADMIN, UUID.randomUUID(), account.id(), null))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> accountChanges.excludeAccount(tenant, ADMIN, keeper.id(), UUID.randomUUID()))
                .isInstanceOf(NotFoundException.class);
        assertThat(reconciliationMappings.accountMappings(tenant)).isEmpty();
        assertThat(reconciliationMappings.serviceMappings(tenant)).isEmpty();
    }

    // ---------------------------------------------------------------- finish

    @Test
    void finishNeedsOneMappedAccountAndOneMappedService() {
        VendorAccount account = vendors.addAccount(keeper, "kc-1", "Acme Dental Group", NOW);
        VendorAccount internal = vendors.addAccount(keeper, "kc-2", "Internal", NOW);
        VendorService service = vendors.addService(keeper, "BreachWatch");
        PsaCompany company = psa.company(connection, "Acme Dental Group, LLC");
        PsaProduct bw = psa.product(connection, "KEEPER-BW", "Dark Web Monitoring");

        assertThatThrownBy(() -> finishing.finish(tenant, ADMIN, keeper.id()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("at least one mapped account and one mapped service")
                .hasMessageContaining("an account (0 of 2 mapped)")
                .hasMessageContaining("a service (0 of 1 mapped)");
        accountChanges.excludeAccount(tenant, ADMIN, keeper.id(), internal.id());
        serviceChanges.mapService(tenant, ADMIN, keeper.id(), service.id(), List.of(bw.id()));
        assertThatThrownBy(() -> finishing.finish(tenant, ADMIN, keeper.id()))
                .as("an exclusion is not a mapping")
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("an account (0 of 2 mapped)")
                .hasMessageNotContaining("a service (");
        assertThat(psa.syncRequests()).isEmpty();
        assertThat(counts.anyFinished(tenant)).isFalse();

        accountChanges.mapAccount(tenant, ADMIN, keeper.id(), account.id(), company.id());
        UUID run = finishing.finish(tenant, ADMIN, keeper.id());

        assertThat(run).isNotNull();
        assertThat(psa.syncRequests()).containsExactly(new SyncRequest(tenant, connection.id(), ADMIN));
        assertThat(counts.anyFinished(tenant)).isTrue();
        verify(audit).record(eq(tenant), eq(ADMIN), eq("mapping.finished"), eq("Keeper Security"), anyString());
    }

    // ---------------------------------------------------------------- new accounts, disconnect, tenants, stale

    @Test
    void aNewAccountAppearsUnmappedAndFlaggedAndIsAutoMappedWhenItsNameMatches() {
        VendorAccount acme = vendors.addAccount(keeper, "kc-1", "Acme Dental Group", NOW.minus(Duration.ofDays(30)));
        VendorService bw = vendors.addService(keeper, "BreachWatch");
        PsaCompany acmeCo = psa.company(connection, "Acme Dental Group");
        psa.product(connection, "KEEPER-BW", "BreachWatch");
        psa.company(connection, "Horizon Travel Co");
        autoMapping.autoMap(tenant, keeper.id());
        finishing.finish(tenant, ADMIN, keeper.id());

        VendorAccount horizon = vendors.addAccount(keeper, "kc-1025", "Horizon Travel Co", NOW.plusSeconds(60));
        VendorAccount newcomer = vendors.addAccount(keeper, "kc-1026", "Brand New Client", NOW.plusSeconds(60));
        var before = boards.accountBoard(tenant, keeper.id(), true);
        assertThat(row(before, horizon).status()).isEqualTo(Status.UNMAPPED);
        assertThat(row(before, horizon).isNew()).isTrue();
        assertThat(row(before, acme).isNew()).isFalse();

        assertThat(autoMapping.autoMap(tenant, keeper.id())).isEqualTo(1);

        var after = boards.accountBoard(tenant, keeper.id(), true);
        assertThat(row(after, horizon).status()).isEqualTo(Status.MAPPED);
        assertThat(row(after, newcomer).status()).isEqualTo(Status.UNMAPPED);
        assertThat(row(after, newcomer).isNew()).isTrue();
        assertThat(row(after, acme).company().id()).isEqualTo(acmeCo.id());
        assertThat(counts.unmappedCount(tenant)).isEqualTo(1);
        assertThat(row(boards.serviceBoard(tenant, keeper.id(), false), bw).status())
                .isEqualTo(Status.MAPPED);
    }

    @Test
    void disconnectingRemovesTheIntegrationsMappingsOnly() {
        VendorIntegration custom = vendors.addIntegration(tenant, "Custom vendor");
        VendorAccount acme = vendors.addAccount(keeper, "kc-1", "Acme Dental Group", NOW);
        VendorAccount internal = vendors.addAccount(keeper, "kc-2", "Internal", NOW);
        VendorService bw = vendors.addService(keeper, "BreachWatch");
        VendorAccount customAcme = vendors.addAccount(custom, "a-1", "Acme Dental Group", NOW);
        psa.company(connection, "Acme Dental Group");
        psa.product(connection, "KEEPER-BW", "BreachWatch");
        autoMapping.autoMap(tenant, null);
        accountChanges.excludeAccount(tenant, ADMIN, keeper.id(), internal.id());
        serviceChanges.mapService(
                tenant,
                ADMIN,
                keeper.id(),
                bw.id(),
                List.of(psa.products(tenant, connection.id()).get(0).id()));
        finishing.finish(tenant, ADMIN, keeper.id());
        serviceChanges.unmapService(tenant, ADMIN, keeper.id(), bw.id());
        assertThat(reconciliationMappings.accountMappings(tenant)).hasSize(3);
        events.clear();

        vendors.disconnect(keeper);
        cleanup.integrationDisconnected(tenant, keeper.id());

        assertThat(reconciliationMappings.accountMappings(tenant))
                .containsExactly(new AccountMapping(
                        custom.id(),
                        customAcme.id(),
                        psa.companies(tenant, connection.id()).get(0).id(),
                        false));
        assertThat(reconciliationMappings.serviceMappings(tenant)).isEmpty();
        assertThat(counts.anyFinished(tenant)).isFalse();
        assertThat(events).containsExactly(new MappingEvents.MappingsChanged(tenant, keeper.id()));
        verify(audit).record(eq(tenant), eq("system"), eq("mapping.integration-cleared"), anyString(), anyString());
        assertThatThrownBy(() -> boards.accountBoard(tenant, keeper.id(), false))
                .isInstanceOf(NotFoundException.class);

        // Reconnected: mapping starts over; the earlier exclusion and unmap are forgotten too.
        vendors.reconnect(keeper);
        var board = boards.accountBoard(tenant, keeper.id(), false);
        assertThat(board.counts()).isEqualTo(new MappingBoard.Counts(2, 0, 2, 0));
        assertThat(autoMapping.autoMap(tenant, keeper.id())).isEqualTo(2);
        assertThat(row(boards.accountBoard(tenant, keeper.id(), false), acme).status())
                .isEqualTo(Status.MAPPED);
        assertThat(row(boards.serviceBoard(tenant, keeper.id(), false), bw).status())
                .isEqualTo(Status.MAPPED);
    }

    @Test
    void anotherOrganisationsItemsAreNotFoundAndItsMappingsInvisible() {
        VendorAccount acme = vendors.addAccount(keeper, "kc-1", "Acme Dental Group", NOW);
        PsaCompany acmeCo = psa.company(connection, "Acme Dental Group");
        autoMapping.autoMap(tenant, null);

        UUID otherTenant = UUID.randomUUID();
        VendorIntegration theirs = vendors.addIntegration(otherTenant, "Keeper Security");
        PsaConnectionInfo theirConnection = psa.connect(otherTenant, "Their PSA");
        PsaCompany theirCompany = psa.company(theirConnection, "Acme Dental Group");

        assertThat(reconciliationMappings.accountMappings(otherTenant)).isEmpty();
        assertThatThrownBy(() -> boards.accountBoard(otherTenant, keeper.id(), true))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> accountChanges.unmapAccount(otherTenant, ADMIN, keeper.id(), acme.id()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> accountChanges.unmapAccount(otherTenant, ADMIN, theirs.id(), acme.id()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> accountChanges.mapAccount(tenant, ADMIN, keeper.id(), acme.id(), theirCompany.id()))
                .isInstanceOf(InvalidInputException.class);
        assertThat(reconciliationMappings.accountMappings(tenant))
                .containsExactly(new AccountMapping(keeper.id(), acme.id(), acmeCo.id(), false));
    }

    @Test
    void aMappingFollowsThePsasOwnIdAndLapsesWhenTheCompanyIsGone() {
        VendorAccount acme = vendors.addAccount(keeper, "kc-1", "Acme Dental Group", NOW);
        PsaCompany acmeCo = psa.company(connection, "19300", "Acme Dental Group, LLC");
        accountChanges.mapAccount(tenant, ADMIN, keeper.id(), acme.id(), acmeCo.id());

        psa.reissueCompanyIds(connection);
        UUID newId = psa.companies(tenant, connection.id()).get(0).id();
        assertThat(newId).isNotEqualTo(acmeCo.id());
        assertThat(reconciliationMappings.accountMappings(tenant))
                .containsExactly(new AccountMapping(keeper.id(), acme.id(), newId, false));

        psa.removeCompany(acmeCo);
        AccountRow row = row(boards.accountBoard(tenant, keeper.id(), true), acme);
        assertThat(row.status()).isEqualTo(Status.UNMAPPED);
        assertThat(row.stale()).isTrue();
        assertThat(reconciliationMappings.accountMappings(tenant)).isEmpty();
        assertThat(counts.unmappedCount(tenant)).isEqualTo(1);

        psa.disconnect(connection);
        psa.connect(tenant, "New PSA after a migration");
        assertThat(reconciliationMappings.accountMappings(tenant)).isEmpty();
    }

    @Test
    void theVendorModuleSeesMappingsAndExclusionsInEffect() {
        VendorAccount acme = vendors.addAccount(keeper, "kc-1", "Acme Dental Group", NOW);
        VendorAccount internal = vendors.addAccount(keeper, "kc-2", "Internal", NOW);
        VendorAccount gone = vendors.addAccount(keeper, "kc-3", "Gone Client", NOW);
        vendors.addAccount(keeper, "kc-4", "Unmapped Client", NOW);
        VendorService enterprise = vendors.addService(keeper, "Keeper Enterprise");
        PsaCompany acmeCo = psa.company(connection, "Acme Dental Group, LLC");
        PsaCompany goneCo = psa.company(connection, "Gone Client Inc");
        PsaProduct ent = psa.product(connection, "KEEPER-ENT", "Keeper Enterprise Seat");
        PsaProduct bw = psa.product(connection, "KEEPER-BW", "BreachWatch");
        accountChanges.mapAccount(tenant, ADMIN, keeper.id(), acme.id(), acmeCo.id());
        accountChanges.excludeAccount(tenant, ADMIN, keeper.id(), internal.id());
        accountChanges.mapAccount(tenant, ADMIN, keeper.id(), gone.id(), goneCo.id());
        serviceChanges.mapService(tenant, ADMIN, keeper.id(), enterprise.id(), List.of(ent.id(), bw.id()));
        psa.removeCompany(goneCo);

        var accounts = vendorLookup.accountMappings(tenant, keeper.id());
        assertThat(accounts).containsOnlyKeys(acme.id(), internal.id());
        assertThat(accounts.get(acme.id()))
                .isEqualTo(MappingLookup.MappingSummary.mapped(List.of(acmeCo.id()), "Acme Dental Group, LLC"));
        assertThat(accounts.get(internal.id()).excluded()).isTrue();
        assertThat(vendorLookup.serviceMappings(tenant, keeper.id()).get(enterprise.id()))
                .isEqualTo(MappingLookup.MappingSummary.mapped(
                        List.of(ent.id(), bw.id()), "Keeper Enterprise Seat, BreachWatch"));
        assertThat(vendorLookup.accountMappings(UUID.randomUUID(), keeper.id())).isEmpty();
    }

    // ---------------------------------------------------------------- the badge count

    @Test
    void theBadgeCountsWhatTheBoardsCountAsUnmappedInEveryState() {
        VendorIntegration custom = vendors.addIntegration(tenant, "Custom vendor");
        VendorAccount acme = vendors.addAccount(keeper, "kc-1", "Acme Dental Group", NOW);
        VendorAccount blueRidge = vendors.addAccount(keeper, "kc-2", "Blue Ridge Logistics", NOW);
        VendorAccount internal = vendors.addAccount(keeper, "kc-3", "Internal", NOW);
        vendors.addAccount(keeper, "kc-4", "Horizon Travel Co", NOW);
        VendorAccount customAcme = vendors.addAccount(custom, "a-1", "Acme Dental Group", NOW);
        VendorService business = vendors.addService(keeper, "Keeper Business");
        VendorService enterprise = vendors.addService(keeper, "Keeper Enterprise");
        VendorService reports = vendors.addService(keeper, "Compliance Reports");
        vendors.addService(custom, "Backup");
        assertBadgeMatchesBoards(9);

        PsaCompany acmeCo = psa.company(connection, "19300", "Acme Dental Group");
        PsaCompany blueRidgeCo = psa.company(connection, "Blue Ridge Logistics");
        PsaProduct biz = psa.product(connection, "KEEPER-BIZ", "Keeper Business");
        PsaProduct ent = psa.product(connection, "KEEPER-ENT", "Keeper Enterprise Seat");
        PsaProduct bw = psa.product(connection, "KEEPER-BW", "BreachWatch");
        assertThat(autoMapping.autoMap(tenant, null)).isEqualTo(4);
        assertBadgeMatchesBoards(5);

        accountChanges.excludeAccount(tenant, ADMIN, keeper.id(), internal.id());
        serviceChanges.excludeService(tenant, ADMIN, keeper.id(), reports.id());
        serviceChanges.mapService(tenant, ADMIN, keeper.id(), enterprise.id(), List.of(ent.id(), bw.id()));
        assertBadgeMatchesBoards(2);

        // One product of a bundle gone: still mapped. The only product gone, or the company gone: unmapped again.
        psa.removeProduct(bw);
        assertBadgeMatchesBoards(2);
        psa.removeProduct(biz);
        psa.removeCompany(blueRidgeCo);
        assertThat(row(boards.accountBoard(tenant, keeper.id(), false), blueRidge)
                        .stale())
                .isTrue();
        assertThat(row(boards.serviceBoard(tenant, keeper.id(), false), business)
                        .stale())
                .isTrue();
        assertBadgeMatchesBoards(4);

        // A sync that re-issued TrueUp's ids: the mapping follows the PSA's own id.
        psa.reissueCompanyIds(connection);
        assertThat(row(boards.accountBoard(tenant, keeper.id(), false), acme).status())
                .isEqualTo(Status.MAPPED);
        assertBadgeMatchesBoards(4);

        // A disconnected integration counts for nothing, even before its mappings are cleared.
        vendors.disconnect(custom);
        assertBadgeMatchesBoards(3);
        cleanup.integrationDisconnected(tenant, custom.id());
        assertBadgeMatchesBoards(3);
        vendors.reconnect(custom);
        assertThat(row(boards.accountBoard(tenant, custom.id(), false), customAcme)
                        .status())
                .isEqualTo(Status.UNMAPPED);
        assertBadgeMatchesBoards(5);

        // Another primary PSA connection: every mapping lapses, exclusions stay.
        psa.disconnect(connection);
        psa.connect(tenant, "New PSA after a migration");
        assertBadgeMatchesBoards(7);

        assertThat(counts.unmappedCount(UUID.randomUUID())).isZero();
    }

    private void assertBadgeMatchesBoards(long expected) {
        long onBoards = 0;
        for (VendorIntegration integration : items.integrations(tenant)) {
            onBoards += boards.accountBoard(tenant, integration.id(), false)
                    .counts()
                    .unmapped();
            onBoards += boards.serviceBoard(tenant, integration.id(), false)
                    .counts()
                    .unmapped();
        }
        assertThat(onBoards).as("unmapped on the boards").isEqualTo(expected);
        assertThat(counts.unmappedCount(tenant)).as("the badge").isEqualTo(expected);
    }

    private static AccountRow row(MappingBoard<AccountRow> board, VendorAccount account) {
        return board.rows().stream()
                .filter(r -> r.account().id().equals(account.id()))
                .findFirst()
                .orElseThrow();
    }

    private static ServiceRow row(MappingBoard<ServiceRow> board, VendorService service) {
        return board.rows().stream()
                .filter(r -> r.service().id().equals(service.id()))
                .findFirst()
                .orElseThrow();
    }
}

package com.trueup.reconciliation;

import com.trueup.integration.CountingMode;
import com.trueup.integration.UsageQuantity;
import com.trueup.integration.VendorAccount;
import com.trueup.integration.VendorDirectory;
import com.trueup.integration.VendorIntegration;
import com.trueup.integration.VendorService;
import com.trueup.mapping.AccountMapping;
import com.trueup.mapping.Mappings;
import com.trueup.mapping.ServiceMapping;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaSnapshot;
import com.trueup.shared.BillingPeriod;
import com.trueup.shared.Quantities;
import com.trueup.shared.TenantCalendar;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Gathers the inputs of the engine and writes its lines: full rebuilds of a period and incremental series refreshes. */
@Service
class ReconciliationRebuilder {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationRebuilder.class);

    private final VendorDirectory vendor;
    private final Mappings mappings;
    private final PsaSnapshot psa;
    private final TenantCalendar calendar;
    private final Clock clock;
    private final ReconciliationStore store;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final RebuildInputs inputs;

    ReconciliationRebuilder(
            VendorDirectory vendor,
            Mappings mappings,
            PsaSnapshot psa,
            TenantCalendar calendar,
            Clock clock,
            ReconciliationStore store,
            PlatformTransactionManager transactions,
            ApplicationEventPublisher events,
            RebuildInputs inputs) {
        this.vendor = vendor;
        this.mappings = mappings;
        this.psa = psa;
        this.calendar = calendar;
        this.clock = clock;
        this.store = store;
        this.transaction = new TransactionTemplate(transactions);
        this.events = events;
        this.inputs = inputs;
    }

    LocalDate today(UUID tenantId) {
        return calendar.today(tenantId);
    }

    BillingPeriod period(UUID tenantId, YearMonth month) {
        return calendar.period(tenantId, month);
    }

    /** Builds the period if it was never built (first visit of a month, a new organisation); its row as built. */
    ReconciliationStore.PeriodRow ensureBuilt(UUID tenantId, BillingPeriod period) {
        Optional<ReconciliationStore.PeriodRow> row = store.period(tenantId, period.key());
        if (row.isPresent() && row.get().builtAt() != null) {
            return row.get();
        }
        rebuild(tenantId, period);
        return store.period(tenantId, period.key()).orElseThrow();
    }

    Reconciliations.RebuildSummary rebuild(UUID tenantId, BillingPeriod period) {
        store.ensurePeriod(tenantId, period);
        return transaction.execute(tx -> {
            store.lockPeriod(tenantId, period.key());
            long started = System.nanoTime();
            UUID linesVersion = store.period(tenantId, period.key())
                    .map(ReconciliationStore.PeriodRow::linesVersion)
                    .orElse(null);
            RebuildInputs.Small small = readSmall(tenantId);
            Optional<RebuildInputs.Kept> kept = inputs.get(tenantId, period.key());
            if (kept.isPresent() && kept.get().unchanged(period, small, linesVersion)) {
                // nothing the engine reads changed since this node's last rebuild, and the lines are the ones it left
                List.of("usage", "psa", "lines").forEach(i -> inputs.counted(i, RebuildInputs.UNCHANGED));
                store.markBuilt(tenantId, period, clock.instant());
                events.publishEvent(new ReconciliationEvents.LinesRebuilt(
                        tenantId,
                        period.month(),
                        true,
                        kept.get().lines(),
                        kept.get().withUsage()));
                log.debug(
                        "Rebuilt {} of tenant {}: inputs and lines unchanged ({} ms)",
                        period.key(),
                        tenantId,
                        (System.nanoTime() - started) / 1_000_000);
                return new Reconciliations.RebuildSummary(
                        period.key(), false, kept.get().lines(), 0, 0, 0, 0);
            }
            List<UsageQuantity> usage = counted(
                    "usage",
                    kept.flatMap(k -> k.usageIfCurrent(period, small)),
                    () -> readUsage(tenantId, period, small));
            RebuildInputs.Psa psaRead =
                    counted("psa", kept.flatMap(k -> k.psaIfCurrent(small)), () -> readPsa(tenantId, small));
            EngineInput input = input(period, small, usage, psaRead);
            long gathered = System.nanoTime();
            List<ComputedLine> computed = ReconciliationEngine.compute(input);
            long engine = System.nanoTime();
            var existing = counted(
                    "lines",
                    kept.flatMap(k -> k.statesIfCurrent(linesVersion)),
                    () -> store.lineStatesOfPeriod(tenantId, period.key()));
            long loaded = System.nanoTime();
            var result = store.write(tenantId, period.key(), computed, existing, true, clock.instant());
            store.markBuilt(tenantId, period, clock.instant());
            int withUsage = (int) computed.stream()
                    .filter(c -> c.figures().vendorQuantity().signum() > 0)
                    .count();
            inputs.keepAfterCommit(
                    tenantId,
                    period.key(),
                    new RebuildInputs.Kept(
                            period,
                            small,
                            usage,
                            psaRead,
                            result.states(),
                            result.linesVersion() != null ? result.linesVersion() : linesVersion,
                            computed.size(),
                            withUsage));
            events.publishEvent(
                    new ReconciliationEvents.LinesRebuilt(tenantId, period.month(), true, computed.size(), withUsage));
            long written = System.nanoTime();
            log.debug(
                    "Rebuilt {} of tenant {}: {} lines ({} inserted, {} updated); inputs {} ms, engine {} ms, stored lines {} ms, "
                            + "writes {} ms",
                    period.key(),
                    tenantId,
                    computed.size(),
                    result.inserted(),
                    result.updated(),
                    (gathered - started) / 1_000_000,
                    (engine - gathered) / 1_000_000,
                    (loaded - engine) / 1_000_000,
                    (written - loaded) / 1_000_000);
            return new Reconciliations.RebuildSummary(
                    period.key(),
                    false,
                    computed.size(),
                    result.inserted(),
                    result.updated(),
                    result.deactivated(),
                    result.reopened());
        });
    }

    /**
     * Recomputes the lines one series feeds from its new quantity and the stored lines (their PSA side and the other
     * series' quantities), without reading the rest of the organisation's data.
     */
    Reconciliations.RebuildSummary refreshSeries(
            UUID tenantId, UUID integrationId, UUID accountId, UUID serviceId, BillingPeriod period) {
        if (store.period(tenantId, period.key()).map(p -> p.builtAt() == null).orElse(true)) {
            return rebuild(tenantId, period);
        }
        Optional<Reconciliations.RebuildSummary> done = transaction.execute(tx -> {
            store.lockPeriod(tenantId, period.key());
            Optional<VendorIntegration> integration =
                    vendor.integration(tenantId, integrationId).filter(VendorIntegration::connected);
            Optional<VendorService> service = integration.isEmpty()
                    ? Optional.empty()
                    : vendor.services(tenantId, integrationId).stream()
                            .filter(s -> s.id().equals(serviceId))
                            .findFirst();
            if (service.isEmpty()) {
                return Optional.of(new Reconciliations.RebuildSummary(period.key(), true, 0, 0, 0, 0, 0));
            }
            AccountMapping am = mappings.accountMappings(tenantId).stream()
                    .filter(m -> m.vendorAccountId().equals(accountId))
                    .findFirst()
                    .orElse(null);
            ServiceMapping sm = mappings.serviceMappings(tenantId).stream()
                    .filter(m -> m.vendorServiceId().equals(serviceId))
                    .findFirst()
                    .orElse(null);
            if ((am != null && am.excluded()) || (sm != null && sm.excluded())) {
                return Optional.of(new Reconciliations.RebuildSummary(period.key(), true, 0, 0, 0, 0, 0));
            }
            List<StoredLine> lines = new ArrayList<>();
            if (am != null
                    && am.psaCompanyId() != null
                    && sm != null
                    && sm.psaProductIds() != null
                    && !sm.psaProductIds().isEmpty()) {
                for (UUID productId : sm.psaProductIds()) {
                    store.lineByKey(tenantId, period.key(), ComputedLine.mappedKey(am.psaCompanyId(), productId))
                            .ifPresent(lines::add);
                }
            }
            if (lines.isEmpty()) { // unmapped, or mapped to a company or product the snapshot does not have
                store.lineByKey(tenantId, period.key(), ComputedLine.unmappedKey(integrationId, accountId, serviceId))
                        .ifPresent(lines::add);
            }
            if (lines.isEmpty()
                    || lines.stream()
                            .anyMatch(l -> l.series().stream().noneMatch(s -> isSeries(s, accountId, serviceId)))) {
                return Optional.<Reconciliations.RebuildSummary>empty(); // a new series for these lines: full rebuild
            }
            CountingMode mode = service.get().countingMode() == null
                    ? CountingMode.DAILY_AVERAGE
                    : service.get().countingMode();
            BigDecimal quantity = Quantities.orZero(
                    vendor.usage(tenantId, integrationId, accountId, serviceId, period.start(), period.end())
                            .map(u -> u.quantity(mode))
                            .orElse(null));
            PsaConnectionInfo connection = psa.primaryConnection(tenantId).orElse(null);
            List<ComputedLine> computed = new ArrayList<>();
            Map<String, ReconciliationStore.LineState> existing = new HashMap<>();
            for (StoredLine line : lines) {
                existing.put(line.key(), ReconciliationStore.LineState.of(line));
                List<ComputedLine.Series> series = new ArrayList<>();
                BigDecimal vendorQuantity = Quantities.ZERO;
                for (ComputedLine.Series s : line.series()) {
                    ComputedLine.Series updated = isSeries(s, accountId, serviceId)
                            ? new ComputedLine.Series(
                                    s.integrationId(), s.accountId(), s.serviceId(), s.serviceRef(), quantity)
                            : s;
                    series.add(updated);
                    vendorQuantity = vendorQuantity.add(updated.quantity());
                }
                LineRow row = line.row();
                PsaSide side = row.psaSide();
                LineFigures figures = side == null
                        ? LineFigures.unmapped(vendorQuantity)
                        : LineFigures.of(vendorQuantity, side, connection);
                computed.add(new ComputedLine(
                        line.key(),
                        row.integrationId(),
                        row.vendorAccountId(),
                        row.vendorAccountRef(),
                        row.vendorAccountName(),
                        row.vendorServiceId(),
                        row.vendorServiceRef(),
                        row.vendorServiceName(),
                        row.psaCompanyId(),
                        row.companyName(),
                        row.psaProductId(),
                        row.serviceName(),
                        side,
                        figures,
                        series));
            }
            var result = store.write(tenantId, period.key(), computed, existing, false, clock.instant());
            store.markBuilt(tenantId, period, clock.instant());
            events.publishEvent(
                    new ReconciliationEvents.LinesRebuilt(tenantId, period.month(), false, computed.size(), -1));
            return Optional.of(new Reconciliations.RebuildSummary(
                    period.key(),
                    true,
                    computed.size(),
                    result.inserted(),
                    result.updated(),
                    result.deactivated(),
                    result.reopened()));
        });
        return done.isPresent() ? done.get() : rebuild(tenantId, period);
    }

    private static boolean isSeries(ComputedLine.Series s, UUID accountId, UUID serviceId) {
        return s.accountId().equals(accountId) && s.serviceId().equals(serviceId);
    }

    private <T> T counted(String input, Optional<T> kept, java.util.function.Supplier<T> read) {
        inputs.counted(input, kept.isPresent() ? RebuildInputs.KEPT : RebuildInputs.DATABASE);
        return kept.orElseGet(read);
    }

    /** The inputs read on every rebuild, the two versions first (see {@link RebuildInputs.Small}). */
    private RebuildInputs.Small readSmall(UUID tenantId) {
        String usageVersion = vendor.usageVersion(tenantId);
        PsaConnectionInfo connection = psa.primaryConnection(tenantId).orElse(null);
        String psaVersion = connection == null ? "" : psa.snapshotVersion(tenantId, connection.id());
        List<VendorAccount> accounts = new ArrayList<>();
        List<VendorService> services = new ArrayList<>();
        Set<UUID> connected = new HashSet<>();
        for (VendorIntegration integration : vendor.integrations(tenantId)) {
            if (!integration.connected()) {
                continue;
            }
            connected.add(integration.id());
            accounts.addAll(vendor.accounts(tenantId, integration.id()));
            services.addAll(vendor.services(tenantId, integration.id()));
        }
        return new RebuildInputs.Small(
                connected,
                accounts,
                services,
                mappings.accountMappings(tenantId),
                mappings.serviceMappings(tenantId),
                connection,
                usageVersion,
                psaVersion);
    }

    private List<UsageQuantity> readUsage(UUID tenantId, BillingPeriod period, RebuildInputs.Small small) {
        return small.connectedIntegrations().isEmpty()
                ? List.of()
                : vendor.usage(tenantId, period.start(), period.end()).stream()
                        .filter(u -> small.connectedIntegrations().contains(u.integrationId()))
                        .toList();
    }

    private RebuildInputs.Psa readPsa(UUID tenantId, RebuildInputs.Small small) {
        PsaConnectionInfo connection = small.connection();
        if (connection == null) {
            return RebuildInputs.Psa.NONE;
        }
        return new RebuildInputs.Psa(
                psa.companies(tenantId, connection.id()),
                psa.products(tenantId, connection.id()),
                psa.billableLines(tenantId, connection.id()));
    }

    private static EngineInput input(
            BillingPeriod period, RebuildInputs.Small small, List<UsageQuantity> usage, RebuildInputs.Psa psaRead) {
        return new EngineInput(
                period,
                small.accounts(),
                small.services(),
                usage,
                small.accountMappings(),
                small.serviceMappings(),
                small.connection(),
                psaRead.companies(),
                psaRead.products(),
                psaRead.lines());
    }
}

package com.trueup.mapping;

import com.trueup.audit.AuditLog;
import com.trueup.mapping.MappingBoard.AccountRow;
import com.trueup.mapping.MappingBoard.Counts;
import com.trueup.mapping.MappingBoard.PsaItem;
import com.trueup.mapping.MappingBoard.ServiceRow;
import com.trueup.mapping.MappingBoard.Status;
import com.trueup.mapping.MappingBoard.Suggestion;
import com.trueup.psa.PsaCompany;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaProduct;
import com.trueup.psa.PsaSnapshot;
import com.trueup.shared.ConflictException;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import com.trueup.vendor.VendorAccount;
import com.trueup.vendor.VendorDirectory;
import com.trueup.vendor.VendorIntegration;
import com.trueup.vendor.MappingLookup;
import com.trueup.vendor.VendorService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The mapping rules (see package-info): reading boards, user changes, auto-mapping, finish and clean-up on
 * disconnect. Every change is audited and announced with {@link MappingEvents.MappingsChanged}.
 */
@Service
class MappingService implements Mappings, MappingLookup {

    /** The actor of automatic changes in the audit log. */
    static final String SYSTEM = "system";
    static final int MAX_SUGGESTIONS = 3;
    static final Set<String> MAPPABLE_STATUSES = Set.of("pending", "active");

    private static final Comparator<String> BY_NAME = Comparator.comparing((String s) -> s == null ? "" : s.toLowerCase(Locale.ROOT))
            .thenComparing(Comparator.nullsFirst(Comparator.naturalOrder()));

    private final MappingStore store;
    private final VendorDirectory vendors;
    private final PsaSnapshot psa;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    MappingService(MappingStore store, VendorDirectory vendors, PsaSnapshot psa, AuditLog audit,
            ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.vendors = vendors;
        this.psa = psa;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ Mappings (read by reconciliation)

    @Override
    @Transactional(readOnly = true)
    public List<AccountMapping> accountMappings(UUID tenantId) {
        Set<UUID> connected = connectedIntegrationIds(tenantId);
        PsaSide side = psaSide(tenantId);
        List<AccountMapping> result = new ArrayList<>();
        for (MappingStore.AccountRow row : store.accountRows(tenantId)) {
            if (!connected.contains(row.integrationId())) {
                continue;
            }
            if (row.excluded()) {
                result.add(new AccountMapping(row.integrationId(), row.vendorAccountId(), null, true));
            } else {
                side.company(row).ifPresent(c -> result.add(new AccountMapping(row.integrationId(), row.vendorAccountId(), c.id(), false)));
            }
        }
        return result;
    }

    @Override
    @Transactional(readOnly = true)
    public List<ServiceMapping> serviceMappings(UUID tenantId) {
        Set<UUID> connected = connectedIntegrationIds(tenantId);
        PsaSide side = psaSide(tenantId);
        List<ServiceMapping> result = new ArrayList<>();
        for (MappingStore.ServiceRow row : store.serviceRows(tenantId)) {
            if (!connected.contains(row.integrationId())) {
                continue;
            }
            if (row.excluded()) {
                result.add(new ServiceMapping(row.integrationId(), row.vendorServiceId(), List.of(), true));
            } else {
                List<PsaProduct> products = side.products(row);
                if (!products.isEmpty()) {
                    result.add(new ServiceMapping(row.integrationId(), row.vendorServiceId(),
                            products.stream().map(PsaProduct::id).toList(), false));
                }
            }
        }
        return result;
    }

    // ------------------------------------------------------------------ MappingLookup (read by the vendor module)

    /** Accounts of the integration whose mapping or exclusion is in effect, by TrueUp's vendor account id. */
    @Override
    @Transactional(readOnly = true)
    public Map<UUID, MappingSummary> accountMappings(UUID tenantId, UUID integrationId) {
        PsaSide side = psaSide(tenantId);
        Map<UUID, MappingSummary> result = new HashMap<>();
        for (MappingStore.AccountRow row : store.accountRows(tenantId, integrationId)) {
            if (row.excluded()) {
                result.put(row.vendorAccountId(), MappingSummary.excludedItem());
            } else {
                side.company(row).ifPresent(c -> result.put(row.vendorAccountId(), MappingSummary.mapped(List.of(c.id()), c.name())));
            }
        }
        return result;
    }

    /** Services of the integration whose mapping or exclusion is in effect, by TrueUp's vendor service id. */
    @Override
    @Transactional(readOnly = true)
    public Map<UUID, MappingSummary> serviceMappings(UUID tenantId, UUID integrationId) {
        PsaSide side = psaSide(tenantId);
        Map<UUID, MappingSummary> result = new HashMap<>();
        for (MappingStore.ServiceRow row : store.serviceRows(tenantId, integrationId)) {
            if (row.excluded()) {
                result.put(row.vendorServiceId(), MappingSummary.excludedItem());
            } else {
                List<PsaProduct> products = side.products(row);
                if (!products.isEmpty()) {
                    result.put(row.vendorServiceId(), MappingSummary.mapped(products.stream().map(PsaProduct::id).toList(),
                            products.stream().map(PsaProduct::name).collect(Collectors.joining(", "))));
                }
            }
        }
        return result;
    }

    // ------------------------------------------------------------------ boards

    @Transactional(readOnly = true)
    public MappingBoard<AccountRow> accountBoard(UUID tenantId, UUID integrationId, boolean withSuggestions) {
        return accountBoard(tenantId, requireIntegration(tenantId, integrationId), psaSide(tenantId), withSuggestions);
    }

    @Transactional(readOnly = true)
    public MappingBoard<ServiceRow> serviceBoard(UUID tenantId, UUID integrationId, boolean withSuggestions) {
        return serviceBoard(tenantId, requireIntegration(tenantId, integrationId), psaSide(tenantId), withSuggestions);
    }

    private MappingBoard<AccountRow> accountBoard(UUID tenantId, VendorIntegration integration, PsaSide side,
            boolean withSuggestions) {
        Map<UUID, MappingStore.AccountRow> rows = store.accountRows(tenantId, integration.id()).stream()
                .collect(Collectors.toMap(MappingStore.AccountRow::vendorAccountId, Function.identity()));
        Instant finishedAt = store.finishedAt(tenantId, integration.id()).orElse(null);
        List<PsaItem> companies = side.companies().stream().map(MappingService::item)
                .sorted(Comparator.comparing(PsaItem::name, BY_NAME)).toList();
        Suggester suggester = withSuggestions && side.connected() ? new Suggester(companies) : null;
        List<VendorAccount> accounts = new ArrayList<>(vendors.accounts(tenantId, integration.id()));
        accounts.sort(Comparator.comparing(VendorAccount::name, BY_NAME));

        List<AccountRow> result = new ArrayList<>();
        Map<UUID, List<String>> linked = new HashMap<>();
        int mapped = 0;
        int excluded = 0;
        for (VendorAccount account : accounts) {
            MappingStore.AccountRow row = rows.get(account.id());
            if (row != null && row.excluded()) {
                excluded++;
                result.add(new AccountRow(account, Status.EXCLUDED, null, row.auto(), row.mappedBy(), row.mappedAt(),
                        false, false, List.of()));
                continue;
            }
            Optional<PsaCompany> company = row == null ? Optional.empty() : side.company(row);
            if (company.isPresent()) {
                mapped++;
                linked.computeIfAbsent(company.get().id(), k -> new ArrayList<>()).add(account.name());
                result.add(new AccountRow(account, Status.MAPPED, item(company.get()), row.auto(), row.mappedBy(),
                        row.mappedAt(), false, false, List.of()));
            } else {
                boolean isNew = finishedAt != null && account.createdAt() != null && account.createdAt().isAfter(finishedAt);
                result.add(new AccountRow(account, Status.UNMAPPED, null, false, null, null, row != null, isNew,
                        suggester == null ? List.of() : suggester.suggest(account.name())));
            }
        }
        Counts counts = new Counts(accounts.size(), mapped, accounts.size() - mapped - excluded, excluded);
        return new MappingBoard<>(integration, side.connection(), result, companies, linked, counts, finishedAt);
    }

    private MappingBoard<ServiceRow> serviceBoard(UUID tenantId, VendorIntegration integration, PsaSide side,
            boolean withSuggestions) {
        Map<UUID, MappingStore.ServiceRow> rows = store.serviceRows(tenantId, integration.id()).stream()
                .collect(Collectors.toMap(MappingStore.ServiceRow::vendorServiceId, Function.identity()));
        Instant finishedAt = store.finishedAt(tenantId, integration.id()).orElse(null);
        List<PsaItem> products = side.products().stream().map(MappingService::item)
                .sorted(Comparator.comparing(PsaItem::name, BY_NAME)).toList();
        Suggester suggester = withSuggestions && side.connected() ? new Suggester(products) : null;
        List<VendorService> services = new ArrayList<>(vendors.services(tenantId, integration.id()));
        services.sort(Comparator.comparing(VendorService::name, BY_NAME));

        List<ServiceRow> result = new ArrayList<>();
        Map<UUID, List<String>> linked = new HashMap<>();
        int mapped = 0;
        int excluded = 0;
        for (VendorService service : services) {
            MappingStore.ServiceRow row = rows.get(service.id());
            if (row != null && row.excluded()) {
                excluded++;
                result.add(new ServiceRow(service, Status.EXCLUDED, List.of(), row.auto(), row.mappedBy(), row.mappedAt(),
                        false, List.of()));
                continue;
            }
            List<PsaProduct> current = row == null ? List.of() : side.products(row);
            if (!current.isEmpty()) {
                mapped++;
                current.forEach(p -> linked.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(service.name()));
                result.add(new ServiceRow(service, Status.MAPPED, current.stream().map(MappingService::item).toList(),
                        row.auto(), row.mappedBy(), row.mappedAt(), false, List.of()));
            } else {
                result.add(new ServiceRow(service, Status.UNMAPPED, List.of(), false, null, null, row != null,
                        suggester == null ? List.of() : suggester.suggest(service.name())));
            }
        }
        Counts counts = new Counts(services.size(), mapped, services.size() - mapped - excluded, excluded);
        return new MappingBoard<>(integration, side.connection(), result, products, linked, counts, finishedAt);
    }

    // ------------------------------------------------------------------ lookups

    @Transactional(readOnly = true)
    public List<VendorIntegration> integrations(UUID tenantId) {
        return vendors.integrations(tenantId).stream().filter(VendorIntegration::connected).toList();
    }

    VendorIntegration requireIntegration(UUID tenantId, UUID integrationId) {
        return vendors.integration(tenantId, integrationId).filter(VendorIntegration::connected)
                .orElseThrow(() -> NotFoundException.of("Vendor integration", integrationId));
    }

    /** A connected integration whose mappings may change: the vendor set it to pending or active (as on Gradient). */
    VendorIntegration requireMappable(UUID tenantId, UUID integrationId) {
        VendorIntegration integration = requireIntegration(tenantId, integrationId);
        if (!mappable(integration)) {
            throw new ConflictException("The integration '" + integration.name() + "' is " + integration.status()
                    + "; its accounts and services can be mapped once the vendor sets it to active or pending.");
        }
        return integration;
    }

    private static boolean mappable(VendorIntegration integration) {
        return MAPPABLE_STATUSES.contains(integration.status());
    }

    /** The account with TrueUp's id {@code accountId}, or with the vendor's id if {@code byVendorId}. */
    VendorAccount requireAccount(UUID tenantId, UUID integrationId, String id, boolean byVendorId) {
        return vendors.accounts(tenantId, integrationId).stream()
                .filter(a -> byVendorId ? a.externalId().equals(id) : a.id().toString().equals(id))
                .findFirst()
                .orElseThrow(() -> NotFoundException.of("Vendor account", id));
    }

    /** The service with TrueUp's id {@code serviceId}, or with the Vendor API's {@code _id} if {@code byVendorId}. */
    VendorService requireService(UUID tenantId, UUID integrationId, String id, boolean byVendorId) {
        return vendors.services(tenantId, integrationId).stream()
                .filter(s -> byVendorId ? s.externalId().equals(id) : s.id().toString().equals(id))
                .findFirst()
                .orElseThrow(() -> NotFoundException.of("Vendor service", id));
    }

    // ------------------------------------------------------------------ account changes

    @Transactional
    public void mapAccount(UUID tenantId, String actor, UUID integrationId, UUID vendorAccountId, UUID psaCompanyId) {
        VendorIntegration integration = requireMappable(tenantId, integrationId);
        VendorAccount account = requireAccount(tenantId, integrationId, vendorAccountId.toString(), false);
        if (psaCompanyId == null) {
            throw new InvalidInputException("psaCompanyId", "psaCompanyId is required (or send \"excluded\": true)");
        }
        PsaSide side = psaSide(tenantId);
        PsaConnectionInfo connection = side.requireConnection();
        PsaCompany company = side.companies().stream().filter(c -> c.id().equals(psaCompanyId)).findFirst()
                .orElseThrow(() -> new InvalidInputException("psaCompanyId", "There is no PSA company " + psaCompanyId
                        + " in your PSA connection '" + connection.name() + "'; list them with GET /api/v1/psa-connections/"
                        + connection.id() + "/companies."));
        Optional<MappingStore.AccountRow> previous = store.accountRow(tenantId, account.id());
        Optional<PsaCompany> before = previous.filter(r -> !r.excluded()).flatMap(side::company);
        if (before.isPresent() && before.get().id().equals(company.id())) {
            return;
        }
        save(() -> store.saveAccount(tenantId, new MappingStore.AccountRow(integrationId, account.id(), false,
                connection.id(), company.id(), company.externalId(), false, actor, clock.instant())));
        audit.record(tenantId, actor, "mapping.account-mapped", subject(integration, account),
                "Mapped to PSA company '" + company.name() + "'"
                        + before.map(b -> " (was '" + b.name() + "')").orElse(previous.filter(MappingStore.AccountRow::excluded)
                        .map(r -> " (was excluded)").orElse("")));
        changed(tenantId, integrationId);
    }

    @Transactional
    public void excludeAccount(UUID tenantId, String actor, UUID integrationId, UUID vendorAccountId) {
        VendorIntegration integration = requireMappable(tenantId, integrationId);
        VendorAccount account = requireAccount(tenantId, integrationId, vendorAccountId.toString(), false);
        Optional<MappingStore.AccountRow> previous = store.accountRow(tenantId, account.id());
        if (previous.isPresent() && previous.get().excluded()) {
            return;
        }
        save(() -> store.saveAccount(tenantId, new MappingStore.AccountRow(integrationId, account.id(), true, null, null,
                null, false, actor, clock.instant())));
        audit.record(tenantId, actor, "mapping.account-excluded", subject(integration, account),
                "Excluded: not billed" + previous.flatMap(psaSide(tenantId)::company)
                        .map(c -> " (was mapped to '" + c.name() + "')").orElse(""));
        changed(tenantId, integrationId);
    }

    /** Removes the mapping or exclusion of the account; auto-mapping leaves it alone from now on. */
    @Transactional
    public void unmapAccount(UUID tenantId, String actor, UUID integrationId, UUID vendorAccountId) {
        VendorIntegration integration = requireMappable(tenantId, integrationId);
        VendorAccount account = requireAccount(tenantId, integrationId, vendorAccountId.toString(), false);
        Optional<MappingStore.AccountRow> previous = store.accountRow(tenantId, account.id());
        if (previous.isEmpty()) {
            return;
        }
        store.deleteAccount(tenantId, account.id());
        store.block(tenantId, integrationId, MappingStore.ACCOUNT, account.id(), actor, clock.instant());
        if (previous.get().excluded()) {
            audit.record(tenantId, actor, "mapping.account-included", subject(integration, account),
                    "Included again (no longer excluded); now unmapped");
        } else {
            audit.record(tenantId, actor, "mapping.account-unmapped", subject(integration, account),
                    "Unmapped" + psaSide(tenantId).company(previous.get()).map(c -> " from PSA company '" + c.name() + "'").orElse(""));
        }
        changed(tenantId, integrationId);
    }

    // ------------------------------------------------------------------ service changes

    /** Maps the service to exactly these PSA products (one, or several for a bundle), replacing what it had. */
    @Transactional
    public void mapService(UUID tenantId, String actor, UUID integrationId, UUID vendorServiceId, List<UUID> psaProductIds) {
        VendorIntegration integration = requireMappable(tenantId, integrationId);
        VendorService service = requireService(tenantId, integrationId, vendorServiceId.toString(), false);
        if (psaProductIds == null || psaProductIds.isEmpty()) {
            throw new InvalidInputException("psaProductIds",
                    "psaProductIds must list at least one PSA product id (or send \"excluded\": true)");
        }
        PsaSide side = psaSide(tenantId);
        PsaConnectionInfo connection = side.requireConnection();
        Map<UUID, PsaProduct> byId = side.products().stream().collect(Collectors.toMap(PsaProduct::id, Function.identity()));
        LinkedHashSet<PsaProduct> chosen = new LinkedHashSet<>();
        for (int i = 0; i < psaProductIds.size(); i++) {
            UUID id = psaProductIds.get(i);
            PsaProduct product = id == null ? null : byId.get(id);
            if (product == null) {
                throw new InvalidInputException("psaProductIds[" + i + "]", "There is no PSA product " + id
                        + " in your PSA connection '" + connection.name() + "'; list them with GET /api/v1/psa-connections/"
                        + connection.id() + "/products.");
            }
            chosen.add(product);
        }
        Optional<MappingStore.ServiceRow> previous = store.serviceRow(tenantId, service.id());
        List<PsaProduct> before = previous.filter(r -> !r.excluded()).map(side::products).orElse(List.of());
        if (!before.isEmpty() && before.equals(List.copyOf(chosen))) {
            return;
        }
        List<MappingStore.ProductRef> refs = chosen.stream()
                .map(p -> new MappingStore.ProductRef(p.id(), p.externalId())).toList();
        save(() -> store.saveService(tenantId, new MappingStore.ServiceRow(integrationId, service.id(), false,
                connection.id(), refs, false, actor, clock.instant())));
        audit.record(tenantId, actor, "mapping.service-mapped", subject(integration, service),
                "Mapped to PSA product" + (chosen.size() > 1 ? "s " : " ") + describe(List.copyOf(chosen))
                        + (before.isEmpty() ? previous.filter(MappingStore.ServiceRow::excluded).map(r -> " (was excluded)").orElse("")
                        : " (was " + describe(before) + ")"));
        changed(tenantId, integrationId);
    }

    /** Adds one PSA product to the service's products (a drop on the mapping page); an exclusion is replaced. */
    @Transactional
    public void addServiceProduct(UUID tenantId, String actor, UUID integrationId, UUID vendorServiceId, UUID psaProductId) {
        List<UUID> products = new ArrayList<>(currentProductIds(tenantId, integrationId, vendorServiceId));
        if (!products.contains(psaProductId)) {
            products.add(psaProductId);
        }
        mapService(tenantId, actor, integrationId, vendorServiceId, products);
    }

    /** Takes one PSA product out of the service's products; the last one leaves the service unmapped. */
    @Transactional
    public void removeServiceProduct(UUID tenantId, String actor, UUID integrationId, UUID vendorServiceId, UUID psaProductId) {
        List<UUID> products = new ArrayList<>(currentProductIds(tenantId, integrationId, vendorServiceId));
        if (!products.remove(psaProductId)) {
            return;
        }
        if (products.isEmpty()) {
            unmapService(tenantId, actor, integrationId, vendorServiceId);
        } else {
            mapService(tenantId, actor, integrationId, vendorServiceId, products);
        }
    }

    private List<UUID> currentProductIds(UUID tenantId, UUID integrationId, UUID vendorServiceId) {
        requireIntegration(tenantId, integrationId);
        VendorService service = requireService(tenantId, integrationId, vendorServiceId.toString(), false);
        PsaSide side = psaSide(tenantId);
        return store.serviceRow(tenantId, service.id()).filter(r -> !r.excluded())
                .map(side::products).orElse(List.of()).stream().map(PsaProduct::id).toList();
    }

    @Transactional
    public void excludeService(UUID tenantId, String actor, UUID integrationId, UUID vendorServiceId) {
        VendorIntegration integration = requireMappable(tenantId, integrationId);
        VendorService service = requireService(tenantId, integrationId, vendorServiceId.toString(), false);
        Optional<MappingStore.ServiceRow> previous = store.serviceRow(tenantId, service.id());
        if (previous.isPresent() && previous.get().excluded()) {
            return;
        }
        List<PsaProduct> before = previous.map(psaSide(tenantId)::products).orElse(List.of());
        save(() -> store.saveService(tenantId, new MappingStore.ServiceRow(integrationId, service.id(), true, null,
                List.of(), false, actor, clock.instant())));
        audit.record(tenantId, actor, "mapping.service-excluded", subject(integration, service),
                "Excluded: not billed" + (before.isEmpty() ? "" : " (was mapped to " + describe(before) + ")"));
        changed(tenantId, integrationId);
    }

    @Transactional
    public void unmapService(UUID tenantId, String actor, UUID integrationId, UUID vendorServiceId) {
        VendorIntegration integration = requireMappable(tenantId, integrationId);
        VendorService service = requireService(tenantId, integrationId, vendorServiceId.toString(), false);
        Optional<MappingStore.ServiceRow> previous = store.serviceRow(tenantId, service.id());
        if (previous.isEmpty()) {
            return;
        }
        store.deleteService(tenantId, service.id());
        store.block(tenantId, integrationId, MappingStore.SERVICE, service.id(), actor, clock.instant());
        if (previous.get().excluded()) {
            audit.record(tenantId, actor, "mapping.service-included", subject(integration, service),
                    "Included again (no longer excluded); now unmapped");
        } else {
            List<PsaProduct> before = psaSide(tenantId).products(previous.get());
            audit.record(tenantId, actor, "mapping.service-unmapped", subject(integration, service),
                    "Unmapped" + (before.isEmpty() ? "" : " from " + describe(before)));
        }
        changed(tenantId, integrationId);
    }

    // ------------------------------------------------------------------ auto-mapping

    /**
     * Maps every vendor item of the integration (or of all connected integrations if {@code integrationId} is null)
     * that has no mapping, is not blocked, and whose trimmed name equals exactly one PSA item's trimmed name,
     * character for character. Returns how many mappings were created.
     */
    @Transactional
    public int autoMap(UUID tenantId, UUID integrationId) {
        PsaSide side = psaSide(tenantId);
        if (!side.connected()) {
            return 0;
        }
        List<VendorIntegration> targets = (integrationId == null ? integrations(tenantId)
                : vendors.integration(tenantId, integrationId).filter(VendorIntegration::connected).stream().toList())
                .stream().filter(MappingService::mappable).toList();
        int total = 0;
        for (VendorIntegration integration : targets) {
            int created = autoMapAccounts(tenantId, integration, side) + autoMapServices(tenantId, integration, side);
            if (created > 0) {
                changed(tenantId, integration.id());
            }
            total += created;
        }
        return total;
    }

    private int autoMapAccounts(UUID tenantId, VendorIntegration integration, PsaSide side) {
        Map<String, List<PsaCompany>> byName = side.companies().stream()
                .filter(c -> !NameSimilarity.exactKey(c.name()).isEmpty())
                .collect(Collectors.groupingBy(c -> NameSimilarity.exactKey(c.name())));
        Map<UUID, MappingStore.AccountRow> rows = store.accountRows(tenantId, integration.id()).stream()
                .collect(Collectors.toMap(MappingStore.AccountRow::vendorAccountId, Function.identity()));
        Set<UUID> blocked = store.blocked(tenantId, integration.id(), MappingStore.ACCOUNT);
        int created = 0;
        for (VendorAccount account : vendors.accounts(tenantId, integration.id())) {
            MappingStore.AccountRow row = rows.get(account.id());
            if (blocked.contains(account.id()) || (row != null && (row.excluded() || side.company(row).isPresent()))) {
                continue;
            }
            List<PsaCompany> matches = byName.get(NameSimilarity.exactKey(account.name()));
            if (matches == null || matches.size() != 1) {
                continue;
            }
            PsaCompany company = matches.get(0);
            var mapping = new MappingStore.AccountRow(integration.id(), account.id(), false, side.connection().id(),
                    company.id(), company.externalId(), true, SYSTEM, clock.instant());
            if (row != null) {
                store.saveAccount(tenantId, mapping);
            } else if (!store.insertAccountIfAbsent(tenantId, mapping)) {
                continue;
            }
            audit.record(tenantId, SYSTEM, "mapping.account-mapped", subject(integration, account),
                    "Auto-mapped to PSA company '" + company.name() + "' (exact name match)");
            created++;
        }
        return created;
    }

    private int autoMapServices(UUID tenantId, VendorIntegration integration, PsaSide side) {
        Map<String, List<PsaProduct>> byName = side.products().stream()
                .filter(p -> !NameSimilarity.exactKey(p.name()).isEmpty())
                .collect(Collectors.groupingBy(p -> NameSimilarity.exactKey(p.name())));
        Map<UUID, MappingStore.ServiceRow> rows = store.serviceRows(tenantId, integration.id()).stream()
                .collect(Collectors.toMap(MappingStore.ServiceRow::vendorServiceId, Function.identity()));
        Set<UUID> blocked = store.blocked(tenantId, integration.id(), MappingStore.SERVICE);
        int created = 0;
        for (VendorService service : vendors.services(tenantId, integration.id())) {
            MappingStore.ServiceRow row = rows.get(service.id());
            if (blocked.contains(service.id()) || (row != null && (row.excluded() || !side.products(row).isEmpty()))) {
                continue;
            }
            List<PsaProduct> matches = byName.get(NameSimilarity.exactKey(service.name()));
            if (matches == null || matches.size() != 1) {
                continue;
            }
            PsaProduct product = matches.get(0);
            var mapping = new MappingStore.ServiceRow(integration.id(), service.id(), false, side.connection().id(),
                    List.of(new MappingStore.ProductRef(product.id(), product.externalId())), true, SYSTEM, clock.instant());
            if (row != null) {
                store.saveService(tenantId, mapping);
            } else if (!store.insertServiceIfAbsent(tenantId, mapping)) {
                continue;
            }
            audit.record(tenantId, SYSTEM, "mapping.service-mapped", subject(integration, service),
                    "Auto-mapped to PSA product " + describe(List.of(product)) + " (exact name match)");
            created++;
        }
        return created;
    }

    // ------------------------------------------------------------------ finish, disconnect, counts

    /** Starts a sync of the primary PSA connection once the integration has a mapped account and a mapped service. */
    @Transactional
    public UUID finish(UUID tenantId, String actor, UUID integrationId) {
        VendorIntegration integration = requireMappable(tenantId, integrationId);
        PsaSide side = psaSide(tenantId);
        if (!side.connected()) {
            throw new ConflictException("Connect your PSA before finishing the mapping: there is nothing to sync yet.");
        }
        Counts accounts = accountBoard(tenantId, integration, side, false).counts();
        Counts services = serviceBoard(tenantId, integration, side, false).counts();
        if (accounts.mapped() == 0 || services.mapped() == 0) {
            List<String> missing = new ArrayList<>();
            if (accounts.mapped() == 0) {
                missing.add("an account (0 of " + accounts.total() + " mapped)");
            }
            if (services.mapped() == 0) {
                missing.add("a service (0 of " + services.total() + " mapped)");
            }
            throw new ConflictException("Finishing needs at least one mapped account and one mapped service: map "
                    + String.join(" and ", missing) + " to the PSA first.");
        }
        UUID syncRunId = psa.requestSync(tenantId, side.connection().id(), actor);
        store.saveFinish(tenantId, integrationId, actor, clock.instant(), syncRunId);
        audit.record(tenantId, actor, "mapping.finished", integration.name(),
                accounts.mapped() + " accounts and " + services.mapped() + " services mapped; sync run " + syncRunId + " started");
        return syncRunId;
    }

    /** The integration was disconnected: all its mappings, exclusions and blocks go (reconnecting needs mapping again). */
    @Transactional
    public void integrationDisconnected(UUID tenantId, UUID integrationId) {
        int removed = store.deleteIntegration(tenantId, integrationId);
        String name = vendors.integration(tenantId, integrationId).map(VendorIntegration::name).orElse("integration " + integrationId);
        audit.record(tenantId, SYSTEM, "mapping.integration-cleared", name,
                removed + " account and service mappings removed because the integration was disconnected");
        changed(tenantId, integrationId);
    }

    /**
     * Unmapped (not excluded) accounts and services of all connected integrations: the navigation badge, read on every
     * page. The same figure as the sum of the boards' {@code counts().unmapped()}, without building them: the vendor
     * module counts the items, and every stored mapping or exclusion of a connected integration that is in effect
     * (the rule the boards apply, {@link PsaSide}) takes one off. Account mappings are read grouped by PSA company.
     * Accounts and services are never deleted and a mapping always belongs to an item of its integration, so the
     * subtraction is exact.
     */
    @Transactional(readOnly = true)
    public long unmappedCount(UUID tenantId) {
        Map<UUID, VendorDirectory.ItemCounts> items = vendors.itemCounts(tenantId);
        long unmapped = items.values().stream().mapToLong(c -> c.accounts() + c.services()).sum();
        if (unmapped == 0) {
            return 0;
        }
        PsaSide side = psaSide(tenantId);
        for (MappingStore.AccountTally tally : store.accountTallies(tenantId)) {
            if (items.containsKey(tally.integrationId()) && (tally.excluded()
                    || side.company(tally.psaConnectionId(), tally.psaCompanyId(), tally.psaCompanyExternalId()).isPresent())) {
                unmapped -= tally.accounts();
            }
        }
        for (MappingStore.ServiceRow row : store.serviceRows(tenantId)) {
            if (items.containsKey(row.integrationId()) && (row.excluded() || !side.products(row).isEmpty())) {
                unmapped--;
            }
        }
        return unmapped;
    }

    /** True once the mapping of a connected integration was finished. */
    @Transactional(readOnly = true)
    public boolean anyFinished(UUID tenantId) {
        Set<UUID> finished = store.finishedIntegrations(tenantId);
        return !finished.isEmpty() && connectedIntegrationIds(tenantId).stream().anyMatch(finished::contains);
    }

    public boolean syncRunning(UUID tenantId) {
        return psa.syncRunning(tenantId);
    }

    // ------------------------------------------------------------------ helpers

    private Set<UUID> connectedIntegrationIds(UUID tenantId) {
        return integrations(tenantId).stream().map(VendorIntegration::id).collect(Collectors.toSet());
    }

    private void changed(UUID tenantId, UUID integrationId) {
        events.publishEvent(new MappingEvents.MappingsChanged(tenantId, integrationId));
    }

    /** A concurrent first mapping of the same item (e.g. by auto-mapping) is a conflict, never a 500. */
    private static void save(Runnable write) {
        try {
            write.run();
        } catch (DuplicateKeyException e) {
            throw new ConcurrentChange();
        }
    }

    /**
     * Runs a user's change (a transaction of its own) and, if it collided with a concurrent first mapping of the same
     * item, once more: the person's decision then replaces what was written meanwhile.
     */
    static void retryingOnce(Runnable change) {
        try {
            change.run();
        } catch (ConcurrentChange e) {
            change.run();
        }
    }

    /** Someone (usually auto-mapping) mapped the same item at the same moment. */
    static final class ConcurrentChange extends ConflictException {
        ConcurrentChange() {
            super("This item was mapped by someone else at the same moment; reload and try again.");
        }
    }

    private static String subject(VendorIntegration integration, VendorAccount account) {
        return integration.name() + " / account " + account.name() + " (" + account.externalId() + ")";
    }

    private static String subject(VendorIntegration integration, VendorService service) {
        return integration.name() + " / service " + service.name() + " (" + service.externalId() + ")";
    }

    private static String describe(List<PsaProduct> products) {
        return products.stream().map(p -> "'" + p.name() + "'" + (p.identifier() == null || p.identifier().isBlank() ? ""
                : " (" + p.identifier() + ")")).collect(Collectors.joining(", "));
    }

    private static PsaItem item(PsaCompany c) {
        return new PsaItem(c.id(), c.externalId(), c.name(), null);
    }

    private static PsaItem item(PsaProduct p) {
        return new PsaItem(p.id(), p.externalId(), p.name(), p.identifier());
    }

    private PsaSide psaSide(UUID tenantId) {
        return new PsaSide(tenantId, psa.primaryConnection(tenantId).orElse(null));
    }

    /**
     * The organisation's primary PSA connection and its snapshot, loaded at most once per use. A stored mapping is in
     * effect only if it names this connection and its PSA item is still in the snapshot (by TrueUp's id, or by the
     * PSA's own id should a sync have re-issued TrueUp's ids).
     */
    private final class PsaSide {

        private final UUID tenantId;
        private final PsaConnectionInfo connection;
        private List<PsaCompany> companies;
        private List<PsaProduct> products;
        private Map<UUID, PsaCompany> companiesById;
        private Map<String, PsaCompany> companiesByExternalId;
        private Map<UUID, PsaProduct> productsById;
        private Map<String, PsaProduct> productsByExternalId;

        PsaSide(UUID tenantId, PsaConnectionInfo connection) {
            this.tenantId = tenantId;
            this.connection = connection;
        }

        boolean connected() {
            return connection != null;
        }

        PsaConnectionInfo connection() {
            return connection;
        }

        PsaConnectionInfo requireConnection() {
            if (connection == null) {
                throw new ConflictException("Connect your PSA first (PSA page): there are no PSA companies or products to map to yet.");
            }
            return connection;
        }

        List<PsaCompany> companies() {
            if (companies == null) {
                companies = connection == null ? List.of() : psa.companies(tenantId, connection.id());
                companiesById = new HashMap<>();
                companiesByExternalId = new HashMap<>();
                for (PsaCompany c : companies) {
                    companiesById.put(c.id(), c);
                    if (c.externalId() != null) {
                        companiesByExternalId.putIfAbsent(c.externalId(), c);
                    }
                }
            }
            return companies;
        }

        List<PsaProduct> products() {
            if (products == null) {
                products = connection == null ? List.of() : psa.products(tenantId, connection.id());
                productsById = new HashMap<>();
                productsByExternalId = new HashMap<>();
                for (PsaProduct p : products) {
                    productsById.put(p.id(), p);
                    if (p.externalId() != null) {
                        productsByExternalId.putIfAbsent(p.externalId(), p);
                    }
                }
            }
            return products;
        }

        Optional<PsaCompany> company(MappingStore.AccountRow row) {
            return row.excluded() ? Optional.empty()
                    : company(row.psaConnectionId(), row.psaCompanyId(), row.psaCompanyExternalId());
        }

        /** The company a (not excluded) account mapping to {@code companyId} of {@code connectionId} stands for, if in effect. */
        Optional<PsaCompany> company(UUID connectionId, UUID companyId, String companyExternalId) {
            if (connection == null || !connection.id().equals(connectionId)) {
                return Optional.empty();
            }
            companies();
            PsaCompany company = companiesById.get(companyId);
            if (company == null && companyExternalId != null) {
                company = companiesByExternalId.get(companyExternalId);
            }
            return Optional.ofNullable(company);
        }

        List<PsaProduct> products(MappingStore.ServiceRow row) {
            if (connection == null || row.excluded() || !connection.id().equals(row.psaConnectionId())) {
                return List.of();
            }
            products();
            Map<UUID, PsaProduct> found = new LinkedHashMap<>();
            for (MappingStore.ProductRef ref : row.products()) {
                PsaProduct product = productsById.get(ref.psaProductId());
                if (product == null && ref.externalId() != null) {
                    product = productsByExternalId.get(ref.externalId());
                }
                if (product != null) {
                    found.putIfAbsent(product.id(), product);
                }
            }
            return List.copyOf(found.values());
        }
    }

    /** Close matches for unmapped items: exact names (blocked or ambiguous ones) first, then similar names. */
    static final class Suggester {

        private final List<PsaItem> items;
        private final List<NameSimilarity.Prepared> prepared;

        Suggester(List<PsaItem> items) {
            this.items = items;
            this.prepared = items.stream().map(i -> NameSimilarity.Prepared.of(i.name())).toList();
        }

        List<Suggestion> suggest(String vendorName) {
            String exact = NameSimilarity.exactKey(vendorName);
            NameSimilarity.Prepared name = NameSimilarity.Prepared.of(vendorName);
            List<Suggestion> found = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                PsaItem item = items.get(i);
                if (Objects.equals(exact, NameSimilarity.exactKey(item.name()))) {
                    found.add(new Suggestion(item, 100));
                    continue;
                }
                double score = NameSimilarity.score(name, prepared.get(i));
                if (score >= NameSimilarity.SUGGESTION_THRESHOLD) {
                    // Only the exact name scores 100; anything else is at most 99 %.
                    found.add(new Suggestion(item, (int) Math.min(99, Math.round(score * 100))));
                }
            }
            found.sort(Comparator.comparingInt(Suggestion::score).reversed()
                    .thenComparing(s -> s.item().name(), BY_NAME));
            return found.size() > MAX_SUGGESTIONS ? List.copyOf(found.subList(0, MAX_SUGGESTIONS)) : found;
        }
    }
}

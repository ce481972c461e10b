package com.trueup.mapping.rules;

import com.trueup.integration.VendorAccount;
import com.trueup.integration.VendorDirectory;
import com.trueup.integration.VendorIntegration;
import com.trueup.integration.VendorService;
import com.trueup.mapping.rules.MappingBoard.AccountRow;
import com.trueup.mapping.rules.MappingBoard.Counts;
import com.trueup.mapping.rules.MappingBoard.PsaItem;
import com.trueup.mapping.rules.MappingBoard.ServiceRow;
import com.trueup.mapping.rules.MappingBoard.Status;
import com.trueup.mapping.store.MappingStore;
import com.trueup.psa.PsaCompany;
import com.trueup.psa.PsaProduct;
import com.trueup.psa.PsaSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The boards of one integration: every vendor account or service with its state, suggestions and the counts. */
@Service
public class MappingBoards {

    static final Comparator<String> BY_NAME = Comparator.comparing(
                    (String s) -> s == null ? "" : s.toLowerCase(Locale.ROOT))
            .thenComparing(Comparator.nullsFirst(Comparator.naturalOrder()));

    private final MappingStore store;
    private final VendorDirectory vendors;
    private final PsaSnapshot psa;
    private final MappableItems items;

    MappingBoards(MappingStore store, VendorDirectory vendors, PsaSnapshot psa, MappableItems items) {
        this.store = store;
        this.vendors = vendors;
        this.psa = psa;
        this.items = items;
    }

    @Transactional(readOnly = true)
    public MappingBoard<AccountRow> accountBoard(UUID tenantId, UUID integrationId, boolean withSuggestions) {
        return accountBoard(
                tenantId,
                items.requireIntegration(tenantId, integrationId),
                PsaSide.of(psa, tenantId),
                withSuggestions);
    }

    @Transactional(readOnly = true)
    public MappingBoard<ServiceRow> serviceBoard(UUID tenantId, UUID integrationId, boolean withSuggestions) {
        return serviceBoard(
                tenantId,
                items.requireIntegration(tenantId, integrationId),
                PsaSide.of(psa, tenantId),
                withSuggestions);
    }

    /** The board of an integration already looked up, against a PSA side already loaded (in the caller's transaction). */
    MappingBoard<AccountRow> accountBoard(
            UUID tenantId, VendorIntegration integration, PsaSide side, boolean withSuggestions) {
        Map<UUID, MappingStore.AccountRow> rows = store.accountRows(tenantId, integration.id()).stream()
                .collect(Collectors.toMap(MappingStore.AccountRow::vendorAccountId, Function.identity()));
        Instant finishedAt = store.finishedAt(tenantId, integration.id()).orElse(null);
        List<PsaItem> companies = side.companies().stream()
                .map(PsaItem::of)
                .sorted(Comparator.comparing(PsaItem::name, BY_NAME))
                .toList();
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
                result.add(new AccountRow(
                        account,
                        Status.EXCLUDED,
                        null,
                        row.auto(),
                        row.mappedBy(),
                        row.mappedAt(),
                        false,
                        false,
                        List.of()));
                continue;
            }
            Optional<PsaCompany> company = row == null ? Optional.empty() : side.company(row);
            if (company.isPresent()) {
                mapped++;
                linked.computeIfAbsent(company.get().id(), k -> new ArrayList<>())
                        .add(account.name());
                result.add(new AccountRow(
                        account,
                        Status.MAPPED,
                        PsaItem.of(company.get()),
                        row.auto(),
                        row.mappedBy(),
                        row.mappedAt(),
                        false,
                        false,
                        List.of()));
            } else {
                boolean isNew = finishedAt != null
                        && account.createdAt() != null
                        && account.createdAt().isAfter(finishedAt);
                result.add(new AccountRow(
                        account,
                        Status.UNMAPPED,
                        null,
                        false,
                        null,
                        null,
                        row != null,
                        isNew,
                        suggester == null ? List.of() : suggester.suggest(account.name())));
            }
        }
        Counts counts = new Counts(accounts.size(), mapped, accounts.size() - mapped - excluded, excluded);
        return new MappingBoard<>(integration, side.connection(), result, companies, linked, counts, finishedAt);
    }

    /** The board of an integration already looked up, against a PSA side already loaded (in the caller's transaction). */
    MappingBoard<ServiceRow> serviceBoard(
            UUID tenantId, VendorIntegration integration, PsaSide side, boolean withSuggestions) {
        Map<UUID, MappingStore.ServiceRow> rows = store.serviceRows(tenantId, integration.id()).stream()
                .collect(Collectors.toMap(MappingStore.ServiceRow::vendorServiceId, Function.identity()));
        Instant finishedAt = store.finishedAt(tenantId, integration.id()).orElse(null);
        List<PsaItem> products = side.products().stream()
                .map(PsaItem::of)
                .sorted(Comparator.comparing(PsaItem::name, BY_NAME))
                .toList();
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
                result.add(new ServiceRow(
                        service,
                        Status.EXCLUDED,
                        List.of(),
                        row.auto(),
                        row.mappedBy(),
                        row.mappedAt(),
                        false,
                        List.of()));
                continue;
            }
            List<PsaProduct> current = row == null ? List.of() : side.products(row);
            if (!current.isEmpty()) {
                mapped++;
                current.forEach(p ->
                        linked.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(service.name()));
                result.add(new ServiceRow(
                        service,
                        Status.MAPPED,
                        current.stream().map(PsaItem::of).toList(),
                        row.auto(),
                        row.mappedBy(),
                        row.mappedAt(),
                        false,
                        List.of()));
            } else {
                result.add(new ServiceRow(
                        service,
                        Status.UNMAPPED,
                        List.of(),
                        false,
                        null,
                        null,
                        row != null,
                        suggester == null ? List.of() : suggester.suggest(service.name())));
            }
        }
        Counts counts = new Counts(services.size(), mapped, services.size() - mapped - excluded, excluded);
        return new MappingBoard<>(integration, side.connection(), result, products, linked, counts, finishedAt);
    }
}

package com.trueup.reconciliation;

import com.trueup.integration.CountingMode;
import com.trueup.integration.UsageQuantity;
import com.trueup.integration.VendorAccount;
import com.trueup.integration.VendorService;
import com.trueup.mapping.AccountMapping;
import com.trueup.mapping.ServiceMapping;
import com.trueup.psa.PsaCompany;
import com.trueup.psa.PsaContractLine;
import com.trueup.psa.PsaProduct;
import com.trueup.shared.Quantities;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The quantity engine: pure, no I/O. Turns usage quantities, mappings and the PSA snapshot into reconciliation lines
 * following the invariants in {@code package-info.java}.
 */
final class ReconciliationEngine {

    /**
     * Orders contract lines so the first is the target: a line TrueUp may write before one the PSA computes itself, then
     * the largest quantity, then the PSA's line id, then TrueUp's id.
     */
    static final Comparator<PsaContractLine> TARGET_FIRST = Comparator.comparing(PsaContractLine::readOnly)
            .thenComparing((PsaContractLine l) -> Quantities.orZero(l.quantity()), Comparator.reverseOrder())
            .thenComparing(l -> l.externalLineId() == null ? "" : l.externalLineId())
            .thenComparing(PsaContractLine::id);

    private ReconciliationEngine() {}

    static List<ComputedLine> compute(EngineInput in) {
        Map<UUID, VendorAccount> accounts = index(in.accounts(), VendorAccount::id);
        Map<UUID, VendorService> services = index(in.services(), VendorService::id);
        Map<UUID, AccountMapping> accountMappings = index(in.accountMappings(), AccountMapping::vendorAccountId);
        Map<UUID, ServiceMapping> serviceMappings = index(in.serviceMappings(), ServiceMapping::vendorServiceId);
        Map<UUID, PsaCompany> companies = index(in.companies(), PsaCompany::id);
        Map<UUID, PsaProduct> products = index(in.products(), PsaProduct::id);
        // keyed by ids, not by the lines' key texts: 50,000 keys are hashed and compared in every rebuild
        Map<PsaKey, List<PsaContractLine>> linesByKey =
                new HashMap<>(Math.max(16, in.lines().size() * 2));
        for (PsaContractLine line : in.lines()) {
            linesByKey
                    .computeIfAbsent(new PsaKey(line.companyId(), line.productId()), k -> new ArrayList<>(1))
                    .add(line);
        }

        Map<Object, Draft> drafts = new LinkedHashMap<>(Math.max(16, in.usage().size() * 2));
        for (UsageQuantity usage : in.usage()) {
            VendorService service = services.get(usage.serviceId());
            VendorAccount account = accounts.get(usage.accountId());
            if (service == null || account == null) {
                continue; // not a series of a connected integration
            }
            CountingMode mode = service.countingMode() == null ? CountingMode.DAILY_AVERAGE : service.countingMode();
            BigDecimal quantity = Quantities.orZero(usage.quantity(mode));
            ComputedLine.Series series = new ComputedLine.Series(
                    usage.integrationId(), usage.accountId(), usage.serviceId(), service.externalId(), quantity);
            AccountMapping am = accountMappings.get(usage.accountId());
            ServiceMapping sm = serviceMappings.get(usage.serviceId());
            if ((am != null && am.excluded()) || (sm != null && sm.excluded())) {
                continue; // excluded: not billed
            }
            PsaCompany company = am == null || am.psaCompanyId() == null ? null : companies.get(am.psaCompanyId());
            List<PsaProduct> mappedProducts = new ArrayList<>();
            if (sm != null && sm.psaProductIds() != null) {
                for (UUID productId : sm.psaProductIds()) {
                    PsaProduct product = products.get(productId);
                    if (product != null) {
                        mappedProducts.add(product);
                    }
                }
            }
            if (company == null || mappedProducts.isEmpty()) {
                drafts.computeIfAbsent(
                                new UnmappedKey(usage.integrationId(), usage.accountId(), usage.serviceId()),
                                k -> new Draft(
                                        ComputedLine.unmappedKey(
                                                usage.integrationId(), usage.accountId(), usage.serviceId()),
                                        null,
                                        usage.integrationId(),
                                        company,
                                        null))
                        .add(series);
                continue;
            }
            for (PsaProduct product : mappedProducts) { // a bundle bills the full quantity on each product
                drafts.computeIfAbsent(
                                new PsaKey(company.id(), product.id()),
                                k -> new Draft(
                                        ComputedLine.mappedKey(company.id(), product.id()),
                                        (PsaKey) k,
                                        usage.integrationId(),
                                        company,
                                        product))
                        .add(series);
            }
        }

        // Lines the PSA bills for mapped companies and products without usage: the vendor quantity is 0.
        Map<UUID, Set<UUID>> companiesByIntegration = new HashMap<>();
        for (AccountMapping am : in.accountMappings()) {
            if (!am.excluded() && am.psaCompanyId() != null) {
                companiesByIntegration
                        .computeIfAbsent(am.integrationId(), k -> new HashSet<>())
                        .add(am.psaCompanyId());
            }
        }
        Map<UUID, Set<UUID>> productsByIntegration = new HashMap<>();
        for (ServiceMapping sm : in.serviceMappings()) {
            if (!sm.excluded() && sm.psaProductIds() != null) {
                productsByIntegration
                        .computeIfAbsent(sm.integrationId(), k -> new HashSet<>())
                        .addAll(sm.psaProductIds());
            }
        }
        for (Map.Entry<PsaKey, List<PsaContractLine>> entry : linesByKey.entrySet()) {
            if (drafts.containsKey(entry.getKey())) {
                continue;
            }
            PsaContractLine any = entry.getValue().get(0);
            PsaCompany company = companies.get(any.companyId());
            PsaProduct product = products.get(any.productId());
            if (company == null || product == null) {
                continue;
            }
            for (Map.Entry<UUID, Set<UUID>> byIntegration : companiesByIntegration.entrySet()) {
                if (byIntegration.getValue().contains(company.id())
                        && productsByIntegration
                                .getOrDefault(byIntegration.getKey(), Set.of())
                                .contains(product.id())) {
                    drafts.put(
                            entry.getKey(),
                            new Draft(
                                    ComputedLine.mappedKey(company.id(), product.id()),
                                    entry.getKey(),
                                    byIntegration.getKey(),
                                    company,
                                    product));
                    break;
                }
            }
        }

        List<ComputedLine> result = new ArrayList<>(drafts.size());
        for (Draft draft : drafts.values()) {
            result.add(draft.finish(accounts, services, linesByKey, in));
        }
        return result;
    }

    /** The PSA side of a (company, product): sums the lines and picks the target line. */
    static PsaSide psaSide(List<PsaContractLine> lines, PsaProduct product) {
        if (lines == null || lines.isEmpty()) {
            return new PsaSide(
                    null,
                    0,
                    null,
                    Quantities.ZERO,
                    Quantities.normalize(product.unitPrice()),
                    Quantities.normalize(product.unitCost()));
        }
        List<PsaContractLine> sorted = new ArrayList<>(lines);
        sorted.sort(TARGET_FIRST);
        PsaContractLine target = sorted.get(0);
        BigDecimal others = Quantities.ZERO;
        for (PsaContractLine l : sorted.subList(1, sorted.size())) {
            others = others.add(Quantities.orZero(l.quantity()));
        }
        return new PsaSide(
                target.id(),
                sorted.size(),
                Quantities.orZero(target.quantity()),
                others,
                Quantities.normalize(target.unitPrice()),
                Quantities.normalize(target.unitCost()));
    }

    private static <K, V> Map<K, V> index(List<V> values, java.util.function.Function<V, K> key) {
        Map<K, V> map = new HashMap<>(Math.max(16, values.size() * 2));
        for (V value : values) {
            map.put(key.apply(value), value);
        }
        return map;
    }

    /** A (PSA company, PSA product): the key of a mapped line. */
    private record PsaKey(UUID companyId, UUID productId) {}

    /** An (integration, account, service): the key of a line of unmapped usage. */
    private record UnmappedKey(UUID integrationId, UUID accountId, UUID serviceId) {}

    private static final class Draft {
        final String key;
        final PsaKey psaKey;
        final UUID integrationId;
        final PsaCompany company;
        final PsaProduct product;
        final List<ComputedLine.Series> series = new ArrayList<>(1);

        Draft(String key, PsaKey psaKey, UUID integrationId, PsaCompany company, PsaProduct product) {
            this.key = key;
            this.psaKey = psaKey;
            this.integrationId = integrationId;
            this.company = company;
            this.product = product;
        }

        void add(ComputedLine.Series s) {
            series.add(s);
        }

        ComputedLine finish(
                Map<UUID, VendorAccount> accounts,
                Map<UUID, VendorService> services,
                Map<PsaKey, List<PsaContractLine>> linesByKey,
                EngineInput in) {
            BigDecimal vendor = Quantities.ZERO;
            ComputedLine.Series primary = null;
            for (ComputedLine.Series s : series) {
                vendor = vendor.add(s.quantity());
                if (primary == null || s.quantity().compareTo(primary.quantity()) > 0) {
                    primary = s;
                }
            }
            VendorAccount account = primary == null ? null : accounts.get(primary.accountId());
            VendorService service = primary == null ? null : services.get(primary.serviceId());
            if (product == null) {
                String companyName = company != null ? company.name() : account == null ? null : account.name();
                return new ComputedLine(
                        key,
                        integrationId,
                        primary.accountId(),
                        account.externalId(),
                        account.name(),
                        primary.serviceId(),
                        service.externalId(),
                        service.name(),
                        company == null ? null : company.id(),
                        companyName,
                        null,
                        service.name(),
                        null,
                        LineFigures.unmapped(vendor),
                        List.copyOf(series));
            }
            PsaSide psa = psaSide(linesByKey.get(psaKey), product);
            return new ComputedLine(
                    key,
                    integrationId,
                    primary == null ? null : primary.accountId(),
                    account == null ? null : account.externalId(),
                    account == null ? null : account.name(),
                    primary == null ? null : primary.serviceId(),
                    service == null ? null : service.externalId(),
                    service == null ? null : service.name(),
                    company.id(),
                    company.name(),
                    product.id(),
                    product.name(),
                    psa,
                    LineFigures.of(vendor, psa, in.connection()),
                    List.copyOf(series));
        }
    }
}

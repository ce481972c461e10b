package com.trueup.mapping.rules;

import com.trueup.mapping.store.MappingStore;
import com.trueup.psa.PsaCompany;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaProduct;
import com.trueup.psa.PsaSnapshot;
import com.trueup.shared.ConflictException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The organisation's primary PSA connection and its snapshot, loaded at most once per use. A stored mapping is in
 * effect only if it names this connection and its PSA item is still in the snapshot (by TrueUp's id, or by the
 * PSA's own id should a sync have re-issued TrueUp's ids).
 */
final class PsaSide {

    private final PsaSnapshot psa;
    private final UUID tenantId;
    private final PsaConnectionInfo connection;
    private List<PsaCompany> companies;
    private List<PsaProduct> products;
    private Map<UUID, PsaCompany> companiesById;
    private Map<String, PsaCompany> companiesByExternalId;
    private Map<UUID, PsaProduct> productsById;
    private Map<String, PsaProduct> productsByExternalId;

    private PsaSide(PsaSnapshot psa, UUID tenantId, PsaConnectionInfo connection) {
        this.psa = psa;
        this.tenantId = tenantId;
        this.connection = connection;
    }

    static PsaSide of(PsaSnapshot psa, UUID tenantId) {
        return new PsaSide(psa, tenantId, psa.primaryConnection(tenantId).orElse(null));
    }

    boolean connected() {
        return connection != null;
    }

    PsaConnectionInfo connection() {
        return connection;
    }

    PsaConnectionInfo requireConnection() {
        if (connection == null) {
            throw new ConflictException(
                    "Connect your PSA first (PSA page): there are no PSA companies or products to map to yet.");
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
        return row.excluded()
                ? Optional.empty()
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

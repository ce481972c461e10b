package com.trueup.psa;

import com.trueup.psa.connector.RemoteCompany;
import com.trueup.psa.connector.RemoteContract;
import com.trueup.psa.connector.RemoteLine;
import com.trueup.psa.connector.RemoteProduct;
import com.trueup.psa.connector.SnapshotSink;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects everything a connector reads during a sync, in memory, before anything is stored: a sync that fails half
 * way leaves the previous snapshot untouched. Items are keyed by the PSA's id, so an item a paged read returns twice
 * is kept once (the last one read wins).
 */
final class SnapshotCollector implements SnapshotSink {

    final Map<String, RemoteCompany> companies = new LinkedHashMap<>();
    final Map<String, RemoteProduct> products = new LinkedHashMap<>();
    final Map<String, RemoteContract> contracts = new LinkedHashMap<>();
    final Map<String, RemoteLine> lines = new LinkedHashMap<>();

    @Override
    public void company(RemoteCompany company) {
        companies.put(required(company.externalId(), "company"), company);
    }

    @Override
    public void product(RemoteProduct product) {
        products.put(required(product.externalId(), "product"), product);
    }

    @Override
    public void contract(RemoteContract contract) {
        contracts.put(required(contract.externalId(), "contract"), contract);
    }

    @Override
    public void line(RemoteLine line) {
        lines.put(required(line.externalId(), "contract line"), line);
    }

    private static String required(String externalId, String what) {
        if (externalId == null || externalId.isBlank()) {
            throw new IllegalArgumentException("The PSA returned a " + what + " without an id");
        }
        if (externalId.length() > 100) {
            throw new IllegalArgumentException("The PSA returned a " + what + " id longer than 100 characters");
        }
        return externalId;
    }
}

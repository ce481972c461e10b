package com.trueup.reconciliation;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * One reconciliation line as the engine computes it. {@code key} is the natural key within the period:
 * {@code p:<company>:<product>} for a mapped line, {@code u:<integration>:<account>:<service>} for unmapped usage.
 * The vendor ids name the series with the largest quantity (the only one in the common case); {@code series} lists all
 * that add up to the vendor quantity.
 */
record ComputedLine(
        String key,
        UUID integrationId,
        UUID vendorAccountId,
        String vendorAccountRef,
        String vendorAccountName,
        UUID vendorServiceId,
        String vendorServiceRef,
        String vendorServiceName,
        UUID psaCompanyId,
        String companyName,
        UUID psaProductId,
        String serviceName,
        PsaSide psa,
        LineFigures figures,
        List<Series> series) {

    /** One vendor series (account, service) and its quantity in the period by the service's counting mode. */
    record Series(UUID integrationId, UUID accountId, UUID serviceId, String serviceRef, BigDecimal quantity) {}

    static String mappedKey(UUID companyId, UUID productId) {
        return "p:" + companyId + ":" + productId;
    }

    static String unmappedKey(UUID integrationId, UUID accountId, UUID serviceId) {
        return "u:" + integrationId + ":" + accountId + ":" + serviceId;
    }

    LineStatus status() {
        return figures.status();
    }
}

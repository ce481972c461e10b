package com.trueup.psa.store;

import com.trueup.psa.QuantityRounding;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A PSA connection as stored, without its credentials: only the names of the credential fields that are set. */
public record StoredConnection(
        UUID id,
        UUID tenantId,
        String type,
        String name,
        String baseUrl,
        List<String> credentialNames,
        QuantityRounding rounding,
        String defaultEffectiveDate,
        Map<String, String> settings,
        boolean primary,
        String status,
        String statusMessage,
        UUID activeSyncRunId,
        Instant lastSyncedAt,
        Instant createdAt,
        Instant updatedAt) {}

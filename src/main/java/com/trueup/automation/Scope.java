package com.trueup.automation;

import com.trueup.reconciliation.AutomaticApprovals.PendingLine;
import com.trueup.shared.InvalidInputException;
import java.util.Locale;
import java.util.UUID;

/**
 * Which lines a rule covers: all, those fed by one vendor integration or one vendor service, or those of one PSA company.
 * A line fed by several vendor series is covered when any of them matches.
 */
record Scope(Kind kind, UUID id) {

    enum Kind {
        ALL,
        INTEGRATION,
        SERVICE,
        COMPANY;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final Scope ALL = new Scope(Kind.ALL, null);

    static Scope of(String kind, UUID id) {
        Kind k = null;
        for (Kind candidate : Kind.values()) {
            if (candidate.wire().equals(kind == null ? "" : kind.trim().toLowerCase(Locale.ROOT))) {
                k = candidate;
            }
        }
        if (k == null) {
            throw new InvalidInputException(
                    "scope.kind", "scope.kind must be all, integration, service or company (got '" + kind + "')");
        }
        if (k == Kind.ALL) {
            return ALL;
        }
        if (id == null) {
            throw new InvalidInputException("scope.id", "scope.id is required for a scope of one " + k.wire());
        }
        return new Scope(k, id);
    }

    boolean covers(PendingLine line) {
        return switch (kind) {
            case ALL -> true;
            case INTEGRATION -> line.integrationIds().contains(id) || id.equals(line.integrationId());
            case SERVICE -> line.vendorServiceIds().contains(id);
            case COMPANY -> id.equals(line.psaCompanyId());
        };
    }
}

package com.trueup.mapping.rules;

import com.trueup.integration.VendorAccount;
import com.trueup.integration.VendorIntegration;
import com.trueup.integration.VendorService;
import com.trueup.psa.PsaCompany;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaProduct;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What the mapping page and the mapping API show for one vendor integration and one step (accounts or services):
 * every vendor item with its state and suggestions, the PSA items of the primary connection, and counts.
 */
public record MappingBoard<R>(
        VendorIntegration integration,
        PsaConnectionInfo connection,
        List<R> rows,
        List<PsaItem> psaItems,
        Map<UUID, List<String>> linkedVendorNames,
        Counts counts,
        Instant finishedAt) {

    public boolean psaConnected() {
        return connection != null;
    }

    public enum Status {
        MAPPED,
        UNMAPPED,
        EXCLUDED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A PSA company (identifier null) or product of the primary connection. */
    public record PsaItem(UUID id, String externalId, String name, String identifier) {

        static PsaItem of(PsaCompany c) {
            return new PsaItem(c.id(), c.externalId(), c.name(), null);
        }

        static PsaItem of(PsaProduct p) {
            return new PsaItem(p.id(), p.externalId(), p.name(), p.identifier());
        }

        /** What a search on the PSA side matches: name, identifier (product ID) and the PSA's own id. */
        public String searchText() {
            return (name + " " + (identifier == null ? "" : identifier) + " " + (externalId == null ? "" : externalId))
                    .toLowerCase(Locale.ROOT);
        }
    }

    /** A close (never auto-mapped) match, {@code score} in percent. */
    public record Suggestion(PsaItem item, int score) {}

    public record Counts(int total, int mapped, int unmapped, int excluded) {}

    /**
     * A vendor account. {@code stale}: it had a mapping whose PSA company is no longer in the primary connection's
     * snapshot, so it counts as unmapped. {@code isNew}: unmapped and arrived after the mapping was last finished.
     */
    public record AccountRow(
            VendorAccount account,
            Status status,
            PsaItem company,
            boolean auto,
            String mappedBy,
            Instant mappedAt,
            boolean stale,
            boolean isNew,
            List<Suggestion> suggestions) {}

    /** A vendor service (SKU) and the PSA products it bills as (several for a bundle). */
    public record ServiceRow(
            VendorService service,
            Status status,
            List<PsaItem> products,
            boolean auto,
            String mappedBy,
            Instant mappedAt,
            boolean stale,
            List<Suggestion> suggestions) {}
}

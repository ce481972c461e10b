package com.trueup.reconciliation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.trueup.integration.UsageQuantity;
import com.trueup.integration.VendorAccount;
import com.trueup.integration.VendorService;
import com.trueup.mapping.AccountMapping;
import com.trueup.mapping.ServiceMapping;
import com.trueup.psa.PsaCompany;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaContractLine;
import com.trueup.psa.PsaProduct;
import com.trueup.shared.AfterCommit;
import com.trueup.shared.BillingPeriod;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * What the last rebuild of a period on this node read and left stored, so the next rebuild reads only what changed
 * since. Each large part is kept with the version of its source, a value stored in the database and changed in the
 * same transaction as the source, and is used only while that version is unchanged: the organisation's usage
 * ({@link com.trueup.integration.VendorDirectory#usageVersion}), the PSA snapshot of the primary connection
 * ({@link com.trueup.psa.PsaSnapshot#snapshotVersion}) and the period's stored lines ({@code lines_version}). A change
 * committed on any node is therefore seen by the next rebuild on every node. The small inputs (connected integrations,
 * accounts, services, mappings, the connection) are read on every rebuild and compared; when they, the versions and the
 * period's days are all unchanged, the stored lines are what a rebuild would write, and nothing is computed.
 * <p>
 * Bounded by {@code trueup.reconciliation.rebuild-cache-rows} (rows kept: lines, usage series, PSA lines; 0 keeps
 * nothing); an entry is kept only once its rebuild committed.
 */
@Component
class RebuildInputs {

    /**
     * The inputs read on every rebuild: small, compared whole. {@code usageVersion} and {@code psaVersion} are read
     * before the parts they stand for, so a change committed in between makes the kept part look older, never newer.
     */
    record Small(
            Set<UUID> connectedIntegrations,
            List<VendorAccount> accounts,
            List<VendorService> services,
            List<AccountMapping> accountMappings,
            List<ServiceMapping> serviceMappings,
            PsaConnectionInfo connection,
            String usageVersion,
            String psaVersion) {}

    /** The PSA snapshot of one connection as the engine reads it. */
    record Psa(List<PsaCompany> companies, List<PsaProduct> products, List<PsaContractLine> lines) {

        static final Psa NONE = new Psa(List.of(), List.of(), List.of());

        int rows() {
            return companies.size() + products.size() + lines.size();
        }
    }

    /**
     * One period as its last rebuild left it: the inputs it read, the states of the stored lines after its write and
     * the lines version they belong to, and the counts its event reported.
     */
    record Kept(
            BillingPeriod period,
            Small small,
            List<UsageQuantity> usage,
            Psa psa,
            Map<String, ReconciliationStore.LineState> states,
            UUID linesVersion,
            int lines,
            int withUsage) {

        /** Nothing the engine reads changed and the stored lines are the ones this rebuild left. */
        boolean unchanged(BillingPeriod now, Small smallNow, UUID linesVersionNow) {
            return period.equals(now)
                    && small.equals(smallNow)
                    && small.psaVersion() != null
                    && linesVersion != null
                    && linesVersion.equals(linesVersionNow);
        }

        Optional<List<UsageQuantity>> usageIfCurrent(BillingPeriod now, Small smallNow) {
            boolean current = period.equals(now)
                    && small.usageVersion().equals(smallNow.usageVersion())
                    && small.connectedIntegrations().equals(smallNow.connectedIntegrations());
            return current ? Optional.of(usage) : Optional.empty();
        }

        Optional<Psa> psaIfCurrent(Small smallNow) {
            boolean current = small.psaVersion() != null
                    && small.psaVersion().equals(smallNow.psaVersion())
                    && Objects.equals(small.connection(), smallNow.connection());
            return current ? Optional.of(psa) : Optional.empty();
        }

        Optional<Map<String, ReconciliationStore.LineState>> statesIfCurrent(UUID linesVersionNow) {
            return linesVersion != null && linesVersion.equals(linesVersionNow)
                    ? Optional.of(states)
                    : Optional.empty();
        }

        int rows() {
            return states.size() + usage.size() + psa.rows();
        }
    }

    private record Key(UUID tenantId, String period) {}

    /** Counter of the large inputs rebuilds used, by {@code input} (usage, psa, lines) and {@code source}. */
    static final String READS = "trueup.reconciliation.rebuild.inputs";

    static final String KEPT = "kept";
    static final String DATABASE = "database";
    /** Every input: the rebuild found nothing changed and computed nothing. */
    static final String UNCHANGED = "unchanged";

    private final Cache<Key, Kept> kept;
    private final boolean enabled;
    private final MeterRegistry meters;

    RebuildInputs(ReconciliationSettings settings, MeterRegistry meters) {
        this.meters = meters;
        this.enabled = settings.rebuildCacheRows() > 0;
        this.kept = Caffeine.newBuilder()
                .maximumWeight(settings.rebuildCacheRows())
                .<Key, Kept>weigher((key, value) -> Math.max(1, value.rows()))
                .build();
    }

    Optional<Kept> get(UUID tenantId, String period) {
        return Optional.ofNullable(kept.getIfPresent(new Key(tenantId, period)));
    }

    /** Keeps {@code value} once the current transaction commits (nothing if it rolls back); forgets the old one now. */
    void keepAfterCommit(UUID tenantId, String period, Kept value) {
        Key key = new Key(tenantId, period);
        kept.invalidate(key);
        if (!enabled) {
            return;
        }
        AfterCommit.run(() -> kept.put(key, value));
    }

    /** Counts where a rebuild took one of its large inputs from ({@link #KEPT}, {@link #DATABASE}, {@link #UNCHANGED}). */
    void counted(String input, String source) {
        Counter.builder(READS)
                .description("Large inputs of reconciliation rebuilds by where they came from")
                .tag("input", input)
                .tag("source", source)
                .register(meters)
                .increment();
    }

    /** Forgets everything kept (what a node that just started has). */
    void clear() {
        kept.invalidateAll();
    }
}

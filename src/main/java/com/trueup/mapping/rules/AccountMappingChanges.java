package com.trueup.mapping.rules;

import static com.trueup.mapping.rules.ConcurrentChange.save;
import static com.trueup.mapping.rules.MappingChangeLog.subject;

import com.trueup.integration.VendorAccount;
import com.trueup.integration.VendorIntegration;
import com.trueup.mapping.store.MappingStore;
import com.trueup.psa.PsaCompany;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaSnapshot;
import com.trueup.shared.InvalidInputException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A person maps a vendor account to a PSA company, excludes it, or unmaps it (which keeps auto-mapping away). */
@Service
public class AccountMappingChanges {

    private final MappingStore store;
    private final MappableItems items;
    private final PsaSnapshot psa;
    private final MappingChangeLog log;
    private final Clock clock;

    AccountMappingChanges(MappingStore store, MappableItems items, PsaSnapshot psa, MappingChangeLog log, Clock clock) {
        this.store = store;
        this.items = items;
        this.psa = psa;
        this.log = log;
        this.clock = clock;
    }

    @Transactional
    public void mapAccount(UUID tenantId, String actor, UUID integrationId, UUID vendorAccountId, UUID psaCompanyId) {
        VendorIntegration integration = items.requireMappable(tenantId, integrationId);
        VendorAccount account = items.requireAccount(tenantId, integrationId, vendorAccountId.toString(), false);
        if (psaCompanyId == null) {
            throw new InvalidInputException("psaCompanyId", "psaCompanyId is required (or send \"excluded\": true)");
        }
        PsaSide side = PsaSide.of(psa, tenantId);
        PsaConnectionInfo connection = side.requireConnection();
        PsaCompany company = side.companies().stream()
                .filter(c -> c.id().equals(psaCompanyId))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException(
                        "psaCompanyId",
                        "There is no PSA company " + psaCompanyId
                                + " in your PSA connection '" + connection.name()
                                + "'; list them with GET /api/v1/psa-connections/"
                                + connection.id() + "/companies."));
        Optional<MappingStore.AccountRow> previous = store.accountRow(tenantId, account.id());
        Optional<PsaCompany> before = previous.filter(r -> !r.excluded()).flatMap(side::company);
        if (before.isPresent() && before.get().id().equals(company.id())) {
            return;
        }
        save(() -> store.saveAccount(
                tenantId,
                new MappingStore.AccountRow(
                        integrationId,
                        account.id(),
                        false,
                        connection.id(),
                        company.id(),
                        company.externalId(),
                        false,
                        actor,
                        clock.instant())));
        log.record(
                tenantId,
                actor,
                "mapping.account-mapped",
                subject(integration, account),
                "Mapped to PSA company '" + company.name() + "'"
                        + before.map(b -> " (was '" + b.name() + "')")
                                .orElse(previous.filter(MappingStore.AccountRow::excluded)
                                        .map(r -> " (was excluded)")
                                        .orElse("")));
        log.changed(tenantId, integrationId);
    }

    @Transactional
    public void excludeAccount(UUID tenantId, String actor, UUID integrationId, UUID vendorAccountId) {
        VendorIntegration integration = items.requireMappable(tenantId, integrationId);
        VendorAccount account = items.requireAccount(tenantId, integrationId, vendorAccountId.toString(), false);
        Optional<MappingStore.AccountRow> previous = store.accountRow(tenantId, account.id());
        if (previous.isPresent() && previous.get().excluded()) {
            return;
        }
        save(() -> store.saveAccount(
                tenantId,
                new MappingStore.AccountRow(
                        integrationId, account.id(), true, null, null, null, false, actor, clock.instant())));
        log.record(
                tenantId,
                actor,
                "mapping.account-excluded",
                subject(integration, account),
                "Excluded: not billed"
                        + previous.flatMap(PsaSide.of(psa, tenantId)::company)
                                .map(c -> " (was mapped to '" + c.name() + "')")
                                .orElse(""));
        log.changed(tenantId, integrationId);
    }

    /** Removes the mapping or exclusion of the account; auto-mapping leaves it alone from now on. */
    @Transactional
    public void unmapAccount(UUID tenantId, String actor, UUID integrationId, UUID vendorAccountId) {
        VendorIntegration integration = items.requireMappable(tenantId, integrationId);
        VendorAccount account = items.requireAccount(tenantId, integrationId, vendorAccountId.toString(), false);
        Optional<MappingStore.AccountRow> previous = store.accountRow(tenantId, account.id());
        if (previous.isEmpty()) {
            return;
        }
        store.deleteAccount(tenantId, account.id());
        store.block(tenantId, integrationId, MappingStore.ACCOUNT, account.id(), actor, clock.instant());
        if (previous.get().excluded()) {
            log.record(
                    tenantId,
                    actor,
                    "mapping.account-included",
                    subject(integration, account),
                    "Included again (no longer excluded); now unmapped");
        } else {
            log.record(
                    tenantId,
                    actor,
                    "mapping.account-unmapped",
                    subject(integration, account),
                    "Unmapped"
                            + PsaSide.of(psa, tenantId)
                                    .company(previous.get())
                                    .map(c -> " from PSA company '" + c.name() + "'")
                                    .orElse(""));
        }
        log.changed(tenantId, integrationId);
    }
}

package com.trueup.psa.connector;

import java.time.LocalDate;

/**
 * A contract / agreement / recurring invoice; {@code billable}: active, recurring and of a billable type.
 * {@code nextInvoiceDate}: when the PSA next invoices it, where the PSA tells (changes apply from then in PSAs that take
 * no effective date); null otherwise. {@code terms}: what the PSA says about the contract as a whole (value, dates,
 * standing, periods with their budgets), for PSAs whose contracts carry no lines; null when it tells none.
 */
public record RemoteContract(
        String externalId,
        String companyExternalId,
        String name,
        boolean billable,
        LocalDate nextInvoiceDate,
        ContractTerms terms) {

    public RemoteContract(String externalId, String companyExternalId, String name, boolean billable) {
        this(externalId, companyExternalId, name, billable, null, null);
    }

    public RemoteContract(
            String externalId, String companyExternalId, String name, boolean billable, LocalDate nextInvoiceDate) {
        this(externalId, companyExternalId, name, billable, nextInvoiceDate, null);
    }
}

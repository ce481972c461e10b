package com.trueup.psa.connector;

import java.time.LocalDate;

/**
 * A contract / agreement / recurring invoice; {@code billable}: active, recurring and of a billable type.
 * {@code nextInvoiceDate}: when the PSA next invoices it, where the PSA tells (changes apply from then in PSAs that take
 * no effective date); null otherwise.
 */
public record RemoteContract(String externalId, String companyExternalId, String name, boolean billable,
                             LocalDate nextInvoiceDate) {

    public RemoteContract(String externalId, String companyExternalId, String name, boolean billable) {
        this(externalId, companyExternalId, name, billable, null);
    }
}

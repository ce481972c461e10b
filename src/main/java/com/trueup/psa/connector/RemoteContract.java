package com.trueup.psa.connector;

/** A contract / agreement / recurring invoice; {@code billable}: active, recurring and of a billable type. */
public record RemoteContract(String externalId, String companyExternalId, String name, boolean billable) {
}

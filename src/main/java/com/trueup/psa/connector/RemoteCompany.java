package com.trueup.psa.connector;

/** A company as the PSA has it; {@code billable} is false for prospects, inactive or deleted companies. */
public record RemoteCompany(String externalId, String name, boolean billable) {}

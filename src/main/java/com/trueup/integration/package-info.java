/**
 * Vendor integrations: how vendors connect to an MSP organisation and push what its clients use.
 *
 * <h2>Owns</h2>
 * <ul>
 *   <li>Vendor integrations and their life cycle: connect (with a token), regenerate the token, disconnect,
 *       reconnect; the vendor's own status and profile ({@code Integrations}).</li>
 *   <li>The Vendor API's {@code GRADIENT-TOKEN}s (only their SHA-256 hashes are stored) and the Vendor API's own
 *       security chain: token, per-token rate limit, body size limit ({@code VendorTokens},
 *       {@code VendorApiSecurity}); the count endpoint is answered ahead of all other filters, with the same checks,
 *       headers and errors ({@code CountFastPath}).</li>
 *   <li>The Gradient-compatible Vendor API on {@code /api/vendor-api}, wire-compatible with Gradient MSP's
 *       Synthesize Vendor API (paths, header, envelopes, exact field sets), and the MSP side on
 *       {@code /api/v1/integrations} and the Integrations pages.</li>
 *   <li>Vendor accounts (the MSP's clients as the vendor knows them) and services (SKUs), with each service's
 *       {@link com.trueup.integration.CountingMode} ({@code VendorCatalog}).</li>
 *   <li>The usage store ({@code store}): vendor counts as a daily step function per series (integration, account,
 *       service), written by the count endpoint in small batches ({@code CountIngestion}) and by the bulk and CSV import
 *       ({@code BulkUsageImport}) through {@code UsageWriter}; read as quantities over a period ({@code UsageQuantities},
 *       {@link com.trueup.integration.UsageQuantity}) and as lists of counts ({@code CountListings}); the billing math
 *       over it ({@code UsageMath}).</li>
 *   <li>Vendor alerts, stored so alerting clients keep working (no PSA tickets are opened).</li>
 * </ul>
 *
 * <h2>Does not own</h2>
 * <ul>
 *   <li>Which vendor account is which PSA company, which service which PSA products: the {@code mapping} module. This
 *       module learns it only through {@link com.trueup.integration.MappingLookup}, which the mapping module implements
 *       (the mapping module depends on this one, not the other way round).</li>
 *   <li>Billing periods, reconciliation lines and what is written to the PSA: {@code reconciliation} and
 *       {@code writeback} read usage through {@link com.trueup.integration.VendorDirectory} and react to
 *       {@link com.trueup.integration.VendorEvents}.</li>
 *   <li>Organisations, their time zones and users: the {@code tenant} module.</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>A token resolves to exactly one (organisation, integration), and everything a Vendor API request reads or
 *       writes is scoped to that pair. Every query of the MSP side is scoped by the organisation ({@code tenant_id}).</li>
 *   <li>A regenerated token replaces the previous one at once (401 for the old token). Disconnecting stops the token
 *       at once (403 from then on), publishes {@link com.trueup.integration.VendorEvents.IntegrationDisconnected} and
 *       keeps accounts, services and usage; usage of a disconnected integration is left out of what other modules
 *       read. Reconnecting issues a new token, sets the integration to pending and offers all its accounts and services
 *       for mapping again. Secrets are shown once and never stored, logged or put in errors.</li>
 *   <li>Accounts and services are never deleted, so a vendor id always names the same TrueUp id; creating one that
 *       exists (same vendor id, or for services the same name) is idempotent.</li>
 *   <li>A count belongs to the day it arrives in the organisation's time zone (or to the day a backfill names). It
 *       holds from that day until the next count; days before a series' first count are 0; the last count of a day
 *       replaces earlier ones. Quantities of a half-open period {@code [start, end)} are daily average (scale 4,
 *       HALF_UP), latest and peak, {@code BigDecimal} throughout.</li>
 *   <li>A 201 from the count endpoint means the count is committed; a bulk import is atomic (every record checked
 *       first; if any is invalid, nothing is stored and every problem is reported). Re-posting a count equal to the
 *       stored one writes and announces nothing.</li>
 *   <li>Every write that changes a usage series or any of its months gives the series a new random {@code version};
 *       writes that change nothing leave it. The count and sum of an organisation's versions (with those of its
 *       disconnected integrations) are its {@link com.trueup.integration.VendorDirectory#usageVersion}: equal values,
 *       equal usage reads.</li>
 *   <li>Changed counts publish {@link com.trueup.integration.VendorEvents.UsageChanged} in the writing transaction; new
 *       accounts and services publish {@code AccountsAdded} / {@code ServicesAdded}.</li>
 *   <li>Bad input on the Vendor API is a 4xx problem+json naming the field, never a 500.</li>
 * </ul>
 */
package com.trueup.integration;

/**
 * Insights: billed revenue, vendor cost, margin, revenue leak and over-billing per service and per client for a billing
 * period, under-performing services, and month-over-month trends; the insights page and {@code /api/v1/insights}.
 *
 * <h2>Invariants</h2>
 * <ol>
 * <li>Insights store nothing: they read the active lines of reconciliation through
 *     {@link com.trueup.reconciliation.ReconciliationFigures}, always for one organisation.</li>
 * <li>Per mapped line: billed revenue = PSA quantity × unit price; vendor cost = vendor quantity × unit cost; revenue
 *     leak = max(vendor − PSA quantity, 0) × unit price (new revenue, PSA quantity 0, leaks in full); over-billing =
 *     max(PSA − vendor quantity, 0) × unit price. Each BigDecimal rounded to scale 4 half up; services, clients, months
 *     and totals are exact sums of those; margin = revenue − cost; margin % = margin / revenue × 100 at scale 2, none
 *     without revenue. Unmapped usage has no price or cost: counted, never valued.</li>
 * <li>Periods are calendar months of the organisation's time zone (clock from the injected {@link java.time.Clock});
 *     the current month is month to date; a period reaches back at most 24 months, a trend 1 to 24 months.</li>
 * <li>A service under-performs on a negative margin, else a margin below {@code trueup.insights.low-margin-percent}
 *     (default 20), and on usage that fell in each of the last two months.</li>
 * <li>A month without any vendor usage has no trend figures (null), not zero cost and full over-billing.</li>
 * <li>Months before the one shown are built on demand only once that month has mapped lines.</li>
 * </ol>
 */
package com.trueup.insights;

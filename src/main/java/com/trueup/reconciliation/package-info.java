/**
 * Reconciliation: billing periods, the quantity engine, reconciliation lines and the actions on them (approve,
 * adjust, dismiss, notes), the reconcile page, its API and the sync status.
 *
 * <h2>Invariants</h2>
 * <ol>
 * <li><b>Billing period</b> = a calendar month in the organisation's time zone, as half-open days
 *     {@code [start, end)}. A closed month counts all its days. The current month is <i>month to date</i>: the 1st
 *     through today (today included, in the organisation's zone), so its end is tomorrow; its quantities move as days
 *     pass and are rebuilt daily. Months after the current one do not exist ({@code shared.BillingPeriod}, today from
 *     {@code shared.TenantCalendar}).</li>
 * <li><b>Vendor quantity</b> of (PSA company, PSA product) = the sum, over every vendor account mapped to that
 *     company and every vendor service mapped to that product (same integration), of the series quantity by the
 *     service's counting mode (DAILY_AVERAGE, LATEST, PEAK; the step-function math is the vendor module's). A
 *     service mapped to several products (a bundle) bills its full quantity on each of them. Only connected
 *     integrations count.</li>
 * <li><b>PSA quantity</b> = the sum of the active recurring lines of that product in that company's billable
 *     contracts (the PSA snapshot of the primary connection). Two or more lines of one product make ONE
 *     reconciliation line showing the sum; a write changes only the <b>target line</b>: the line with the largest
 *     quantity (ties: the PSA's line id, then TrueUp's id), so that the total becomes right. Unit price and unit cost
 *     come from the target line, or from the product for new revenue.</li>
 * <li><b>Figures</b>: difference = vendor − PSA; revenueChange = difference × unitPrice; profitChange = difference
 *     × (unitPrice − unitCost). {@code quantityToWrite} = the total the PSA bills after the write =
 *     {@code PsaConnectionInfo.quantityToWrite(vendor)} (whole, rounded per connection, for integer-only PSAs; scale 4
 *     otherwise); the target line is set to quantityToWrite − the other lines. BigDecimal throughout, scale 4 half
 *     up, compared with compareTo ({@code shared.Quantities}).</li>
 * <li><b>Status</b>: new-revenue (vendor quantity to write &gt; 0 and no contract line), reconcile (a contract line
 *     exists and quantityToWrite ≠ PSA quantity), no-change (nothing to write: equal, or zero usage without a line),
 *     unmapped (usage of an account or service that is neither mapped nor excluded, or mapped to a company or product
 *     that is not in the PSA snapshot; shown so nothing is lost; never approvable). approved / dismissed once acted
 *     on. Excluded accounts and services produce no line. A PSA line of a mapped company and a mapped product without
 *     usage gets a line with vendor quantity 0.</li>
 * <li><b>Lines</b> are keyed per (tenant, period, company, product), or (tenant, period, integration, account,
 *     service) for unmapped usage, with a stable id across rebuilds (upsert by that key). A key that disappears is
 *     kept inactive (hidden) with its notes and history and comes back with the same id.</li>
 * <li><b>Decisions survive rebuilds</b> while the line's vendor quantity and PSA quantity both equal the ones the
 *     decision was taken on; when either changes, the decision is dropped (history: "reopened"), and the line is
 *     actionable again. Dismiss is for the line's period only: the next period has its own line.</li>
 * <li><b>Rebuilds</b> are debounced persistent jobs per organisation: one new count recomputes only the lines that
 *     series feeds (its other inputs are taken from the stored lines); mapping changes, PSA snapshot refreshes and
 *     vendor disconnects rebuild the current and the previous month.</li>
 * <li><b>A rebuild reads only what changed</b> since the last rebuild of the period on the same node
 *     ({@code RebuildInputs}): a kept input is used only while the version of its source, stored in the database and
 *     changed in the same transaction as the source, is the one read before the input was (the organisation's usage,
 *     the PSA snapshot of the primary connection, the period's lines); the small inputs are read every time and
 *     compared. So a rebuild gives the lines a full read would, whatever node made a change.</li>
 * <li><b>Approve / adjust</b> mark the line approved and queue the write-back in one transaction; the write-back
 *     carries the PSA quantity of the target line the approver saw. Approval rules approve through
 *     {@link com.trueup.reconciliation.AutomaticApprovals} by the same path (history, audit and write-back name the rule as
 *     actor), only while the line still waits with the vendor and PSA quantities the rule decided on.</li>
 * <li>Every rebuild or series refresh publishes {@link com.trueup.reconciliation.ReconciliationEvents.LinesRebuilt} in its
 *     transaction.</li>
 * </ol>
 *
 * <p>Layout: the public API other modules use is {@link com.trueup.reconciliation.Reconciliations},
 * {@link com.trueup.reconciliation.AutomaticApprovals}, {@link com.trueup.reconciliation.ReconciliationFigures},
 * {@link com.trueup.reconciliation.ReconciliationSummaries}, {@link com.trueup.reconciliation.ReconciledLine} and
 * {@link com.trueup.reconciliation.ReconciliationEvents}; everything else is package-private, one job a class: the
 * engine and the rebuilds ({@code ReconciliationEngine}, {@code ReconciliationRebuilder}); the debounced rebuild
 * requests ({@code RebuildTriggers}, {@code PendingRebuilds}, {@code RebuildRequestStore}, {@code RebuildSchedule},
 * {@code RebuildJobs}); reading ({@code ReconciliationListing}, {@code PeriodFigures}) and acting on lines
 * ({@code LineActions}); the SQL, in {@code ReconciliationStore}, {@code RebuildRequestStore} and, for the figures
 * other modules read, {@code ReconciliationFiguresReader}; the page, the API and the CSV export.
 */
package com.trueup.reconciliation;

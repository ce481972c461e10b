/**
 * Approval rules: reconciliation that runs while nobody is looking, within guard-rails; Settings → Automation and
 * {@code /api/v1/automation}.
 *
 * <h2>Invariants</h2>
 * <ol>
 * <li><b>Order decides.</b> An organisation's rules are ordered (position 1 first). The first rule that is on and whose
 *     scope (all, one integration, one vendor service, one PSA company) covers a waiting line decides it; the others
 *     never touch it. A line no rule covers waits for a person.</li>
 * <li><b>Guard-rails hold the line back with every reason</b>: direction, size in units and in % of the PSA quantity
 *     (not for new lines), floor and ceiling of the quantity written, new lines only where allowed, vendor data and PSA
 *     snapshot within their ages. A line a rule already approved for the same quantity that asks for it again (reversed
 *     or changed by a person) is left for a person. The last live run's reason per line is shown on the Reconcile page
 *     ({@link com.trueup.shared.LineRemarks}).</li>
 * <li><b>Same path as a person.</b> Approvals go through
 *     {@link com.trueup.reconciliation.AutomaticApprovals#approve}, one line per transaction, only while the line still
 *     has the quantities the rule decided on; history, audit and write-back name the rule ({@code rule: <name>}).
 *     Nothing else in this module changes reconciliation lines or write-backs.</li>
 * <li><b>A preview is what a live run does</b>: both evaluate the same rules on the same lines with the same freshness;
 *     a preview and a dry run approve nothing.</li>
 * <li><b>One switch stops everything</b>: while an organisation's automatic approvals are stopped, no rule approves
 *     (checked before every single approval); runs are recorded as paused.</li>
 * <li><b>Schedules</b> are computed from the injected clock in the organisation's zone; a due run is claimed with a
 *     compare-and-set so it happens once across instances; after-rebuild runs are jobs scheduled in the rebuild's
 *     transaction.</li>
 * <li>Every query is scoped by {@code tenant_id}; rule changes, the switch and runs are audited.</li>
 * </ol>
 */
package com.trueup.automation;

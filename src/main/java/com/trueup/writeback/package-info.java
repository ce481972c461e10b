/**
 * Outbox of approved quantity changes and their safe delivery to the PSA, or, where the PSA's API cannot take them, the
 * change sheet a person applies by hand.
 *
 * <h2>What always holds</h2>
 * <ol>
 * <li><b>Enqueue is atomic with the approval.</b> {@link com.trueup.writeback.WriteBacks#enqueue} inserts the
 * {@code write_back} row and schedules its delivery job (db-scheduler, {@code scheduled_tasks}) in the caller's
 * transaction: an approval and its write-back commit together or not at all. Nothing talks to the PSA before
 * commit.</li>
 * <li><b>One responsible job.</b> Each row names the task instance responsible for it ({@code job_key}); a job whose
 * key is not the row's current one does nothing. db-scheduler runs one instance once at a time across all app
 * instances, so each write-back has at most one delivery in progress, cluster-wide. A retry is a new job instance
 * scheduled in the same transaction that records the retry.</li>
 * <li><b>One target at a time, in approval order.</b> Deliveries to the same PSA line (or, for new revenue, the same
 * company and product) run one after the other, oldest approval first; a younger one waits while an older one is
 * queued or writing.</li>
 * <li><b>Read before write, never a blind second write.</b> Every attempt first marks the row {@code writing} (and
 * counts the attempt) in its own transaction, then reads the line from the PSA ({@code PsaWriter.readLine}):
 * <ul>
 * <li>line gone → {@code failed} with the reason;</li>
 * <li>current = target → {@code written}: the change already landed (a repeated approval, a write that timed out
 * after landing, a crash after the PSA call). This is how UNKNOWN_OUTCOME and restarts are settled;</li>
 * <li>current ≠ the quantity the approver saw ({@code expectedPsaQuantity}) → {@code conflict}: the PSA changed
 * behind TrueUp's back; nothing is written, the message shows both quantities;</li>
 * <li>else {@code PsaWriter.setQuantity(target, effectiveDate, idempotencyKey = write-back id)} → {@code written}
 * with the PSA's reference and quantity.</li>
 * </ul></li>
 * <li><b>Failures are classified.</b> RETRYABLE → back to {@code queued} with exponential, jittered backoff that is
 * never shorter than the PSA's Retry-After, up to {@code trueup.writeback.max-attempts}, then {@code failed}.
 * UNKNOWN_OUTCOME (and any unexpected error of a PSA call) → {@code queued}; the next attempt re-reads first (rule 4),
 * and when the attempt budget is spent one last read-only attempt settles it. PERMANENT → {@code failed} with the
 * PSA's message. A job that finds its row still {@code writing} (the app stopped mid-attempt) treats it as
 * UNKNOWN_OUTCOME.</li>
 * <li><b>New revenue</b> ({@code psaLineId} null): if the snapshot already has a billable line of that product for the
 * company → {@code conflict} (someone added it; creating would double-bill). Else {@code PsaWriter.createLine}. A create
 * whose outcome is unknown (timeout, or the app stopped mid-create) is <b>never retried automatically</b>: it ends
 * {@code failed} ("outcome unknown, check the PSA") and a PSA sync is requested; a manual retry goes through the snapshot
 * check above again.</li>
 * <li><b>What the connector cannot write goes to the change sheet, never to the PSA.</b> When the connection's
 * capabilities say it does not update lines (or, for new revenue, does not create them), {@code enqueue} stores the
 * write-back as {@code to_apply} with the reason ({@code PsaConnectionInfo.byHand}) and schedules no job; a delivery
 * that finds this for a row queued earlier moves it to {@code to_apply} before reading or writing anything. Lines the
 * PSA computes itself (read-only) are refused, not put on a sheet. Only a person moves {@code to_apply} to
 * {@code applied} (audited with who and when); only a PSA snapshot moves {@code to_apply}/{@code applied} to
 * {@code confirmed}: on {@code PsaEvents.SnapshotRefreshed} of the connection, the line (for new revenue: a line of the
 * company and product) showing the new quantity by {@code compareTo} confirms it; an {@code applied} one showing
 * anything else is flagged with what the snapshot shows, and the flag is cleared by the confirmation.</li>
 * <li><b>A waiting change is not approved twice.</b> {@link com.trueup.writeback.WriteBackView#waiting()} (queued,
 * writing, to_apply, applied without a flag) makes reconciliation refuse another approval of the line.</li>
 * <li><b>Manual retry</b> ({@code POST /api/v1/write-backs/{id}/retry}, approvers) re-queues {@code failed} ones with
 * a fresh attempt budget. A {@code conflict} is never retried: the line must be re-approved after a PSA sync.</li>
 * <li><b>Traceable.</b> Every attempt is a {@code write_back_attempt} row and an audit entry (writeback.queued,
 * writeback.written, writeback.failed, writeback.conflict, writeback.retried, writeback.requeued; for the change sheet
 * writeback.to_apply, writeback.applied, writeback.confirmed, writeback.flagged); the counter
 * {@code trueup.writebacks{outcome}} counts outcomes. {@link com.trueup.writeback.WriteBackEvents.DeliveryFinished}
 * is published in the transaction that records the final status: listen with {@code @ApplicationModuleListener} or
 * {@code @TransactionalEventListener} to receive it after commit.</li>
 * </ol>
 * Every query is scoped by {@code tenant_id}.
 */
package com.trueup.writeback;

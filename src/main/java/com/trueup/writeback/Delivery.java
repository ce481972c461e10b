package com.trueup.writeback;

import com.trueup.audit.AuditLog;
import com.trueup.psa.PsaCompany;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaContractLine;
import com.trueup.psa.PsaException;
import com.trueup.psa.PsaSnapshot;
import com.trueup.psa.PsaWriter;
import com.trueup.shared.Backoff;
import com.trueup.shared.Display;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one delivery attempt of a write-back (the rules are in the package documentation). Three steps: begin (own
 * transaction: fence, order, mark writing), talk to the PSA (no transaction), finish (own transaction: status,
 * attempt log, audit, next job or event).
 */
@Component
class Delivery {

    static final String SYSTEM = "system";
    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

    private final WriteBackRows rows;
    private final DeliveryJobs jobs;
    private final PsaWriter writer;
    private final PsaSnapshot snapshot;
    private final AuditLog audit;
    private final WriteBackMetrics metrics;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final WriteBackSettings settings;

    Delivery(
            WriteBackRows rows,
            DeliveryJobs jobs,
            PsaWriter writer,
            PsaSnapshot snapshot,
            AuditLog audit,
            WriteBackMetrics metrics,
            ApplicationEventPublisher events,
            TransactionTemplate tx,
            Clock clock,
            WriteBackSettings settings) {
        this.rows = rows;
        this.jobs = jobs;
        this.writer = writer;
        this.snapshot = snapshot;
        this.audit = audit;
        this.metrics = metrics;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.settings = settings;
    }

    /** Entry point of the job {@code jobKey} with data {@code tenantId/writeBackId}. */
    void run(String jobKey, String data) {
        DeliveryJobs.Ref ref = DeliveryJobs.Ref.parse(data);
        Attempt attempt = tx.execute(s -> begin(ref.tenantId(), ref.writeBackId(), jobKey));
        if (attempt == null) {
            return;
        }
        Outcome outcome = attempt.row().isNewRevenue() ? create(attempt) : update(attempt);
        tx.executeWithoutResult(s -> finish(attempt, outcome));
        if (outcome.requestSync()) {
            requestSync(attempt.row());
        }
    }

    /** Step 1: the row still belongs to this job, no older delivery of the same target is pending; mark writing. */
    private Attempt begin(UUID tenantId, UUID id, String jobKey) {
        Optional<String> target = rows.find(tenantId, id).map(WriteBack::targetKey);
        if (target.isEmpty()) {
            return null;
        }
        // Lock every write-back of the target (this one included) in one statement, always in the same order, so two
        // deliveries of one line cannot start together nor deadlock; then re-read this one under the lock.
        rows.lockTarget(tenantId, target.get());
        Optional<WriteBack> found = rows.find(tenantId, id);
        if (found.isEmpty()
                || !jobKey.equals(found.get().jobKey())
                || found.get().status().isFinal()) {
            log.debug("Write-back job {} has nothing to do", jobKey);
            return null;
        }
        WriteBack row = found.get();
        Instant now = clock.instant();
        if (rows.olderActiveExists(row)) {
            String next = DeliveryJobs.newKey(id);
            Instant at = now.plus(settings.waitInterval());
            rows.postpone(tenantId, id, next, at, now);
            jobs.schedule(tenantId, id, next, at);
            return null;
        }
        boolean recovering = row.status() == WriteBackStatus.WRITING;
        boolean settleOnly = row.attemptsInBudget() >= settings.maxAttempts();
        int number = row.attempts() + 1;
        rows.markWriting(tenantId, id, number, now);
        if (recovering) {
            log.info("Write-back {} was being written when its last attempt stopped; settling it by reading first", id);
        }
        return new Attempt(row, jobKey, number, now, recovering, settleOnly);
    }

    /** Step 2 for an existing PSA line. */
    private Outcome update(Attempt a) {
        WriteBack w = a.row();
        Optional<PsaConnectionInfo> connection = snapshot.connection(w.tenantId(), w.connectionId());
        Optional<String> byHand = connection.flatMap(c -> c.byHand(false));
        if (byHand.isPresent()) {
            return Outcome.toApply(byHand.get());
        }
        PsaWriter.LineState state;
        try {
            state = writer.readLine(w.tenantId(), w.psaLineId());
        } catch (PsaException e) {
            return switch (e.kind()) {
                case PERMANENT -> Outcome.failed("The PSA refused to read the line: " + e.getMessage(), null);
                case RETRYABLE ->
                    Outcome.retry(
                            "Reading the line from the PSA failed: " + e.getMessage(),
                            e.retryAfter(),
                            w.outcomeUnknown() || a.recovering(),
                            null);
                case UNKNOWN_OUTCOME ->
                    Outcome.retry(
                            "Reading the line from the PSA timed out: " + e.getMessage(),
                            null,
                            w.outcomeUnknown() || a.recovering(),
                            null);
            };
        } catch (RuntimeException e) {
            log.warn("Reading PSA line for write-back {} failed unexpectedly", w.id(), e);
            return Outcome.retry(
                    "Reading the line from the PSA failed: " + e, null, w.outcomeUnknown() || a.recovering(), null);
        }
        if (!state.exists()) {
            return Outcome.failed(
                    "The line no longer exists in the PSA (deleted or ended there). Sync the PSA and review "
                            + "the reconciliation.",
                    null);
        }
        BigDecimal current = state.quantity();
        if (current.compareTo(w.quantity()) == 0) {
            String reference = w.psaReference() != null
                    ? w.psaReference()
                    : snapshot.line(w.tenantId(), w.psaLineId())
                            .map(PsaContractLine::externalLineId)
                            .orElse(null);
            return Outcome.written(
                    reference,
                    current,
                    "The PSA line already holds " + plain(w.quantity()) + "; nothing had to be written.",
                    current);
        }
        if (a.settleOnly()) {
            return Outcome.failed(gaveUp(a, w), current);
        }
        if (w.expectedPsaQuantity() != null && current.compareTo(w.expectedPsaQuantity()) != 0) {
            return Outcome.conflict(
                    "The PSA line now holds " + plain(current) + ", but the approval was based on "
                            + plain(w.expectedPsaQuantity())
                            + ". TrueUp did not overwrite it: sync the PSA, review the line and "
                            + "approve it again.",
                    current);
        }
        if (connection.isEmpty()) {
            return Outcome.failed(connectionGone(), current);
        }
        try {
            PsaWriter.WriteResult result = writer.setQuantity(
                    w.tenantId(), w.psaLineId(), w.quantity(), w.effectiveDate(), w.id().toString(), current);
            return Outcome.written(
                    result.psaReference(),
                    result.quantity() != null ? result.quantity() : w.quantity(),
                    result.message(),
                    current);
        } catch (PsaException e) {
            return switch (e.kind()) {
                case PERMANENT -> Outcome.failed("The PSA refused the change: " + e.getMessage(), current);
                case RETRYABLE ->
                    Outcome.retry(
                            "The PSA could not take the change now: " + e.getMessage(), e.retryAfter(), false, current);
                case UNKNOWN_OUTCOME ->
                    Outcome.retry(
                            "The PSA did not confirm the change (" + e.getMessage() + "); the "
                                    + "next attempt reads the line before writing again.",
                            null,
                            true,
                            current);
            };
        } catch (RuntimeException e) {
            log.warn("Writing PSA line for write-back {} failed unexpectedly", w.id(), e);
            return Outcome.retry(
                    "Writing to the PSA failed (" + e + "); the next attempt reads the line before writing " + "again.",
                    null,
                    true,
                    current);
        }
    }

    /** Step 2 for new revenue: create a line where the connector can. */
    private Outcome create(Attempt a) {
        WriteBack w = a.row();
        Optional<PsaConnectionInfo> connection = snapshot.connection(w.tenantId(), w.connectionId());
        if (connection.isEmpty()) {
            return Outcome.failed(connectionGone(), null);
        }
        Optional<String> byHand = connection.get().byHand(true);
        if (byHand.isPresent()) {
            return Outcome.toApply(byHand.get());
        }
        if (a.recovering()) {
            return Outcome.unknownCreate("TrueUp stopped while creating the line, so it is unknown whether the PSA "
                    + "created it. " + checkPsa(w));
        }
        Optional<PsaContractLine> existing = snapshot.billableLines(w.tenantId(), w.connectionId()).stream()
                .filter(l -> w.psaCompanyId().equals(l.companyId())
                        && w.psaProductId().equals(l.productId()))
                .findFirst();
        if (existing.isPresent()) {
            return Outcome.conflict(
                    "The PSA already has a line of this product for this company (quantity "
                            + plain(existing.get().quantity()) + " in \""
                            + existing.get().contractName() + "\"), so TrueUp did "
                            + "not create another one. Sync the PSA, review the line and approve it again.",
                    existing.get().quantity());
        }
        if (a.settleOnly()) {
            return Outcome.failed(gaveUp(a, w), null);
        }
        try {
            PsaWriter.WriteResult result = writer.createLine(
                    w.tenantId(),
                    w.connectionId(),
                    w.psaCompanyId(),
                    w.psaProductId(),
                    w.quantity(),
                    w.effectiveDate(),
                    w.id().toString());
            return Outcome.written(
                    result.psaReference(),
                    result.quantity() != null ? result.quantity() : w.quantity(),
                    result.message(),
                    null);
        } catch (PsaException e) {
            return switch (e.kind()) {
                case PERMANENT -> Outcome.failed("The PSA refused to create the line: " + e.getMessage(), null);
                case RETRYABLE ->
                    Outcome.retry(
                            "The PSA could not create the line now: " + e.getMessage(), e.retryAfter(), false, null);
                case UNKNOWN_OUTCOME ->
                    Outcome.unknownCreate("The PSA did not confirm whether it created the line (" + e.getMessage()
                            + "). " + checkPsa(w));
            };
        } catch (RuntimeException e) {
            log.warn("Creating a PSA line for write-back {} failed unexpectedly", w.id(), e);
            return Outcome.unknownCreate("Creating the line failed (" + e + "). " + checkPsa(w));
        }
    }

    /** Step 3: record the outcome; a retry schedules the next job in the same transaction. */
    private void finish(Attempt a, Outcome o) {
        WriteBack w = a.row();
        Instant now = clock.instant();
        Outcome outcome = o;
        int used = a.row().attemptsInBudget() + 1;
        if (outcome.kind() == Kind.RETRY && a.settleOnly()) {
            outcome = Outcome.failed(
                    "Gave up after " + used + " attempts; it is unknown whether the last write reached "
                            + "the PSA: check the line there. Last error: " + outcome.message(),
                    outcome.psaQuantityBefore());
        } else if (outcome.kind() == Kind.RETRY && used >= settings.maxAttempts() && !outcome.outcomeUnknown()) {
            outcome = Outcome.failed(
                    "Gave up after " + used + " attempts. Last error: " + outcome.message(),
                    outcome.psaQuantityBefore());
        }
        String subject = "write-back " + w.id();
        String logged;
        switch (outcome.kind()) {
            case RETRY -> {
                Duration delay = Backoff.delay(
                        used,
                        outcome.retryAfter(),
                        settings.backoffBase(),
                        settings.backoffMax(),
                        ThreadLocalRandom.current().nextDouble());
                Instant next = now.plus(delay);
                String nextJob = DeliveryJobs.newKey(w.id());
                if (!rows.requeue(
                        w.tenantId(),
                        w.id(),
                        a.jobKey(),
                        nextJob,
                        next,
                        outcome.message(),
                        outcome.outcomeUnknown(),
                        now)) {
                    log.warn(
                            "Write-back {} was taken over while job {} ran; its outcome is not recorded",
                            w.id(),
                            a.jobKey());
                    return;
                }
                jobs.schedule(w.tenantId(), w.id(), nextJob, next);
                audit.record(
                        w.tenantId(),
                        SYSTEM,
                        "writeback.retried",
                        subject,
                        "Attempt " + a.number() + " did not " + "finish: " + outcome.message() + " Next attempt at "
                                + next + ".");
                logged = "retry";
            }
            case TO_APPLY -> {
                if (!rows.toApply(w.tenantId(), w.id(), a.jobKey(), outcome.message(), now)) {
                    log.warn(
                            "Write-back {} was taken over while job {} ran; its outcome is not recorded",
                            w.id(),
                            a.jobKey());
                    return;
                }
                audit.record(w.tenantId(), SYSTEM, "writeback.to_apply", subject, detail(w, a, outcome));
                logged = "to_apply";
            }
            case WRITTEN, FAILED, CONFLICT -> {
                WriteBackStatus status = outcome.kind().status;
                String error = outcome.kind() == Kind.WRITTEN ? null : outcome.message();
                String response = outcome.kind() == Kind.WRITTEN ? outcome.message() : null;
                BigDecimal psaQuantity =
                        outcome.kind() == Kind.WRITTEN ? outcome.psaQuantity() : outcome.psaQuantityBefore();
                if (!rows.finish(
                        w.tenantId(),
                        w.id(),
                        a.jobKey(),
                        status,
                        error,
                        outcome.psaReference(),
                        psaQuantity,
                        response,
                        now)) {
                    log.warn(
                            "Write-back {} was taken over while job {} ran; its outcome is not recorded",
                            w.id(),
                            a.jobKey());
                    return;
                }
                audit.record(w.tenantId(), SYSTEM, "writeback." + status.wire(), subject, detail(w, a, outcome));
                events.publishEvent(new WriteBackEvents.DeliveryFinished(
                        w.tenantId(), w.id(), w.lineId(), w.connectionId(), status.wire()));
                logged = status.wire();
            }
            default -> throw new IllegalStateException();
        }
        rows.insertAttempt(
                w.tenantId(),
                w.id(),
                new DeliveryAttempt(
                        a.number(), a.startedAt(), now, logged, outcome.psaQuantityBefore(), outcome.message()));
        metrics.countAfterCommit(logged.equals("retry") ? "retried" : logged);
    }

    private void requestSync(WriteBack w) {
        try {
            snapshot.requestSync(w.tenantId(), w.connectionId(), SYSTEM);
        } catch (RuntimeException e) {
            log.warn("Could not request a PSA sync after write-back {}: {}", w.id(), e.toString());
        }
    }

    private String detail(WriteBack w, Attempt a, Outcome o) {
        String what = w.isNewRevenue() ? "New line of " + plain(w.quantity()) : "Quantity " + plain(w.quantity());
        String base = what + " from " + w.effectiveDate() + " (attempt " + a.number() + ")";
        return switch (o.kind()) {
            case WRITTEN ->
                base + ": written" + (o.psaReference() != null ? ", PSA reference " + o.psaReference() : "")
                        + (o.message() != null ? ". " + o.message() : "");
            case TO_APPLY -> base + ": to apply by hand (change sheet): " + o.message() + ".";
            default -> base + ": " + o.message();
        };
    }

    private String gaveUp(Attempt a, WriteBack w) {
        return "Gave up after " + a.row().attemptsInBudget() + " attempts. Last error: "
                + (w.lastError() == null ? "unknown" : w.lastError());
    }

    private static String connectionGone() {
        return "The PSA connection of this write-back no longer exists. Connect the PSA again, sync it and re-approve "
                + "the line.";
    }

    private String checkPsa(WriteBack w) {
        return "Outcome unknown, check the PSA: if " + describeNewLine(w)
                + " is there, nothing is left to do; otherwise "
                + "retry. TrueUp requested a PSA sync and will not create the line again on its own.";
    }

    /** "company X, product Y (ID), quantity Q, effective D" for the user to act on. */
    private String describeNewLine(WriteBack w) {
        String company = snapshot.companies(w.tenantId(), w.connectionId()).stream()
                .filter(c -> c.id().equals(w.psaCompanyId()))
                .map(PsaCompany::name)
                .findFirst()
                .orElse(String.valueOf(w.psaCompanyId()));
        String product = snapshot.products(w.tenantId(), w.connectionId()).stream()
                .filter(p -> p.id().equals(w.psaProductId()))
                .map(p -> p.name()
                        + (p.identifier() == null || p.identifier().isBlank() ? "" : " (" + p.identifier() + ")"))
                .findFirst()
                .orElse(String.valueOf(w.psaProductId()));
        return "a recurring line for company \"" + company + "\", product \"" + product + "\", quantity "
                + plain(w.quantity()) + ", effective " + w.effectiveDate();
    }

    static String plain(BigDecimal quantity) {
        if (quantity == null) {
            return "nothing";
        }
        return Display.quantity(quantity);
    }

    /** One attempt in progress. */
    record Attempt(
            WriteBack row, String jobKey, int number, Instant startedAt, boolean recovering, boolean settleOnly) {}

    enum Kind {
        WRITTEN(WriteBackStatus.WRITTEN),
        FAILED(WriteBackStatus.FAILED),
        CONFLICT(WriteBackStatus.CONFLICT),
        TO_APPLY(WriteBackStatus.TO_APPLY),
        RETRY(null);

        final WriteBackStatus status;

        Kind(WriteBackStatus status) {
            this.status = status;
        }
    }

    /** What an attempt came to. {@code psaQuantityBefore}: the line's quantity read at the start, if any. */
    record Outcome(
            Kind kind,
            String message,
            String psaReference,
            BigDecimal psaQuantity,
            BigDecimal psaQuantityBefore,
            Duration retryAfter,
            boolean outcomeUnknown,
            boolean requestSync) {

        static Outcome written(String reference, BigDecimal quantity, String message, BigDecimal before) {
            return new Outcome(Kind.WRITTEN, message, reference, quantity, before, null, false, false);
        }

        static Outcome failed(String message, BigDecimal before) {
            return new Outcome(Kind.FAILED, message, null, null, before, null, false, false);
        }

        static Outcome conflict(String message, BigDecimal before) {
            return new Outcome(Kind.CONFLICT, message, null, null, before, null, false, false);
        }

        /** The connector cannot write the change: it goes to the change sheet, nothing was sent to the PSA. */
        static Outcome toApply(String reason) {
            return new Outcome(Kind.TO_APPLY, reason, null, null, null, null, false, false);
        }

        static Outcome retry(String message, Duration retryAfter, boolean outcomeUnknown, BigDecimal before) {
            return new Outcome(Kind.RETRY, message, null, null, before, retryAfter, outcomeUnknown, false);
        }

        static Outcome unknownCreate(String message) {
            return new Outcome(Kind.FAILED, message, null, null, null, null, false, true);
        }
    }
}

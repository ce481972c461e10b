package com.trueup.psa;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.trueup.audit.AuditLog;
import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.ImportedParts;
import com.trueup.psa.connector.SnapshotPart;
import com.trueup.shared.ConflictException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sync runs: reading the whole PSA through its connector into TrueUp's snapshot, as persistent jobs (db-scheduler).
 * <ul>
 * <li>At most one run per connection is queued or running: a request claims the connection with a compare-and-set on
 * {@code psa_connection.active_sync_run_id}, so concurrent requests (several users, the schedule, several application
 * instances) coalesce into the run already waiting.</li>
 * <li>A run reads everything first, then replaces the snapshot in one transaction: a failed run leaves the previous
 * snapshot exactly as it was. The parts the connector does not read from the PSA's API come from the connection's
 * imported files ({@link ImportedParts}).</li>
 * <li>{@link PsaEvents.SnapshotRefreshed} is published once the new snapshot is committed.</li>
 * </ul>
 */
@Service
class PsaSync {

    /** One job instance per run (the instance id is the run id, the data the organisation id). */
    static final TaskDescriptor<String> SYNC_TASK = TaskDescriptor.of("psa-sync", String.class);

    static final String SCHEDULED_TASK = "psa-scheduled-sync";
    static final String SYSTEM = "system";

    private static final Logger log = LoggerFactory.getLogger(PsaSync.class);

    record SyncRun(
            UUID id,
            UUID connectionId,
            String status,
            String requestedBy,
            Instant requestedAt,
            Instant startedAt,
            Instant finishedAt,
            SnapshotStore.Counts counts,
            String error) {

        boolean active() {
            return "queued".equals(status) || "running".equals(status);
        }
    }

    private final SyncRunStore runs;
    private final PsaConnections connections;
    private final ConnectionCredentials credentials;
    private final Connectors connectors;
    private final SnapshotStore store;
    private final SchedulerClient scheduler;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final ObjectProvider<ImportedParts> importedParts;

    PsaSync(
            SyncRunStore runs,
            PsaConnections connections,
            ConnectionCredentials credentials,
            Connectors connectors,
            SnapshotStore store,
            SchedulerClient scheduler,
            AuditLog audit,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions,
            MeterRegistry meters,
            ObjectProvider<ImportedParts> importedParts) {
        this.importedParts = importedParts;
        this.runs = runs;
        this.connections = connections;
        this.credentials = credentials;
        this.connectors = connectors;
        this.store = store;
        this.scheduler = scheduler;
        this.audit = audit;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
        this.meters = meters;
    }

    /** Queues a run unless one is queued or running for the connection; returns the run's id either way. */
    @Transactional
    UUID request(UUID tenantId, UUID connectionId, String actor) {
        var connection = connections.get(tenantId, connectionId);
        for (int attempt = 0; attempt < 5; attempt++) {
            UUID runId = UUID.randomUUID();
            if (runs.claim(tenantId, connectionId, runId)) {
                runs.insertQueued(tenantId, connectionId, runId, actor);
                // due at once whatever the application clock says: the scheduler runs due jobs by its own time
                scheduler.schedule(SYNC_TASK
                        .instance(runId.toString())
                        .data(tenantId.toString())
                        .scheduledTo(Instant.EPOCH));
                if (!SYSTEM.equals(actor)) {
                    audit.record(tenantId, actor, "psa.sync.requested", connection.name(), "sync run " + runId);
                }
                return runId;
            }
            UUID active = runs.claimedBy(tenantId, connectionId).orElse(null);
            if (active != null) {
                if (run(tenantId, active).filter(SyncRun::active).isPresent()) {
                    return active;
                }
                runs.release(tenantId, connectionId, active); // a finished run that still holds the connection
            }
        }
        throw new ConflictException("A sync of this connection is being requested by someone else; try again.");
    }

    /** The job: one sync run. Never throws for PSA failures: they end the run as failed. */
    void execute(UUID runId, UUID tenantId) {
        Optional<SyncRun> queued = run(tenantId, runId);
        if (queued.isEmpty() || !queued.get().active()) {
            return; // deleted with its connection, or already finished
        }
        UUID connectionId = queued.get().connectionId();
        var connection = connections.find(tenantId, connectionId);
        if (connection.isEmpty()) {
            return;
        }
        runs.markRunning(tenantId, runId);
        SnapshotStore.Counts counts;
        try {
            var connector = connectors.require(connection.get().type());
            var context = credentials.context(connection.get());
            var read = new SnapshotCollector();
            connector.open(context).readSnapshot(read);
            var fromFiles = java.util.EnumSet.allOf(SnapshotPart.class);
            fromFiles.removeAll(connector.descriptor().capabilities().reads());
            if (!fromFiles.isEmpty()) {
                importedParts.ifAvailable(parts -> parts.read(context, fromFiles, read));
            }
            counts = tx.execute(status -> {
                var stored = store.replace(tenantId, connectionId, runId, read);
                finish(tenantId, connectionId, runId, "succeeded", stored, null);
                connections.setStatus(tenantId, connectionId, "connected", "Last sync read " + describe(stored) + ".");
                runs.markSynced(tenantId, connectionId);
                audit.record(
                        tenantId, SYSTEM, "psa.sync.succeeded", connection.get().name(), describe(stored));
                return stored;
            });
        } catch (RuntimeException e) {
            fail(tenantId, connectionId, runId, connection.get().name(), e);
            return;
        }
        meters.counter("trueup.psa.sync.runs", "outcome", "succeeded").increment();
        log.info("PSA sync run {} of connection {} succeeded: {}", runId, connectionId, describe(counts));
        try {
            // in a transaction of its own, after the snapshot committed: transactional listeners run after this one
            tx.executeWithoutResult(
                    status -> events.publishEvent(new PsaEvents.SnapshotRefreshed(tenantId, connectionId, runId)));
        } catch (RuntimeException e) {
            log.error("A listener of SnapshotRefreshed failed for sync run {}", runId, e);
        }
    }

    private void fail(UUID tenantId, UUID connectionId, UUID runId, String connectionName, RuntimeException e) {
        String message = messageOf(e);
        if (e instanceof PsaException
                || e instanceof ConnectorException
                || e instanceof CredentialCipher.UnreadableException) {
            log.info("PSA sync run {} of connection {} failed: {}", runId, connectionId, message);
        } else {
            log.warn("PSA sync run {} of connection {} failed", runId, connectionId, e);
        }
        meters.counter("trueup.psa.sync.runs", "outcome", "failed").increment();
        tx.executeWithoutResult(status -> {
            finish(tenantId, connectionId, runId, "failed", null, message);
            connections.setStatus(tenantId, connectionId, "error", "Last sync failed: " + message);
            audit.record(tenantId, SYSTEM, "psa.sync.failed", connectionName, message);
        });
    }

    static String messageOf(RuntimeException e) {
        String message = e.getMessage() == null || e.getMessage().isBlank()
                ? e.getClass().getSimpleName()
                : e.getMessage();
        if (e instanceof CredentialCipher.UnreadableException) {
            message = "The saved credentials cannot be read: " + message;
        } else if (!(e instanceof PsaException)
                && !(e instanceof ConnectorException)
                && !(e instanceof IllegalArgumentException)) {
            message = "Unexpected error: " + message;
        }
        return PsaConnections.truncate(message, 2000);
    }

    private void finish(
            UUID tenantId, UUID connectionId, UUID runId, String status, SnapshotStore.Counts counts, String error) {
        runs.finish(tenantId, runId, status, counts, error);
        runs.release(tenantId, connectionId, runId);
    }

    /**
     * The schedule: requests a sync of every connection of every organisation (coalescing with runs already waiting),
     * and first ends runs whose job is gone (e.g. its row was deleted by hand) so they cannot block a connection.
     */
    void requestScheduledSyncs() {
        for (var connection : connections.all()) {
            try {
                if (connection.activeSyncRunId() != null) {
                    var job = scheduler.getScheduledExecution(
                            SYNC_TASK.instanceId(connection.activeSyncRunId().toString()));
                    if (job.isEmpty()) {
                        tx.executeWithoutResult(s -> finish(
                                connection.tenantId(),
                                connection.id(),
                                connection.activeSyncRunId(),
                                "failed",
                                null,
                                "The sync job was lost; a new sync was requested."));
                    }
                }
                tx.executeWithoutResult(s -> request(connection.tenantId(), connection.id(), SYSTEM));
            } catch (RuntimeException e) {
                log.warn(
                        "Could not request the scheduled sync of PSA connection {}: {}", connection.id(), e.toString());
            }
        }
    }

    Optional<SyncRun> run(UUID tenantId, UUID runId) {
        return runs.run(tenantId, runId);
    }

    List<SyncRun> runs(UUID tenantId, UUID connectionId, int limit) {
        return runs.runs(tenantId, connectionId, limit);
    }

    Optional<SyncRun> latest(UUID tenantId, UUID connectionId) {
        return runs(tenantId, connectionId, 1).stream().findFirst();
    }

    boolean running(UUID tenantId) {
        return runs.anyActive(tenantId);
    }

    static String describe(SnapshotStore.Counts c) {
        return c.companies() + " companies, " + c.products() + " products, " + c.contracts() + " contracts, "
                + c.lines() + " lines (" + c.billableLines() + " billable)";
    }
}

/**
 * PSA connections: how an organisation connects its PSA, TrueUp's snapshot of the PSA's companies, catalog and
 * recurring lines, and the writes of quantities into it.
 *
 * <h2>Owns</h2>
 * <ul>
 *   <li>PSA connections and their life cycle: create, change, test, delete, the primary connection; the credentials
 *       (encrypted at rest) and the typed settings each PSA declares ({@code PsaConnections}, {@code ConnectionInput},
 *       {@code ConnectionSettings}, {@code ConnectionCredentials}, {@code ConnectionTests}).</li>
 *   <li>The connector SPI ({@code connector}, with the JSON-over-HTTP family in {@code connector.http}) and one
 *       sub-package per PSA; the built-in Sandbox PSA ({@code sandbox}) and the file-fed PSA with its CSV imports and
 *       import profiles ({@code file}), each with pages of its own.</li>
 *   <li>The snapshot: TrueUp's copy of the PSA, read by sync runs (persistent jobs, on demand and every
 *       {@code TRUEUP_PSA_SYNC_INTERVAL}) through the connector, plus the parts imported from files
 *       ({@code PsaSync}, {@code SnapshotCollector}, {@code SnapshotStore}).</li>
 *   <li>Writes into the PSA: quantity changes and new lines through the connector, checked and retried in one place
 *       ({@code QuantityWrites}); {@link com.trueup.psa.PsaWriter} is how the {@code writeback} module asks for them.</li>
 *   <li>The PSA pages, the {@code /api/v1/psa-connections} and {@code /api/v1/psa-types} API, the home page's
 *       "Connect your PSA" step and the badge for failed syncs.</li>
 * </ul>
 *
 * <h2>Does not own</h2>
 * <ul>
 *   <li>Which vendor account is which PSA company, which service which products: the {@code mapping} module.</li>
 *   <li>Quantities, differences and decisions: {@code reconciliation} reads the snapshot through
 *       {@link com.trueup.psa.PsaSnapshot} and rebuilds on {@link com.trueup.psa.PsaEvents.SnapshotRefreshed}.</li>
 *   <li>When a change is written, its retries over time, conflicts and the change sheet of changes applied by hand: the
 *       {@code writeback} module, through {@link com.trueup.psa.PsaWriter}.</li>
 *   <li>Organisations, users and time zones: the {@code tenant} module; the audit log: {@code audit}.</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>An organisation has at most two connections: the primary one, which reconciliation, mapping and write-backs
 *       use, and a second one while it migrates to another PSA. The first connection is primary; deleting the primary
 *       one makes the next one primary.</li>
 *   <li>Credentials are checked against the PSA type's declared fields, encrypted (AES-GCM, bound to the organisation
 *       and the connection) before they reach the database, and decrypted only into the
 *       {@link com.trueup.psa.connector.ConnectorContext} handed to a connector (and to merge a change of some of their
 *       fields). Their values are never shown, logged, audited or put in errors: pages, the API and the audit log name
 *       only the fields that are set.</li>
 *   <li>Settings are typed by the connector's declaration; an unknown name or a value it does not take is refused with
 *       a 4xx naming the field, on the form and on the API.</li>
 *   <li>At most one sync run per connection is queued or running. A run reads everything first and then replaces the
 *       snapshot in one transaction, so a failed run leaves the previous snapshot as it was;
 *       {@link com.trueup.psa.PsaEvents.SnapshotRefreshed} is published once the new one is committed.</li>
 *   <li>Snapshot rows are keyed by the PSA's own ids; TrueUp's ids survive syncs, and rows the PSA stopped returning are
 *       flagged removed, not deleted. Billable lines are the active lines of billable contracts of billable
 *       companies.</li>
 *   <li>Every write that changes what {@link com.trueup.psa.PsaSnapshot} returns for a connection (a sync's apply, a
 *       written quantity, a created line, a change of the connection, its status or the primary flag) sets the
 *       connection's {@code snapshot_version} to a new random value in the same transaction, so a reader can tell in
 *       one row, on any instance, whether what it kept is still current
 *       ({@link com.trueup.psa.PsaSnapshot#snapshotVersion}). Files and the Sandbox PSA change it through the sync.</li>
 *   <li>Writes set an absolute target quantity: a PSA that takes deltas is read first, a line already at the target is
 *       not written, a line is never created twice, and whole-number PSAs never get a fraction (refused, not rounded).
 *       Failures are {@link com.trueup.psa.PsaException}s: retryable, permanent or of unknown outcome.</li>
 *   <li>What differs between PSAs is in the PSA's connector package and its descriptor (fields, settings,
 *       capabilities); the core decides by the descriptor, not by the PSA's type. A connector uses the SPI only, and the
 *       SPI uses nothing else of this module ({@code ModularityTest}).</li>
 *   <li>Every query is scoped by the organisation ({@code tenant_id}), except the scheduled sync's list of every
 *       connection.</li>
 * </ul>
 *
 * <p>Layout: this package holds the public API other modules use ({@link com.trueup.psa.PsaSnapshot},
 * {@link com.trueup.psa.PsaWriter}, {@link com.trueup.psa.PsaConnectionInfo}, {@link com.trueup.psa.PsaCompany},
 * {@link com.trueup.psa.PsaProduct}, {@link com.trueup.psa.PsaContractLine}, {@link com.trueup.psa.QuantityRounding},
 * {@link com.trueup.psa.PsaEvents}, {@link com.trueup.psa.PsaException}) and, package-private, the connections, syncs,
 * writes and pages; {@code store} the connection table; {@code connector} the SPI; every other sub-package one PSA.
 */
package com.trueup.psa;

package com.trueup.psa.sandbox;

import com.trueup.audit.AuditLog;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaSnapshot;
import com.trueup.shared.ConflictException;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.TenantCalendar;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The edits a user makes to a Sandbox PSA (as they would in a real PSA's UI), with the access rule: the connection
 * must be a sandbox connection of the caller's organisation, otherwise it does not exist.
 */
@Service
class Sandboxes {

    private final SandboxStore store;
    private final PsaSnapshot snapshot;
    private final AuditLog audit;
    private final TenantCalendar calendar;

    Sandboxes(SandboxStore store, PsaSnapshot snapshot, AuditLog audit, TenantCalendar calendar) {
        this.store = store;
        this.snapshot = snapshot;
        this.audit = audit;
        this.calendar = calendar;
    }

    /** The sandbox connection, or 404 for another organisation's or a non-sandbox connection. */
    PsaConnectionInfo require(UUID tenantId, UUID connectionId) {
        return snapshot.connection(tenantId, connectionId)
                .filter(c -> SandboxConnector.TYPE.equals(c.type()))
                .orElseThrow(() -> NotFoundException.of("Sandbox PSA connection", connectionId));
    }

    LocalDate today(UUID tenantId) {
        return calendar.today(tenantId);
    }

    /** Loads the demo data into an empty sandbox and starts a sync; returns the sync run's id. */
    @Transactional
    DemoResult loadDemoData(UUID tenantId, UUID connectionId, String actor) {
        var connection = require(tenantId, connectionId);
        if (store.counts(tenantId, connectionId).companies() > 0) {
            throw new ConflictException(
                    "This Sandbox PSA already has data. Reset it first to load the demo data again.");
        }
        LocalDate firstOfMonth = today(tenantId).withDayOfMonth(1);
        var counts = SandboxDemoData.load(store, tenantId, connectionId, firstOfMonth.minusMonths(1), actor);
        audit.record(
                tenantId,
                actor,
                "psa.sandbox.demo-data",
                connection.name(),
                counts.companies() + " companies, " + counts.products() + " products, " + counts.contracts()
                        + " contracts, " + counts.lines() + " lines");
        UUID syncRunId = snapshot.requestSync(tenantId, connectionId, actor);
        return new DemoResult(counts, syncRunId);
    }

    record DemoResult(SandboxStore.Counts counts, UUID syncRunId) {}

    @Transactional
    void reset(UUID tenantId, UUID connectionId, String actor) {
        var connection = require(tenantId, connectionId);
        store.clear(tenantId, connectionId);
        audit.record(tenantId, actor, "psa.sandbox.reset", connection.name(), "all sandbox data deleted");
    }

    @Transactional
    UUID addCompany(UUID tenantId, UUID connectionId, String name, String status, String actor) {
        var connection = require(tenantId, connectionId);
        UUID id = store.addCompany(tenantId, connectionId, name, status == null ? "active" : status);
        audit.record(tenantId, actor, "psa.sandbox.changed", connection.name(), "company added: " + name.trim());
        return id;
    }

    @Transactional
    void updateCompany(UUID tenantId, UUID connectionId, UUID companyId, String name, String status, String actor) {
        var connection = require(tenantId, connectionId);
        store.updateCompany(tenantId, connectionId, companyId, blankToNull(name), blankToNull(status));
        audit.record(
                tenantId,
                actor,
                "psa.sandbox.changed",
                connection.name(),
                "company " + companyId + " changed" + (status == null ? "" : ", status " + status));
    }

    @Transactional
    UUID addProduct(
            UUID tenantId,
            UUID connectionId,
            String identifier,
            String name,
            BigDecimal price,
            BigDecimal cost,
            String actor) {
        var connection = require(tenantId, connectionId);
        UUID id = store.addProduct(tenantId, connectionId, identifier, name, price, cost);
        audit.record(tenantId, actor, "psa.sandbox.changed", connection.name(), "product added: " + identifier.trim());
        return id;
    }

    @Transactional
    void updateProduct(
            UUID tenantId,
            UUID connectionId,
            UUID productId,
            String identifier,
            String name,
            BigDecimal price,
            BigDecimal cost,
            String actor) {
        var connection = require(tenantId, connectionId);
        store.updateProduct(tenantId, connectionId, productId, blankToNull(identifier), blankToNull(name), price, cost);
        audit.record(tenantId, actor, "psa.sandbox.changed", connection.name(), "product " + productId + " changed");
    }

    @Transactional
    UUID addContract(
            UUID tenantId, UUID connectionId, UUID companyId, String name, String type, String status, String actor) {
        var connection = require(tenantId, connectionId);
        UUID id = store.addContract(
                tenantId,
                connectionId,
                companyId,
                name,
                type == null ? "recurring" : type,
                status == null ? "active" : status);
        audit.record(tenantId, actor, "psa.sandbox.changed", connection.name(), "contract added: " + name.trim());
        return id;
    }

    @Transactional
    void updateContract(
            UUID tenantId, UUID connectionId, UUID contractId, String name, String type, String status, String actor) {
        var connection = require(tenantId, connectionId);
        store.updateContract(
                tenantId, connectionId, contractId, blankToNull(name), blankToNull(type), blankToNull(status));
        audit.record(tenantId, actor, "psa.sandbox.changed", connection.name(), "contract " + contractId + " changed");
    }

    @Transactional
    UUID addLine(
            UUID tenantId,
            UUID connectionId,
            UUID contractId,
            UUID productId,
            BigDecimal quantity,
            BigDecimal price,
            BigDecimal cost,
            LocalDate effectiveDate,
            String actor) {
        var connection = require(tenantId, connectionId);
        UUID id = store.addLine(
                tenantId,
                connectionId,
                contractId,
                productId,
                quantity,
                price,
                cost,
                effectiveDate == null ? today(tenantId) : effectiveDate,
                "edit",
                actor,
                null);
        audit.record(
                tenantId,
                actor,
                "psa.sandbox.changed",
                connection.name(),
                "line added to contract " + contractId + ", quantity " + quantity);
        return id;
    }

    @Transactional
    void updateLine(
            UUID tenantId,
            UUID connectionId,
            UUID lineId,
            BigDecimal quantity,
            BigDecimal price,
            BigDecimal cost,
            Boolean cancelled,
            LocalDate effectiveDate,
            String actor) {
        var connection = require(tenantId, connectionId);
        store.updateLine(
                tenantId, connectionId, lineId, quantity, price, cost, cancelled, effectiveDate, "edit", actor, null);
        audit.record(
                tenantId,
                actor,
                "psa.sandbox.changed",
                connection.name(),
                "line " + lineId + " changed"
                        + (quantity == null
                                ? ""
                                : ", quantity " + quantity.stripTrailingZeros().toPlainString())
                        + (cancelled == null ? "" : cancelled ? ", cancelled" : ", active"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

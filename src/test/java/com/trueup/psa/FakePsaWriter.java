package com.trueup.psa;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link PsaWriter} in memory, for the tests of the modules that write to the PSA through it: a PSA whose failures
 * tests script, and a record of every call. Thread-safe; tests use fresh line ids and never see each other's lines.
 */
public final class FakePsaWriter implements PsaWriter {

    /** Quantity of each line the PSA has (keyed by TrueUp's line id). */
    private final Map<UUID, BigDecimal> lines = new ConcurrentHashMap<>();
    /** Lines created for new revenue, keyed by company and product. */
    private final Map<String, BigDecimal> created = new ConcurrentHashMap<>();
    /** Scripted answers, consumed one per call, keyed by line id (writes and reads) or company id (creates). */
    private final Map<String, Deque<Script>> scripts = new ConcurrentHashMap<>();

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger references = new AtomicInteger();

    public enum Op {
        READ,
        SET,
        CREATE
    }

    public record Call(
            Op op,
            UUID tenantId,
            UUID target,
            BigDecimal quantity,
            LocalDate effectiveDate,
            String idempotencyKey,
            Instant at) {}

    /** What the next call does instead of simply succeeding. {@code applyFirst}: the write lands, then the call fails. */
    public record Script(PsaException.Kind kind, String message, Duration retryAfter, boolean applyFirst) {

        public static Script fail(PsaException.Kind kind, String message) {
            return new Script(kind, message, null, false);
        }

        public static Script rateLimited(Duration retryAfter) {
            return new Script(PsaException.Kind.RETRYABLE, "429 Too Many Requests", retryAfter, false);
        }

        public static Script landsThenTimesOut() {
            return new Script(
                    PsaException.Kind.UNKNOWN_OUTCOME, "Read timed out after the request was sent", null, true);
        }

        PsaException exception() {
            return new PsaException(kind, message, retryAfter, null);
        }
    }

    public UUID newLine(String quantity) {
        UUID id = UUID.randomUUID();
        lines.put(id, new BigDecimal(quantity));
        return id;
    }

    /** Someone changes the line in the PSA, behind TrueUp's back. */
    public void changeInPsa(UUID lineId, String quantity) {
        lines.put(lineId, new BigDecimal(quantity));
    }

    public void deleteInPsa(UUID lineId) {
        lines.remove(lineId);
    }

    public BigDecimal quantity(UUID lineId) {
        return lines.get(lineId);
    }

    public BigDecimal createdQuantity(UUID companyId, UUID productId) {
        return created.get(companyId + ":" + productId);
    }

    public void script(UUID target, Op op, Script... answers) {
        Deque<Script> queue = scripts.computeIfAbsent(op + ":" + target, k -> new ConcurrentLinkedDeque<>());
        for (Script s : answers) {
            queue.add(s);
        }
    }

    public List<Call> calls(Op op, UUID target) {
        return calls.stream()
                .filter(c -> c.op() == op && c.target().equals(target))
                .toList();
    }

    @Override
    public LineState readLine(UUID tenantId, UUID lineId) {
        calls.add(new Call(Op.READ, tenantId, lineId, null, null, null, Instant.now()));
        Script script = next(Op.READ, lineId);
        if (script != null) {
            throw script.exception();
        }
        BigDecimal quantity = lines.get(lineId);
        return new LineState(quantity != null, quantity);
    }

    @Override
    public WriteResult setQuantity(
            UUID tenantId,
            UUID lineId,
            BigDecimal quantity,
            LocalDate effectiveDate,
            String idempotencyKey,
            BigDecimal readJustNow) {
        calls.add(new Call(Op.SET, tenantId, lineId, quantity, effectiveDate, idempotencyKey, Instant.now()));
        Script script = next(Op.SET, lineId);
        if (script != null && !script.applyFirst()) {
            throw script.exception();
        }
        if (!lines.containsKey(lineId)) {
            throw new PsaException(PsaException.Kind.PERMANENT, "404 line not found");
        }
        lines.put(lineId, quantity);
        if (script != null) {
            throw script.exception();
        }
        return new WriteResult("ADD-" + references.incrementAndGet(), quantity, "Quantity updated");
    }

    @Override
    public WriteResult createLine(
            UUID tenantId,
            UUID connectionId,
            UUID companyId,
            UUID productId,
            BigDecimal quantity,
            LocalDate effectiveDate,
            String idempotencyKey) {
        calls.add(new Call(Op.CREATE, tenantId, companyId, quantity, effectiveDate, idempotencyKey, Instant.now()));
        Script script = next(Op.CREATE, companyId);
        if (script != null && !script.applyFirst()) {
            throw script.exception();
        }
        created.merge(companyId + ":" + productId, quantity, BigDecimal::add);
        if (script != null) {
            throw script.exception();
        }
        return new WriteResult("NEW-" + references.incrementAndGet(), quantity, "Line created");
    }

    private Script next(Op op, UUID target) {
        Deque<Script> queue = scripts.get(op + ":" + target);
        return queue == null ? null : queue.poll();
    }
}

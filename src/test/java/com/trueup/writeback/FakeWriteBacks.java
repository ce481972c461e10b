package com.trueup.writeback;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@link WriteBacks} in memory, for the tests of the modules that approve changes: records every request and shows
 * it as queued, delivering nothing. Thread-safe; tests use fresh organisations and never see each other's requests.
 */
public final class FakeWriteBacks implements WriteBacks {

    private record Queued(UUID id, WriteBackRequest request, Instant at) {}

    private final List<Queued> queued = new CopyOnWriteArrayList<>();

    /** The requests of the organisation, in the order they were queued. */
    public List<WriteBackRequest> enqueued(UUID tenantId) {
        return queued.stream()
                .map(Queued::request)
                .filter(r -> r.tenantId().equals(tenantId))
                .toList();
    }

    @Override
    public UUID enqueue(WriteBackRequest request) {
        UUID id = UUID.randomUUID();
        queued.add(new Queued(id, request, Instant.now()));
        return id;
    }

    @Override
    public Map<UUID, WriteBackView> latestForLines(UUID tenantId, Collection<UUID> lineIds) {
        return queued.stream()
                .filter(q -> q.request().tenantId().equals(tenantId)
                        && lineIds.contains(q.request().reconciliationLineId()))
                .map(q -> new WriteBackView(
                        q.id(),
                        q.request().reconciliationLineId(),
                        "queued",
                        q.request().quantity(),
                        q.request().effectiveDate(),
                        0,
                        null,
                        null,
                        q.at(),
                        q.at()))
                .collect(Collectors.toMap(WriteBackView::lineId, Function.identity(), (older, newer) -> newer));
    }
}

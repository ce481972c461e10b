package com.trueup.psa.connector.http;

import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.ConnectorException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * One operation's view of a connection to a JSON PSA: its API root, its session (authentication, gate, retries) and
 * the usual reads. Connectors build it with {@link JsonHttpConnector}; requests address paths below {@link #base()}.
 */
public final class HttpApi {

    /** No list is read beyond this many pages: a PSA that keeps answering "more" is refused, not followed forever. */
    public static final int MAX_PAGES = 10_000;

    private final PsaSession session;
    private final String base;
    private final ConnectorContext context;
    private final int pageSize;

    HttpApi(PsaSession session, String base, ConnectorContext context, int pageSize) {
        this.session = session;
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.context = context;
        this.pageSize = pageSize;
    }

    public String base() {
        return base;
    }

    public ConnectorContext context() {
        return context;
    }

    /** The connection's page size for list reads (its {@code pageSize} setting, within the PSA's maximum). */
    public int pageSize() {
        return pageSize;
    }

    public PsaSession session() {
        return session;
    }

    public URI uri(String path, Map<String, ?> query) {
        return Urls.of(base, path, query);
    }

    public URI uri(String path) {
        return Urls.of(base, path, Map.of());
    }

    /** GET of a path below the API root. */
    public JsonNode get(String path, Map<String, ?> query) {
        return read(PsaRequest.get(uri(path, query)));
    }

    /** GET of one resource; empty when the PSA answers 404 (it no longer has it). */
    public Optional<JsonNode> find(String path, Map<String, ?> query) {
        try {
            return Optional.of(get(path, query));
        } catch (ConnectorException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** A request that changes nothing (also a POST that queries), retried like every read. */
    public JsonNode read(PsaRequest request) {
        return session.read(request).body();
    }

    /** A request that changes the PSA: sent once (see {@link PsaSession#write}). */
    public JsonNode write(PsaRequest request) {
        return session.write(request).body();
    }

    /** Every item of every page, in order. */
    public void forEach(Paging paging, Consumer<JsonNode> each) {
        PsaRequest request = paging.first();
        long seen = 0;
        for (int page = 1; ; page++) {
            JsonNode body = read(request);
            List<JsonNode> items = paging.items(body);
            items.forEach(each);
            seen += items.size();
            Optional<PsaRequest> next = paging.next(request, body, page, items.size(), seen);
            if (next.isEmpty()) {
                return;
            }
            if (page >= MAX_PAGES) {
                throw ConnectorException.permanent(session.psaName() + ": more than " + MAX_PAGES + " pages of "
                        + request.uri().getPath());
            }
            request = next.get();
        }
    }
}

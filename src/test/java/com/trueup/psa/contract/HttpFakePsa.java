package com.trueup.psa.contract;

import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.ConnectorSettings;
import com.trueup.psa.connector.SettingField;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The base of stub PSAs reached over HTTP: a {@link StubServer}, the world it serves, and the PSA's ids of world
 * items (numbers from {@link #firstId()} upwards, in the order they are first asked for, unless a stub forms them
 * otherwise).
 */
public abstract class HttpFakePsa implements FakePsa {

    protected final StubServer server = new StubServer();
    protected volatile PsaWorld world = new PsaWorld();
    private final Map<String, String> ids = new ConcurrentHashMap<>();
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong(firstId());
    private final List<SettingField> settings;
    private final Map<String, String> credentials;
    private final Clock clock;

    protected HttpFakePsa(List<SettingField> settings, Map<String, String> credentials, Clock clock) {
        this.settings = settings;
        this.credentials = credentials;
        this.clock = clock;
        routes();
    }

    /** Registers the PSA's endpoints on {@link #server}. */
    protected abstract void routes();

    /** The base URL a connection of this PSA has when it points at the stub. */
    protected String baseUrl() {
        return server.url();
    }

    protected long firstId() {
        return 1001;
    }

    /** The id the PSA gives a new item of {@code key}; by default the next number. */
    protected String newId(String key) {
        return Long.toString(next.getAndIncrement());
    }

    @Override
    public void load(PsaWorld world) {
        this.world = world;
    }

    @Override
    public PsaWorld world() {
        return world;
    }

    @Override
    public void deleteLine(String key) {
        world.remove(key);
    }

    @Override
    public void changeQuantity(String key, java.math.BigDecimal quantity) {
        world.line(key).orElseThrow().quantity = quantity;
    }

    @Override
    public ConnectorContext context(Map<String, String> settings) {
        return new ConnectorContext(
                UUID.nameUUIDFromBytes("tenant".getBytes()),
                UUID.nameUUIDFromBytes("stub".getBytes()),
                routed(baseUrl()),
                credentials,
                ConnectorSettings.of(this.settings, settings),
                clock);
    }

    /** The proxy named by -Dtrueup.stub.via (e.g. Prism validating requests against the PSA's description), or null. */
    protected static String via() {
        return System.getProperty("trueup.stub.via");
    }

    /** {@code url} of the stub, through the validating proxy when there is one. */
    protected String routed(String url) {
        return via() == null ? url : url.replace(server.url(), via());
    }

    @Override
    public String id(String key) {
        return ids.computeIfAbsent(key, k -> {
            String id = newId(k);
            keys.put(id, k);
            return id;
        });
    }

    /** The world key of a PSA id, or null when the PSA never gave that id. */
    protected String key(String id) {
        return id == null ? null : keys.get(id);
    }

    @Override
    public Optional<StubServer> server() {
        return Optional.of(server);
    }

    /** "?page=2" style: the items of page {@code page} (1-based) of {@code size}. */
    protected static <T> List<T> page(List<T> all, int page, int size) {
        int from = Math.min(all.size(), (page - 1) * size);
        return all.subList(from, Math.min(all.size(), from + size));
    }

    protected static Map<String, Object> map(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }
}

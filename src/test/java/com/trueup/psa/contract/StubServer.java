package com.trueup.psa.contract;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * A real HTTP server on a free local port that plays a PSA in connector tests: routes answer from the test's
 * stateful stub, every call is recorded (with the {@link Role} its route gives it), and faults can be queued for the
 * next call of a role — an error answer that changes nothing, a write that lands but answers too late, a 401 once.
 */
public final class StubServer implements AutoCloseable {

    /** What a call is, for faults and counting. */
    public enum Role {
        TOKEN,
        READ,
        READ_LINE,
        WRITE_QUANTITY,
        CREATE_LINE,
        OTHER
    }

    static {
        // answers go out at once instead of waiting for the client's delayed ACK (~40 ms a request otherwise)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** One received request. {@code json} is the parsed body (a missing node when none or not JSON). */
    public record Call(
            String method,
            String path,
            Map<String, List<String>> query,
            Map<String, String> headers,
            String body,
            JsonNode json,
            Role role) {

        public String query(String name) {
            List<String> values = query.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The form fields of a url-encoded or multipart body. */
        public Map<String, String> form() {
            Map<String, String> fields = new LinkedHashMap<>();
            String type = header("Content-Type") == null ? "" : header("Content-Type");
            if (type.startsWith("multipart/form-data")) {
                Matcher m = Pattern.compile("name=\"([^\"]+)\"\\r\\n\\r\\n(.*?)\\r\\n--", Pattern.DOTALL)
                        .matcher(body);
                while (m.find()) {
                    fields.put(m.group(1), m.group(2));
                }
            } else {
                for (String pair : body.split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        fields.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                    }
                }
            }
            return fields;
        }
    }

    /** An answer: status, JSON (or raw) body and headers. */
    public record Answer(int status, String body, Map<String, String> headers) {

        public static Answer json(int status, Object body) {
            return new Answer(
                    status,
                    body instanceof String s ? s : JSON.writeValueAsString(body),
                    Map.of("Content-Type", "application/json"));
        }

        public static Answer ok(Object body) {
            return json(200, body);
        }

        public Answer header(String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Answer(status, body, all);
        }
    }

    /** What to do to the next call of a role instead of (or besides) answering it normally. */
    public sealed interface Fault {
        /** Answer this instead; the stub's state is not touched (nothing was done). */
        record Instead(Answer answer) implements Fault {}

        /** Handle the call normally (it lands), then answer only after {@code delay} — too late for the client. */
        record LateAnswer(Duration delay) implements Fault {}

        /** Answer only after {@code delay}, too late for the client, and do nothing: the call never landed. */
        record LostUnhandled(Duration delay) implements Fault {}
    }

    @FunctionalInterface
    public interface Handler {
        Answer handle(Call call, Matcher path);
    }

    private record Route(String method, Pattern path, Function<Call, Role> role, Handler handler) {}

    private record Queued(Role role, Fault fault) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stub-psa");
        t.setDaemon(true);
        return t;
    });
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Queued> faults = Collections.synchronizedList(new ArrayList<>());
    private volatile Function<Call, Answer> authCheck = call -> null;

    public StubServer() {
        try {
            // a fixed port (-Dtrueup.stub.port) lets a validating proxy sit in front of the stub
            // (docs/adding-a-connector.md)
            server =
                    HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("trueup.stub.port", 0)), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A route; {@code path} is a regular expression over the whole path, with groups for ids. */
    public StubServer on(String method, String path, Role role, Handler handler) {
        return on(method, path, call -> role, handler);
    }

    /** A route whose role depends on the call (e.g. one endpoint both changes and creates lines). */
    public StubServer on(String method, String path, Function<Call, Role> role, Handler handler) {
        routes.add(new Route(method, Pattern.compile(path), role, handler));
        return this;
    }

    /** Checks each call's authentication: an answer (e.g. 401) refuses the call; null lets it through. */
    public void authCheck(Function<Call, Answer> check) {
        this.authCheck = check;
    }

    /** The next call of {@code role} meets {@code fault}. */
    public void next(Role role, Fault fault) {
        faults.add(new Queued(role, fault));
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(Role role) {
        return calls.stream().filter(c -> c.role() == role).toList();
    }

    public void clearCalls() {
        calls.clear();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders()
                    .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            JsonNode json;
            try {
                json = body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
            } catch (RuntimeException notJson) {
                json = MissingNode.getInstance();
            }
            Map<String, List<String>> query =
                    parseQuery(exchange.getRequestURI().getRawQuery());
            for (Route route : routes) {
                Matcher m = route.path().matcher(decode(path));
                if (route.method().equals(method) && m.matches()) {
                    Call call = new Call(method, decode(path), query, headers, body, json, null);
                    call = new Call(
                            method,
                            call.path(),
                            query,
                            headers,
                            body,
                            json,
                            route.role().apply(call));
                    calls.add(call);
                    send(exchange, answer(route, call, m));
                    return;
                }
            }
            calls.add(new Call(method, decode(path), query, headers, body, json, Role.OTHER));
            send(exchange, Answer.json(404, Map.of("message", "no stub route for " + method + " " + path)));
        }
    }

    private Answer answer(Route route, Call call, Matcher m) {
        Answer refused = authCheck.apply(call);
        if (refused != null) {
            return refused;
        }
        Fault fault = takeFault(call.role());
        if (fault instanceof Fault.Instead instead) {
            return instead.answer();
        }
        if (fault instanceof Fault.LostUnhandled lost) {
            pause(lost.delay());
            return Answer.json(504, Map.of("message", "gateway time-out"));
        }
        Answer answer = route.handler().handle(call, m);
        if (fault instanceof Fault.LateAnswer late) {
            pause(late.delay());
        }
        return answer;
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Fault takeFault(Role role) {
        synchronized (faults) {
            for (int i = 0; i < faults.size(); i++) {
                if (faults.get(i).role() == role) {
                    return faults.remove(i).fault();
                }
            }
        }
        return null;
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

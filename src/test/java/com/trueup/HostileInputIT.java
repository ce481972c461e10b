package com.trueup;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import com.trueup.support.RawHttp;
import com.trueup.support.TestTenants.TestTenant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A hostile client against every operation the running application documents in {@code /v3/api-docs} (the MSP API
 * under {@code /api/v1} and the Vendor API under {@code /api/vendor-api}): broken percent-escapes, {@code ;} and
 * {@code %} in path segments, huge and non-finite numbers, 30-digit decimals, wrong JSON types, broken JSON, invalid
 * dates and UUIDs, huge strings, wrong content types, methods the path does not take, oversize pages. The corpus is
 * generated from the document, so a new operation is covered without a new test.
 * <p>
 * Every answer must be below 500; every error on {@code /api/**} must be {@code application/problem+json} with a
 * {@code title}, the {@code status} and a {@code detail} (the Vendor API repeats it as {@code message}); and an
 * operation whose requests were all refused must leave every table as it was.
 */
class HostileInputIT extends IntegrationTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String HUGE_INT = "10000000000000000000000000000";
    private static final String DECIMAL_30 = "123456789012345678901234567890.123456789";
    private static final List<String> PATH_VALUES =
            List.of("a;b", "%zz", "x%2Fy", "%C0%AF", "1e400", HUGE_INT, "a".repeat(3000));
    private static final List<String> QUERY_VALUES =
            List.of("%zz", "%e9", "1e400", HUGE_INT, "2026-13-45", "x".repeat(3000));
    private static final List<String> ODD_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "PROPFIND");
    /**
     * Tables that background jobs write whatever the requests do: rebuilds of earlier tests' data, the automation runs
     * and notices that follow a rebuild. What a request itself stores (usage, mappings, connections, users, write-backs,
     * settings...) is still compared.
     */
    private static final Set<String> BUSY_TABLES = Set.of(
            "flyway_schema_history",
            "scheduled_tasks",
            "reconciliation_period",
            "reconciliation_line",
            "reconciliation_line_series",
            "reconciliation_pending",
            "automation_run",
            "automation_run_item",
            "automation_line_hold",
            "automation_psa_refresh",
            "notification_event",
            "notification_delivery",
            "notification_mark");

    @Autowired
    private JdbcClient jdbc;

    private RawHttp raw;
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger serverErrors =
            new java.util.concurrent.atomic.AtomicInteger();
    private final List<Probe> batch = new ArrayList<>();
    private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    private long countingMillis;

    @Test
    void noOperationAnswers5xxOrAnErrorThatIsNotProblemJson() {
        raw = new RawHttp("localhost", port);
        TestTenant t = tenants.create();
        Http.Response created = t.api().post("/api/v1/integrations", Map.of("vendor", "keeper"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String integrationId = created.json().get("id").asString();
        String vendorToken = t.api()
                .send("POST", "/api/v1/integrations/" + integrationId + "/token", null, null)
                .json()
                .get("token")
                .asString();
        Http vendor = new Http(baseUrl()).header("GRADIENT-TOKEN", vendorToken);
        assertThat(vendor.post(
                                "/api/vendor-api/organization/accounts",
                                List.of(Map.of("id", "c1", "name", "Client One")))
                        .status())
                .isEqualTo(201);

        JsonNode docs = new Http(baseUrl()).get("/v3/api-docs").json();
        Map<String, String> apiAuth =
                Map.of("Authorization", "Bearer " + t.admin().token());
        Map<String, String> vendorAuth = Map.of("GRADIENT-TOKEN", vendorToken);
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : docs.get("paths").properties()) {
            String template = path.getKey();
            Map<String, String> auth = template.startsWith("/api/vendor-api") ? vendorAuth : apiAuth;
            Set<String> declared = new java.util.HashSet<>();
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                String method = op.getKey().toUpperCase(Locale.ROOT);
                if (!ODD_METHODS.contains(method)) {
                    continue;
                }
                declared.add(method);
                operations++;
                Map<String, Long> before = tableCounts();
                int successes = attack(docs, template, method, op.getValue(), auth);
                if (successes == 0) {
                    Map<String, Long> after = tableCounts();
                    if (!after.equals(before)) {
                        failures.add(method + " " + template + ": refused requests changed stored rows: "
                                + diff(before, after));
                    }
                }
            }
            for (String method : ODD_METHODS) {
                if (!declared.contains(method)) {
                    probe(
                            method,
                            concrete(template, Map.of()),
                            auth,
                            "{}".getBytes(StandardCharsets.UTF_8),
                            "application/json");
                }
            }
            flush();
        }
        // paths nobody declared, on both APIs
        for (String path : List.of(
                "/api/v1/no-such-thing",
                "/api/v1/integrations/a;b",
                "/api/v1/%zz",
                "/api/v1/integrations%",
                "/api/no-such-api",
                "/api/vendor-api/no-such-thing",
                "/api/vendor-api/service/a;b/count",
                "/api/vendor-api/service/%zz/count",
                "/api/vendor-api/service/x/count?date=%zz")) {
            probe("GET", path, path.startsWith("/api/vendor-api") ? vendorAuth : apiAuth, null, null);
            probe(
                    "POST",
                    path,
                    path.startsWith("/api/vendor-api") ? vendorAuth : apiAuth,
                    "{\"accountId\":\"c1\",\"unitCount\":1}".getBytes(StandardCharsets.UTF_8),
                    "application/json");
        }
        flush();
        pool.shutdown();
        String summary = operations + " operations, " + requests + " requests, " + serverErrors + " answered 5xx, "
                + failures.size() + " failures";
        System.out.println("Hostile input: " + summary + "; counting rows took " + countingMillis + " ms");
        try {
            java.nio.file.Files.write(java.nio.file.Path.of("target", "hostile-input-failures.txt"), failures);
        } catch (java.io.IOException e) {
            // the list is in the assertion message too
        }
        assertThat(operations).as("operations in /v3/api-docs").isGreaterThan(50);
        assertThat(failures)
                .as(summary + "\n" + String.join("\n", failures.subList(0, Math.min(60, failures.size()))))
                .isEmpty();
    }

    /** Sends the corpus for one operation; the number of 2xx answers. */
    private int attack(JsonNode docs, String template, String method, JsonNode operation, Map<String, String> auth) {
        List<JsonNode> parameters = new ArrayList<>();
        operation.path("parameters").forEach(parameters::add);
        List<String> pathParams = parameters.stream()
                .filter(p -> "path".equals(p.path("in").asString()))
                .map(p -> p.get("name").asString())
                .toList();
        List<String> queryParams = parameters.stream()
                .filter(p -> "query".equals(p.path("in").asString()))
                .map(p -> p.get("name").asString())
                .toList();
        JsonNode jsonSchema = operation
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("schema");
        boolean hasBody =
                !jsonSchema.isMissingNode() || !operation.path("requestBody").isMissingNode();
        JsonNode validBody = jsonSchema.isMissingNode() ? NODES.objectNode() : example(docs, jsonSchema, 0);
        byte[] body = hasBody ? Http.JSON.writeValueAsBytes(validBody) : null;
        String type = hasBody ? "application/json" : null;

        // anonymous
        probe(method, concrete(template, Map.of()), Map.of(), body, type);
        // path parameters with ;, %, broken escapes, huge numbers
        for (String name : pathParams) {
            for (String value : PATH_VALUES) {
                probe(method, concrete(template, Map.of(name, value)), auth, body, type);
            }
        }
        // query parameters, declared and not
        String base = concrete(template, Map.of());
        for (String name : queryParams) {
            for (String value : QUERY_VALUES) {
                probe(method, base + "?" + name + "=" + value, auth, body, type);
            }
        }
        probe(method, base + "?%zz=%", auth, body, type);
        if (!queryParams.isEmpty()) {
            probe(method, base + "?page=99999999999&size=99999999999", auth, body, type);
        }
        if (method.equals("GET")) {
            probe(method, base, withHeader(auth, "Accept", "application/xml"), body, type);
        }
        if (hasBody) {
            for (String broken : List.of("{", "[]", "\"x\"", "[".repeat(3000), "{\"a\":\"\\uZZZZ\"}")) {
                probe(method, base, auth, broken.getBytes(StandardCharsets.UTF_8), "application/json");
            }
            probe(method, base, auth, new byte[0], "application/json");
            probe(method, base, auth, "<a/>".getBytes(StandardCharsets.UTF_8), "application/xml");
            probe(
                    method,
                    base,
                    auth,
                    "a=%zz&b=%".getBytes(StandardCharsets.UTF_8),
                    "application/x-www-form-urlencoded");
            probe(
                    method,
                    base,
                    auth,
                    "--x\r\nbroken".getBytes(StandardCharsets.UTF_8),
                    "multipart/form-data; boundary=x");
            probe(method, base, auth, body, "application/json; charset=nope");
            for (byte[] mutated : mutations(docs, jsonSchema, validBody)) {
                probe(method, base, auth, mutated, "application/json");
            }
        }
        return flush();
    }

    private record Probe(String method, String target, Map<String, String> headers, byte[] body, String contentType) {}

    private void probe(String method, String target, Map<String, String> headers, byte[] body, String contentType) {
        batch.add(new Probe(method, target, headers, body, contentType));
    }

    /** Sends the probes collected so far, a few at a time; the number of 2xx answers. */
    private int flush() {
        List<java.util.concurrent.Callable<Integer>> calls = batch.stream()
                .<java.util.concurrent.Callable<Integer>>map(
                        p -> () -> check(p.method(), p.target(), p.headers(), p.body(), p.contentType()))
                .toList();
        batch.clear();
        int successes = 0;
        try {
            for (var future : pool.invokeAll(calls)) {
                successes += future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return successes;
    }

    private int check(String method, String target, Map<String, String> headers, byte[] body, String contentType) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (contentType != null) {
            all.put("Content-Type", contentType);
        }
        all.putIfAbsent("Accept", "application/json");
        RawHttp.Response r = raw.send(method, target, all, body);
        requests.incrementAndGet();
        String what = method + " " + (target.length() > 120 ? target.substring(0, 120) + "..." : target)
                + (body == null
                        ? ""
                        : " [" + contentType + "] " + abbreviate(new String(body, StandardCharsets.UTF_8)));
        if (r.status() >= 500) {
            serverErrors.incrementAndGet();
            failures.add(what + " -> " + r);
            return 0;
        }
        if (r.status() < 400) {
            return r.status() < 300 ? 1 : 0;
        }
        String problem = problemShapeError(target, r);
        if (problem != null) {
            failures.add(what + " -> " + problem + ": " + r);
        }
        return 0;
    }

    /** null when the error answer has the shape its API documents, else what is wrong with it. */
    private static String problemShapeError(String target, RawHttp.Response r) {
        if (!target.startsWith("/api/")) {
            return null;
        }
        String type = r.header("Content-Type");
        if (type == null || !type.startsWith("application/problem+json")) {
            return "not problem+json";
        }
        JsonNode json;
        try {
            json = Http.JSON.readTree(r.body());
        } catch (RuntimeException e) {
            return "not JSON";
        }
        if (json.path("status").asInt() != r.status()) {
            return "status field differs";
        }
        if (json.path("title").asString("").isBlank()) {
            return "no title";
        }
        if (json.path("detail").asString("").isBlank()) {
            return "no detail";
        }
        if (target.startsWith("/api/vendor-api")
                && !json.path("detail").asString().equals(json.path("message").asString(null))) {
            return "Vendor API error without message";
        }
        return null;
    }

    // ---------------------------------------------------------------- corpus from the schema

    private static String concrete(String template, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                out.append(template, i, template.length());
                break;
            }
            int close = template.indexOf('}', open);
            out.append(template, i, open);
            String name = template.substring(open + 1, close);
            out.append(values.getOrDefault(name, defaultSegment(template, name)));
            i = close + 1;
        }
        return out.toString();
    }

    /** A well-formed value that names nothing: an unknown UUID on /api/v1, an unknown id on the Vendor API. */
    private static String defaultSegment(String template, String name) {
        if (template.startsWith("/api/vendor-api")) {
            return name.toLowerCase(Locale.ROOT).contains("status") ? "active" : "no-such-" + name;
        }
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static JsonNode resolve(JsonNode docs, JsonNode schema) {
        for (int depth = 0; depth < 10 && schema.has("$ref"); depth++) {
            String ref = schema.get("$ref").asString();
            schema = docs.at(ref.substring(1));
        }
        if (schema.has("allOf") && schema.get("allOf").size() == 1) {
            return resolve(docs, schema.get("allOf").get(0));
        }
        return schema;
    }

    private static JsonNode example(JsonNode docs, JsonNode schema, int depth) {
        schema = resolve(docs, schema);
        String type = schema.path("type").asString("");
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                if (depth < 4) {
                    for (Map.Entry<String, JsonNode> p :
                            schema.path("properties").properties()) {
                        object.set(p.getKey(), example(docs, p.getValue(), depth + 1));
                    }
                }
                return object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                if (depth < 4) {
                    array.add(example(docs, schema.path("items"), depth + 1));
                }
                return array;
            }
            case "integer" -> {
                return NODES.numberNode(1);
            }
            case "number" -> {
                return NODES.numberNode(new java.math.BigDecimal("1.5"));
            }
            case "boolean" -> {
                return NODES.booleanNode(false);
            }
            case "string" -> {
                return switch (schema.path("format").asString("")) {
                    case "date" -> NODES.stringNode("2026-07-01");
                    case "date-time" -> NODES.stringNode("2026-07-01T00:00:00Z");
                    case "uuid" -> NODES.stringNode(UUID.randomUUID().toString());
                    default -> NODES.stringNode("x");
                };
            }
            default -> {
                return schema.has("properties")
                        ? example(docs, withType(schema, "object"), depth)
                        : NODES.stringNode("x");
            }
        }
    }

    private static JsonNode withType(JsonNode schema, String type) {
        ObjectNode copy = ((ObjectNode) schema).deepCopy();
        copy.put("type", type);
        return copy;
    }

    /** Hostile values for one schema type, as raw JSON text. */
    private static List<String> hostile(JsonNode schema) {
        String type = schema.path("type").asString("");
        String format = schema.path("format").asString("");
        return switch (type) {
            case "integer" -> List.of(HUGE_INT, "1e400", "\"abc\"");
            case "number" -> List.of("1e400", DECIMAL_30, "1e-999999999", "\"NaN\"");
            case "boolean" -> List.of("\"maybe\"");
            case "array" -> List.of("{}", "[null]", "[1e400]");
            case "object" -> List.of("[]");
            case "string" ->
                switch (format) {
                    case "date" -> List.of("\"2026-02-30\"", "20260101");
                    case "date-time" -> List.of("\"2026-02-30T25:00:00Z\"");
                    case "uuid" -> List.of("\"not-a-uuid\"", "[]");
                    default -> List.of("\"" + "x".repeat(10_000) + "\"", "{}", "1e400");
                };
            default -> List.of("\"x\"", "1e400", "[]");
        };
    }

    private static List<byte[]> mutations(JsonNode docs, JsonNode schema, JsonNode valid) {
        List<byte[]> out = new ArrayList<>();
        if (schema.isMissingNode()) {
            return out;
        }
        JsonNode resolved = resolve(docs, schema);
        if (valid.isArray() && valid.size() > 0 && valid.get(0).isObject()) {
            // a list of records: mutate the first record's fields
            JsonNode items = resolve(docs, resolved.path("items"));
            for (byte[] inner : mutations(docs, items, valid.get(0))) {
                out.add(("[" + new String(inner, StandardCharsets.UTF_8) + "]").getBytes(StandardCharsets.UTF_8));
            }
            return out;
        }
        if (!valid.isObject()) {
            return out;
        }
        for (Map.Entry<String, JsonNode> p : resolved.path("properties").properties()) {
            JsonNode propertySchema = resolve(docs, p.getValue());
            List<String> values = new ArrayList<>(hostile(propertySchema));
            values.add("null");
            if ("array".equals(propertySchema.path("type").asString())) {
                JsonNode items = resolve(docs, propertySchema.path("items"));
                JsonNode item = example(docs, items, 1);
                if (item.isObject()) {
                    // a record inside a list: every field of the first one gets its hostile values
                    for (Map.Entry<String, JsonNode> q :
                            items.path("properties").properties()) {
                        for (String value : hostile(resolve(docs, q.getValue()))) {
                            ObjectNode copy = ((ObjectNode) item).deepCopy();
                            copy.remove(q.getKey());
                            String inner = splice(copy, q.getKey(), value);
                            values.add("[" + inner + "]");
                        }
                    }
                }
            }
            for (String value : values) {
                ObjectNode copy = ((ObjectNode) valid).deepCopy();
                copy.remove(p.getKey());
                out.add(splice(copy, p.getKey(), value).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** The object's JSON with one more field whose raw JSON text is {@code value} (which may not be representable as a node). */
    private static String splice(ObjectNode object, String name, String value) {
        String text = Http.JSON.writeValueAsString(object);
        String field = Http.JSON.writeValueAsString(name) + ":" + value;
        return text.equals("{}") ? "{" + field + "}" : text.substring(0, text.length() - 1) + "," + field + "}";
    }

    // ---------------------------------------------------------------- helpers

    private Map<String, Long> tableCounts() {
        long start = System.nanoTime();
        try {
            return tableCountsNow();
        } finally {
            countingMillis += (System.nanoTime() - start) / 1_000_000;
        }
    }

    private Map<String, Long> tableCountsNow() {
        List<String> tables = jdbc.sql(
                        "select table_name from information_schema.tables where lower(table_schema) = 'public'"
                                + " and upper(table_type) in ('TABLE', 'BASE TABLE')")
                .query(String.class)
                .list();
        Map<String, Long> counts = new TreeMap<>();
        for (String table : tables) {
            String name = table.toLowerCase(Locale.ROOT);
            if (!BUSY_TABLES.contains(name)) {
                counts.put(
                        name,
                        jdbc.sql("select count(*) from " + name)
                                .query(Long.class)
                                .single());
            }
        }
        return counts;
    }

    private static String diff(Map<String, Long> before, Map<String, Long> after) {
        StringBuilder out = new StringBuilder();
        for (Iterator<String> it = after.keySet().iterator(); it.hasNext(); ) {
            String table = it.next();
            if (!after.get(table).equals(before.get(table))) {
                out.append(table)
                        .append(' ')
                        .append(before.get(table))
                        .append("->")
                        .append(after.get(table))
                        .append(' ');
            }
        }
        return out.toString();
    }

    private static Map<String, String> withHeader(Map<String, String> headers, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return copy;
    }

    private static String abbreviate(String text) {
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }
}

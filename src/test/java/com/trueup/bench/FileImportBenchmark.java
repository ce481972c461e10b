package com.trueup.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.trueup.shared.BulkSql;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestDatabases;
import com.trueup.support.TestTenants;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Importing a 200,000-line CSV file into a file-fed PSA connection, through the real upload endpoint (the file is
 * streamed from disk to the server), on the database chosen by {@code trueup.test.db}. Not a test any runner picks up;
 * run it as documented in docs/benchmarks.md and read the figures it prints.
 * <p>
 * Each round, paired: the raw baseline (the same 200,000 rows written straight into the table with the bulk helper —
 * COPY on PostgreSQL — in one transaction), a first import into a new connection (every row new), the sync it queues
 * (the snapshot of 200,000 lines), the same file again (nothing changes) and a file with 1 % of the quantities
 * changed. Used heap is sampled every 20 ms during each import; "heap before/after" are after a full GC.
 */
@TestPropertySource(properties = {"trueup.reconciliation.debounce=1h", "logging.level.com.trueup=warn"})
class FileImportBenchmark extends IntegrationTest {

    static final int LINES = Integer.getInteger("bench.lines", 200_000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    BulkSql bulk;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void importTwoHundredThousandLines() throws Exception {
        TestTenants.TestTenant t = tenants.create("UTC");
        Path file = Files.createTempFile("trueup-bench-", ".csv");
        Path changed = Files.createTempFile("trueup-bench-changed-", ".csv");
        write(file, 0);
        write(changed, 100);
        List<String> report = new ArrayList<>();
        report.add("==== File import benchmark ====");
        report.add(String.format(
                "database %s, %,d lines, file %,d bytes, heap max %,d MB, %d cores",
                TestDatabases.kind(),
                LINES,
                Files.size(file),
                Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors()));
        for (int round = 1; round <= ROUNDS; round++) {
            UUID scratch = connection(t, "scratch " + round);
            long baseline = baseline(t.id(), scratch);
            UUID connection = connection(t, "bench " + round);
            Measured first = importFile(t, connection, file);
            long sync = awaitSync(t, first.body.get("syncRunId").asString());
            Measured same = importFile(t, connection, file);
            Measured onePercent = importFile(t, connection, changed);
            awaitSync(t, onePercent.body.get("syncRunId").asString());
            assertThat(first.body.get("added").asInt()).isEqualTo(LINES);
            assertThat(same.body.get("unchanged").asInt()).isEqualTo(LINES);
            assertThat(onePercent.body.get("changed").asInt()).isEqualTo(LINES / 100);
            report.add(String.format(
                    "round %d: raw insert baseline %,d ms | import, all new %,d ms (server %,d ms) | "
                            + "sync run of the snapshot %,d ms | same file again %,d ms | 1 %% changed %,d ms",
                    round,
                    baseline,
                    first.millis,
                    first.body.get("millis").asLong(),
                    sync,
                    same.millis,
                    onePercent.millis));
            report.add(String.format(
                    "         heap MB before/peak/after: all new %s | same %s | 1 %% changed %s",
                    first.heap, same.heap, onePercent.heap));
            jdbc.update("delete from psa_connection where tenant_id = ? and id in (?, ?)", t.id(), scratch, connection);
        }
        report.forEach(System.out::println);
        Files.deleteIfExists(file);
        Files.deleteIfExists(changed);
    }

    record Measured(long millis, JsonNode body, String heap) {}

    private UUID connection(TestTenants.TestTenant t, String name) {
        var created = t.api().post("/api/v1/psa-connections", Map.of("type", "file", "name", name));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return UUID.fromString(created.json().get("id").asString());
    }

    /** 2,000 companies × 100 products; every {@code changeEvery}-th line's quantity + 1 (0: none). */
    private static void write(Path path, int changeEvery) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            out.write(
                    "company_id,company_name,contract_id,contract_name,product_id,product_name,quantity,unit_price,unit_cost,status\n");
            for (int i = 0; i < LINES; i++) {
                int company = i / 100;
                int product = i % 100;
                int quantity = 1 + (i % 97) + (changeEvery > 0 && i % changeEvery == 0 ? 1 : 0);
                out.write("C" + company + ",\"Company " + company + ", Inc.\",K" + company + ",Managed services,P"
                        + product + ",Product " + product + "," + quantity + "," + (3 + product % 7)
                        + ".50,2.25,active\n");
            }
        }
    }

    /** The same rows written straight into the table in one transaction: what any import costs at least. */
    private long baseline(UUID tenantId, UUID connectionId) {
        List<String> columns = List.of(
                "tenant_id",
                "connection_id",
                "part",
                "row_key",
                "fingerprint",
                "source_row",
                "company_id",
                "company_name",
                "contract_id",
                "contract_name",
                "product_id",
                "product_name",
                "quantity",
                "unit_price",
                "unit_cost",
                "status",
                "inactive");
        long start = System.nanoTime();
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            List<Object[]> rows = new ArrayList<>(5000);
            for (int i = 0; i < LINES; i++) {
                int company = i / 100;
                int product = i % 100;
                rows.add(new Object[] {
                    tenantId,
                    connectionId,
                    "LINES",
                    "C" + company + " / K" + company + " / P" + product,
                    (long) i,
                    i + 2,
                    "C" + company,
                    "Company " + company + ", Inc.",
                    "K" + company,
                    "Managed services",
                    "P" + product,
                    "Product " + product,
                    new BigDecimal(1 + (i % 97)).setScale(4),
                    new BigDecimal((3 + product % 7) + ".50").setScale(4),
                    new BigDecimal("2.2500"),
                    "active",
                    false
                });
                if (rows.size() == 5000) {
                    bulk.insert("psa_file_row", columns, rows);
                    rows.clear();
                }
            }
            bulk.insert("psa_file_row", columns, rows);
        });
        return (System.nanoTime() - start) / 1_000_000;
    }

    private Measured importFile(TestTenants.TestTenant t, UUID connection, Path file) throws Exception {
        long before = usedAfterGc();
        AtomicLong peak = new AtomicLong(before);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(used(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        String boundary = "----bench" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.csv\"\r\n"
                        + "Content-Type: text/csv\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(baseUrl() + "/api/v1/psa-connections/" + connection + "/imports"))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + t.admin().token())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(file),
                        HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        sampler.interrupt();
        sampler.join();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        long after = usedAfterGc();
        return new Measured(
                millis,
                JSON.readTree(response.body()),
                (before >> 20) + "/" + (peak.get() >> 20) + "/" + (after >> 20));
    }

    /** Waits for the sync run; returns how long it ran (started to finished, as the run records it). */
    private long awaitSync(TestTenants.TestTenant t, String runId) {
        JsonNode done = await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            JsonNode run =
                                    t.api().get("/api/v1/sync-runs/" + runId).json();
                            assertThat(run.get("status").asString()).isNotEqualTo("failed");
                            return run;
                        },
                        run -> run.get("status").asString().equals("succeeded"));
        return Duration.between(
                        java.time.Instant.parse(done.get("startedAt").asString()),
                        java.time.Instant.parse(done.get("finishedAt").asString()))
                .toMillis();
    }

    private static long used() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long usedAfterGc() {
        System.gc();
        System.gc();
        return used();
    }
}

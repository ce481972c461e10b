package com.trueup.bench;

import com.trueup.TrueUpApplication;
import com.trueup.shared.Role;
import com.trueup.tenant.Organisations;
import com.trueup.tenant.UserAccounts;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Measures Vendor API count ingestion over HTTP and bulk usage ingestion, against PostgreSQL. Not a test: a program
 * (named *Benchmark so no test runner picks it up). It starts TrueUp in this JVM on a free port against the given
 * database, creates organisations, integrations and tokens through the real API, then
 * <ol>
 *   <li>posts counts ({@code POST /api/vendor-api/service/{id}/count}, every one changing a stored value) at a fixed
 *       target rate over many keep-alive connections, one token per connection (each under the 100 requests/s
 *       limit), and reports the achieved rate and latency percentiles measured from each request's scheduled send
 *       time (so a server that falls behind shows in the latencies);</li>
 *   <li>posts bulk usage ({@code POST /api/v1/integrations/{id}/usage}) of 200,000 records: new rows, then the same
 *       keys with new quantities (replacement), and reports rows per second. {@code --bulk-shapes} gives the shapes
 *       measured as series:rows (default {@code 2000:200000,50000:1500000}: the narrow shape and the wide one, 30 days
 *       of 50,000 series). Each round is followed by PostgreSQL's raw {@code COPY} of the same rows into a table of the daily
 *       rows' shape, in the same run, and the import's speed is given as a ratio of it.</li>
 * </ol>
 * See docs/benchmarks.md for the command and the figures.
 */
public final class VendorIngestionBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private VendorIngestionBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        String dbUrl = o.getOrDefault(
                "db-url", "jdbc:postgresql://localhost:5432/trueup_vendor_bench?reWriteBatchedInserts=true");
        int tenantsCount = Integer.parseInt(o.getOrDefault("tenants", "8"));
        int tokens = Integer.parseInt(o.getOrDefault("tokens", "64"));
        int rate = Integer.parseInt(o.getOrDefault("rate", "5000"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "15"));
        int bulkRows = Integer.parseInt(o.getOrDefault("bulk-rows", "200000"));
        boolean skipCounts = o.containsKey("bulk-only");
        boolean skipBulk = o.containsKey("counts-only");

        Path dataDir = Files.createTempDirectory("trueup-bench");
        SpringApplication application = new SpringApplication(TrueUpApplication.class);
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.datasource.url", dbUrl);
        properties.put("spring.datasource.username", o.getOrDefault("db-user", "trueup_vendor_bench"));
        properties.put("spring.datasource.password", o.getOrDefault("db-password", "bench"));
        properties.put("server.port", "0");
        properties.put("trueup.data-dir", dataDir.toString());
        properties.put("trueup.security.bcrypt-strength", "4");
        properties.put("logging.level.root", "warn");
        properties.put("logging.level.com.trueup", "warn");
        properties.put("trueup.vendor.ingest.threads", o.getOrDefault("ingest-threads", "2"));
        properties.put("trueup.vendor.bulk.max-records", "2000000"); // the wide shape's 1,500,000 rows in one request
        // any TrueUp setting, e.g. --trueup.vendor.ingest.linger 0ms
        o.forEach((name, value) -> {
            if (name.startsWith("trueup.")) {
                properties.put(name, value);
            }
        });
        // as command-line arguments: they win over application.yml (default properties would not)
        ConfigurableApplicationContext context = application.run(properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new));
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        String base = "http://localhost:" + port;
        System.out.printf("TrueUp on %s, database %s%n", base, dbUrl);
        System.out.println(machine());
        try {
            if (o.containsKey("pause")) {
                System.out.println("pausing " + o.get("pause") + " s");
                Thread.sleep(Long.parseLong(o.get("pause")) * 1000);
            }
            Setup setup = setup(context, port, tenantsCount, tokens);
            if (!skipCounts) {
                System.out.printf("Warm-up: %d s at %d counts/s%n", warmup, rate);
                runCounts(port, setup, rate, warmup, 42);
                System.out.printf(
                        "Measuring: %d s at a target of %d counts/s over %d connections (one token each)%n",
                        seconds, rate, tokens);
                org.springframework.jdbc.core.JdbcTemplate jdbc =
                        context.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
                String commits = "select xact_commit from pg_stat_database where datname = current_database()";
                long commitsBefore = jdbc.queryForObject(commits, Long.class);
                CpuSnapshot before = CpuSnapshot.take(dbName(dbUrl));
                Result result = runCounts(port, setup, rate, seconds, 7);
                CpuSnapshot after = CpuSnapshot.take(dbName(dbUrl));
                // the statistics collector reports with a delay of up to a second
                Thread.sleep(1500);
                long committed = jdbc.queryForObject(commits, Long.class) - commitsBefore;
                System.out.println(result.describe());
                System.out.printf(
                        Locale.ROOT,
                        "Transactions committed: %d/s (all of them, not only the count writers'): %.1f counts per transaction%n",
                        committed / seconds,
                        result.sent() / (double) Math.max(1, committed));
                if (o.containsKey("timeline")) {
                    System.out.print(result.timeline());
                }
                System.out.println(after.minus(before).describe(result.sent()));
                System.out.println(after.minus(before).machine());
            }
            if (!skipBulk) {
                for (String shape : o.getOrDefault("bulk-shapes", "2000:" + bulkRows + ",50000:1500000")
                        .split(",")) {
                    String[] parts = shape.split(":");
                    runBulk(
                            port,
                            setup,
                            Integer.parseInt(parts[0]),
                            Integer.parseInt(parts[1]),
                            dbName(dbUrl),
                            Integer.parseInt(o.getOrDefault("bulk-rounds", "3")),
                            context.getBean(org.springframework.jdbc.core.JdbcTemplate.class));
                }
            }
            if (o.containsKey("pause-after")) {
                System.out.println("done; pausing " + o.get("pause-after") + " s");
                Thread.sleep(Long.parseLong(o.get("pause-after")) * 1000);
            }
        } catch (Exception e) {
            e.printStackTrace();
            throw e;
        } finally {
            context.close();
        }
    }

    // ---------------------------------------------------------------- set-up through the real API

    record Target(String token, String[] accounts, String[] services) {}

    record Setup(
            List<Target> targets,
            String bulkIntegration,
            String bulkAdminToken,
            String[] bulkAccounts,
            String[] bulkServices) {}

    /**
     * The integration a bulk shape of {@code series} series (accounts × 4 services) is imported into: the set-up's
     * for 2,000 series, else a new one in the same organisation, its accounts created through the Vendor API.
     */
    private static Setup bulkIntegration(int port, Setup setup, int series) throws IOException {
        int serviceCount = setup.bulkServices().length;
        if (series == setup.bulkAccounts().length * serviceCount) {
            return setup;
        }
        int accountCount = Math.max(1, series / serviceCount);
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + setup.bulkAdminToken());
        try (RawHttp http = new RawHttp(port)) {
            String id = http.json(
                            "POST",
                            "/api/v1/integrations",
                            bearer,
                            Map.of("vendor", "custom", "name", "Wide " + series),
                            201)
                    .get("id")
                    .asString();
            String token = http.json("POST", "/api/v1/integrations/" + id + "/token", bearer, null, 201)
                    .get("token")
                    .asString();
            Map<String, String> vendor = Map.of("GRADIENT-TOKEN", token);
            String[] accountIds = new String[accountCount];
            List<Map<String, Object>> accounts = new ArrayList<>();
            for (int a = 0; a < accountCount; a++) {
                accountIds[a] = "acct-" + a;
                accounts.add(Map.of("id", accountIds[a], "name", "Client " + a));
                if (accounts.size() == 1000 || a == accountCount - 1) {
                    http.json("POST", "/api/vendor-api/organization/accounts", vendor, accounts, 201);
                    accounts.clear();
                }
            }
            String[] serviceIds = new String[serviceCount];
            for (int s = 0; s < serviceCount; s++) {
                JsonNode skus = http.json(
                                "POST",
                                "/api/vendor-api/service",
                                vendor,
                                Map.of("name", "SKU " + s, "category", "security"),
                                201)
                        .get("skus");
                for (JsonNode sku : skus) {
                    if (sku.get("name").asString().equals("SKU " + s)) {
                        serviceIds[s] = sku.get("_id").asString();
                    }
                }
            }
            return new Setup(List.of(), id, setup.bulkAdminToken(), accountIds, serviceIds);
        }
    }

    private static Setup setup(ConfigurableApplicationContext context, int port, int tenantsCount, int tokens)
            throws IOException {
        Organisations organisations = context.getBean(Organisations.class);
        UserAccounts users = context.getBean(UserAccounts.class);
        List<Target> targets = new ArrayList<>();
        String bulkIntegration = null;
        String bulkToken = null;
        String[] bulkAccounts = null;
        String[] bulkServices = null;
        long started = System.nanoTime();
        try (RawHttp http = new RawHttp(port)) {
            for (int t = 0; t < tenantsCount; t++) {
                String suffix = Long.toHexString(System.nanoTime());
                var org = organisations.create("Bench MSP " + t + " " + suffix, "UTC", "USD");
                String email = "bench-" + t + "-" + suffix + "@bench.test";
                users.create(org.id(), email, null, Role.ADMIN, "bench-password-1", "benchmark");
                String basic = "Basic "
                        + Base64.getEncoder()
                                .encodeToString((email + ":bench-password-1").getBytes(StandardCharsets.UTF_8));
                String adminToken = http.json(
                                "POST",
                                "/api/v1/api-tokens",
                                Map.of("Authorization", basic),
                                Map.of("name", "bench"),
                                201)
                        .get("token")
                        .asString();
                Map<String, String> bearer = Map.of("Authorization", "Bearer " + adminToken);
                int perTenant = tokens / tenantsCount + (t < tokens % tenantsCount ? 1 : 0);
                for (int i = 0; i < perTenant + (t == 0 ? 1 : 0); i++) {
                    boolean bulk = t == 0 && i == perTenant;
                    String id = http.json(
                                    "POST",
                                    "/api/v1/integrations",
                                    bearer,
                                    Map.of("vendor", "custom", "name", "Vendor " + i),
                                    201)
                            .get("id")
                            .asString();
                    String token = http.json("POST", "/api/v1/integrations/" + id + "/token", bearer, null, 201)
                            .get("token")
                            .asString();
                    Map<String, String> vendor = Map.of("GRADIENT-TOKEN", token);
                    int accountCount = bulk ? 500 : 40;
                    List<Map<String, Object>> accounts = new ArrayList<>();
                    String[] accountIds = new String[accountCount];
                    for (int a = 0; a < accountCount; a++) {
                        accountIds[a] = "acct-" + a;
                        accounts.add(Map.of("id", accountIds[a], "name", "Client " + a));
                    }
                    http.json("POST", "/api/vendor-api/organization/accounts", vendor, accounts, 201);
                    int serviceCount = bulk ? 4 : 3;
                    String[] serviceIds = new String[serviceCount];
                    for (int s = 0; s < serviceCount; s++) {
                        JsonNode skus = http.json(
                                        "POST",
                                        "/api/vendor-api/service",
                                        vendor,
                                        Map.of("name", "SKU " + s, "category", "security"),
                                        201)
                                .get("skus");
                        for (JsonNode sku : skus) {
                            if (sku.get("name").asString().equals("SKU " + s)) {
                                serviceIds[s] = sku.get("_id").asString();
                            }
                        }
                    }
                    if (bulk) {
                        bulkIntegration = id;
                        bulkToken = adminToken;
                        bulkAccounts = accountIds;
                        bulkServices = serviceIds;
                    } else {
                        targets.add(new Target(token, accountIds, serviceIds));
                    }
                }
            }
        }
        System.out.printf(
                "Set up %d organisations, %d integrations with tokens in %d ms%n",
                tenantsCount, targets.size() + 1, (System.nanoTime() - started) / 1_000_000);
        return new Setup(targets, bulkIntegration, bulkToken, bulkAccounts, bulkServices);
    }

    // ---------------------------------------------------------------- counts at a fixed rate

    record Result(
            long sent,
            long errors,
            double seconds,
            long[] latenciesMicros,
            long[] serviceMicros,
            Map<Integer, Long> statuses,
            long clientCpuNanos,
            long[] answeredMillis) {

        /** Per second of the run: answers, and their service time's p50, p99 and max (ms); where a tail comes from. */
        String timeline() {
            int seconds = (int) Math.ceil(this.seconds) + 1;
            List<List<Long>> bySecond = new ArrayList<>();
            for (int i = 0; i < seconds; i++) {
                bySecond.add(new ArrayList<>());
            }
            for (int i = 0; i < answeredMillis.length; i++) {
                bySecond.get((int) Math.min(seconds - 1, Math.max(0, answeredMillis[i] / 1000)))
                        .add(serviceMicros[i]);
            }
            StringBuilder out = new StringBuilder("second answers p50 p99 max (service time, ms)\n");
            for (int i = 0; i < seconds; i++) {
                long[] sorted = bySecond.get(i).stream()
                        .mapToLong(Long::longValue)
                        .sorted()
                        .toArray();
                if (sorted.length > 0) {
                    out.append(String.format(
                            Locale.ROOT,
                            "%02d %5d %6.1f %6.1f %6.1f%n",
                            i,
                            sorted.length,
                            pct(sorted, 50),
                            pct(sorted, 99),
                            sorted[sorted.length - 1] / 1000.0));
                }
            }
            return out.toString();
        }

        String describe() {
            long[] latenciesMicros = this.latenciesMicros.clone();
            long[] serviceMicros = this.serviceMicros.clone();
            Arrays.sort(latenciesMicros);
            Arrays.sort(serviceMicros);
            return String.format(
                    Locale.ROOT,
                    """
                    Counts: %d in %.1f s = %.0f counts/s, errors %d %s
                    Latency from scheduled send (ms): p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f
                    Service time (ms):                p50 %.2f  p90 %.2f  p99 %.2f  max %.2f
                    Load generator CPU: %.0f us per count""",
                    sent,
                    seconds,
                    sent / seconds,
                    errors,
                    statuses,
                    pct(latenciesMicros, 50),
                    pct(latenciesMicros, 90),
                    pct(latenciesMicros, 99),
                    pct(latenciesMicros, 99.9),
                    latenciesMicros.length == 0 ? 0 : latenciesMicros[latenciesMicros.length - 1] / 1000.0,
                    pct(serviceMicros, 50),
                    pct(serviceMicros, 90),
                    pct(serviceMicros, 99),
                    serviceMicros.length == 0 ? 0 : serviceMicros[serviceMicros.length - 1] / 1000.0,
                    sent == 0 ? 0 : clientCpuNanos / 1000.0 / sent);
        }

        private static double pct(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1000.0;
        }
    }

    /**
     * Posts counts at a fixed rate over many keep-alive connections from one thread (non-blocking sockets and a
     * selector): far less CPU per request than a thread per connection, so on a small machine the load generator
     * leaves the cores to the server it measures. Each connection sends its next count at its scheduled time, or as
     * soon as the previous answer arrived if that is later; latencies count from the scheduled time.
     */
    private static Result runCounts(int port, Setup setup, int rate, int seconds, long seed) throws IOException {
        int connections = setup.targets().size();
        long interval = 1_000_000_000L * connections / rate;
        long start = System.nanoTime() + 200_000_000L;
        long end = start + seconds * 1_000_000_000L;
        int capacity = (int) (seconds * 1_000_000_000L / interval) + 16;
        Map<Integer, Long> statuses = new HashMap<>();
        long errors = 0;
        long cpuBefore =
                java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        try (java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
            CountConnection[] all = new CountConnection[connections];
            for (int c = 0; c < connections; c++) {
                all[c] = new CountConnection(
                        setup.targets().get(c),
                        new Random(seed * 1000 + c),
                        capacity,
                        start + c * (interval / connections),
                        interval);
                all[c].connect(selector, port);
            }
            int open = connections;
            while (open > 0) {
                long now = System.nanoTime();
                long nextDue = Long.MAX_VALUE;
                for (CountConnection c : all) {
                    if (c.finished || c.waiting) {
                        continue;
                    }
                    long scheduled = c.scheduled();
                    if (scheduled >= end || c.n >= capacity) {
                        c.finished = true;
                        open--;
                    } else if (scheduled <= now) {
                        c.send(now);
                    } else {
                        nextDue = Math.min(nextDue, scheduled);
                    }
                }
                long wait = nextDue == Long.MAX_VALUE ? 10_000_000L : nextDue - System.nanoTime();
                int ready = wait >= 1_000_000L ? selector.select(wait / 1_000_000L) : selector.selectNow();
                if (ready == 0 && wait > 0 && wait < 1_000_000L) {
                    LockSupport.parkNanos(Math.min(wait, 100_000L));
                    selector.selectNow();
                }
                for (java.nio.channels.SelectionKey key : selector.selectedKeys()) {
                    CountConnection c = (CountConnection) key.attachment();
                    try {
                        if (key.isValid() && key.isWritable()) {
                            c.flush();
                        }
                        if (key.isValid() && key.isReadable()) {
                            int status = c.read();
                            if (status > 0) {
                                if (status != 201) {
                                    errors++;
                                    statuses.merge(status, 1L, Long::sum);
                                }
                                if (c.closeAfterAnswer) {
                                    c.connect(selector, port); // Tomcat closes a connection after 100 requests
                                }
                            }
                        }
                    } catch (IOException e) {
                        errors++;
                        statuses.merge(-1, 1L, Long::sum);
                        c.waiting = false;
                        c.next++;
                        c.connect(selector, port);
                    }
                }
                selector.selectedKeys().clear();
            }
            long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuBefore;
            double elapsed = (Math.max(System.nanoTime(), end) - start) / 1e9;
            long total = Arrays.stream(all).mapToLong(c -> c.n).sum();
            long[] latencies = Arrays.stream(all)
                    .flatMapToLong(c -> Arrays.stream(c.latencies, 0, c.n))
                    .toArray();
            long[] services = Arrays.stream(all)
                    .flatMapToLong(c -> Arrays.stream(c.services, 0, c.n))
                    .toArray();
            long[] answered = Arrays.stream(all)
                    .flatMapToLong(c -> Arrays.stream(c.answered, 0, c.n))
                    .map(t -> (t - start) / 1_000_000L)
                    .toArray();
            for (CountConnection c : all) {
                c.channel.close();
            }
            return new Result(total, errors, elapsed, latencies, services, statuses, cpu, answered);
        }
    }

    /** One keep-alive connection of {@link #runCounts}: the count it is sending and the answer it is reading. */
    private static final class CountConnection {

        private final Target target;
        private final Random random;
        private final long first;
        private final long interval;
        final long[] latencies;
        final long[] services;
        final long[] answered;
        int n;
        long next;
        boolean waiting;
        boolean finished;
        boolean closeAfterAnswer;
        private long sentAt;
        private long scheduledAt;
        java.nio.channels.SocketChannel channel;
        private java.nio.channels.SelectionKey key;
        private java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(0);
        private final java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(16384);

        CountConnection(Target target, Random random, int capacity, long first, long interval) {
            this.target = target;
            this.random = random;
            this.first = first;
            this.interval = interval;
            this.latencies = new long[capacity];
            this.services = new long[capacity];
            this.answered = new long[capacity];
        }

        long scheduled() {
            return first + next * interval;
        }

        void connect(java.nio.channels.Selector selector, int port) throws IOException {
            if (channel != null) {
                channel.close();
            }
            channel = java.nio.channels.SocketChannel.open(new java.net.InetSocketAddress("localhost", port));
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            key = channel.register(selector, java.nio.channels.SelectionKey.OP_READ, this);
            in.clear();
            closeAfterAnswer = false;
        }

        void send(long now) throws IOException {
            String service = target.services()[random.nextInt(target.services().length)];
            String account = target.accounts()[random.nextInt(target.accounts().length)];
            String body = "{\"accountId\":\"" + account + "\",\"unitCount\":" + (1 + random.nextInt(5000)) + "}";
            String request = "POST /api/vendor-api/service/" + service
                    + "/count HTTP/1.1\r\nHost: localhost\r\nGRADIENT-TOKEN: " + target.token()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
            out = java.nio.ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1));
            scheduledAt = scheduled();
            sentAt = now;
            waiting = true;
            flush();
        }

        void flush() throws IOException {
            channel.write(out);
            key.interestOps(
                    out.hasRemaining()
                            ? java.nio.channels.SelectionKey.OP_READ | java.nio.channels.SelectionKey.OP_WRITE
                            : java.nio.channels.SelectionKey.OP_READ);
        }

        /** Reads what arrived; the status once a whole answer is in, else 0. */
        int read() throws IOException {
            if (channel.read(in) < 0) {
                throw new IOException("connection closed");
            }
            byte[] bytes = in.array();
            int length = in.position();
            int headerEnd = -1;
            for (int i = 3; i < length; i++) {
                if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
                    headerEnd = i + 1;
                    break;
                }
            }
            if (headerEnd < 0) {
                return 0;
            }
            String head = new String(bytes, 0, headerEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            int total;
            int contentLength = head.indexOf("\r\ncontent-length:");
            if (contentLength >= 0) {
                int from = contentLength + 17;
                total = headerEnd
                        + Integer.parseInt(
                                head.substring(from, head.indexOf('\r', from)).trim());
            } else if (head.contains("\r\ntransfer-encoding: chunked")) {
                // complete once the last (empty) chunk arrived; one answer at a time, so it ends the data
                String chunks = "\r\n" + new String(bytes, headerEnd, length - headerEnd, StandardCharsets.ISO_8859_1);
                if (!chunks.endsWith("\r\n0\r\n\r\n")) {
                    return 0;
                }
                total = length;
            } else {
                total = headerEnd;
            }
            if (length < total) {
                return 0;
            }
            long received = System.nanoTime();
            int status = Integer.parseInt(head.substring(9, 12));
            closeAfterAnswer = head.contains("\r\nconnection: close");
            in.clear();
            latencies[n] = (received - scheduledAt) / 1000;
            services[n] = (received - sentAt) / 1000;
            answered[n] = received;
            n++;
            next++;
            waiting = false;
            return status;
        }
    }

    static String dbName(String url) {
        String path = url.substring(url.lastIndexOf('/') + 1);
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    /**
     * CPU time used by this JVM (TrueUp and the load generator) and by the PostgreSQL backends serving the benchmark
     * database: a measure of cost per count that holds even when other work shares the machine.
     */
    /** {@code machineTicks}: the machine's /proc/stat totals (user, nice, system, idle, iowait, irq, softirq, steal). */
    record CpuSnapshot(long jvmNanos, long postgresNanos, long wallNanos, long[] machineTicks) {

        static CpuSnapshot take(String database) {
            long jvm = ((com.sun.management.OperatingSystemMXBean)
                            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            long ticks = 0;
            try (var dirs = Files.list(Path.of("/proc"))) {
                for (Path dir : dirs.filter(
                                d -> d.getFileName().toString().chars().allMatch(Character::isDigit))
                        .toList()) {
                    try {
                        String cmdline =
                                Files.readString(dir.resolve("cmdline")).replace('\0', ' ');
                        if (cmdline.startsWith("postgres: ")
                                && (cmdline.contains(" " + database + " ")
                                        || cmdline.contains("walwriter")
                                        || cmdline.contains("parallel worker")
                                        || cmdline.contains("checkpointer")
                                        || cmdline.contains("background writer"))) {
                            String stat = Files.readString(dir.resolve("stat"));
                            String[] fields =
                                    stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        }
                    } catch (IOException | RuntimeException ignored) {
                        // the process ended meanwhile
                    }
                }
            } catch (IOException ignored) {
                // no /proc
            }
            return new CpuSnapshot(jvm, ticks * 10_000_000L, System.nanoTime(), readMachineTicks());
        }

        private static long[] readMachineTicks() {
            long[] ticks = new long[8];
            try {
                String[] fields =
                        Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                for (int i = 0; i < ticks.length && i + 1 < fields.length; i++) {
                    ticks[i] = Long.parseLong(fields[i + 1]);
                }
            } catch (IOException | RuntimeException ignored) {
                // no /proc: nothing to report
            }
            return ticks;
        }

        CpuSnapshot minus(CpuSnapshot earlier) {
            long[] ticks = new long[machineTicks.length];
            for (int i = 0; i < ticks.length; i++) {
                ticks[i] = machineTicks[i] - earlier.machineTicks[i];
            }
            return new CpuSnapshot(
                    jvmNanos - earlier.jvmNanos,
                    postgresNanos - earlier.postgresNanos,
                    wallNanos - earlier.wallNanos,
                    ticks);
        }

        /** What the whole machine's CPUs did meanwhile: busy, idle and stolen by the hypervisor (other virtual machines). */
        String machine() {
            long total = Arrays.stream(machineTicks).sum();
            if (total == 0) {
                return "";
            }
            long idle = machineTicks[3] + machineTicks[4];
            long steal = machineTicks[7];
            return String.format(
                    Locale.ROOT,
                    "Machine CPU meanwhile: %.0f %% busy, %.0f %% idle, %.0f %% stolen by the hypervisor",
                    100.0 * (total - idle - steal) / total,
                    100.0 * idle / total,
                    100.0 * steal / total);
        }

        String describe(long items) {
            double jvmMicros = jvmNanos / 1000.0 / items;
            double pgMicros = postgresNanos / 1000.0 / items;
            return String.format(
                    Locale.ROOT,
                    "CPU per count: %.0f us in this JVM (TrueUp + load generator), %.0f us in PostgreSQL;"
                            + " %.2f of %d cores busy; at this cost 2 dedicated cores take about %.0f counts/s",
                    jvmMicros,
                    pgMicros,
                    (jvmNanos + postgresNanos) / (double) wallNanos,
                    Runtime.getRuntime().availableProcessors(),
                    2_000_000.0 / (jvmMicros + pgMicros));
        }
    }

    // ---------------------------------------------------------------- bulk

    private static void runBulk(
            int port,
            Setup base,
            int seriesWanted,
            int rows,
            String database,
            int bulkRounds,
            org.springframework.jdbc.core.JdbcTemplate jdbc)
            throws IOException {
        Setup setup = bulkIntegration(port, base, seriesWanted);
        String[] accounts = setup.bulkAccounts();
        String[] services = setup.bulkServices();
        int series = accounts.length * services.length;
        int days = Math.max(1, rows / series);
        LocalDate today = LocalDate.now(java.time.Clock.system(ZoneOffset.UTC));
        Map<String, String> headers = Map.of("Authorization", "Bearer " + setup.bulkAdminToken());
        String path = "/api/v1/integrations/" + setup.bulkIntegration() + "/usage";
        System.out.printf(
                Locale.ROOT, "Bulk shape: %d series x %d days = %d rows per round%n", series, days, series * days);
        // round 0 warms the code path up (rows of older dates); then new rows, then replacements of them
        for (int round = 0; round < bulkRounds + 1; round++) {
            boolean warmup = round == 0;
            LocalDate until = warmup ? today.minusDays(days) : today;
            byte[] body = bulkBody(accounts, services, days, until, round);
            waitForRebuilds(jdbc);
            // a new connection per round: the server closes one idle while the rebuilds ran
            try (RawHttp http = new RawHttp(port)) {
                CpuSnapshot before = CpuSnapshot.take(database);
                long started = System.nanoTime();
                RawHttp.Response response = http.send("POST", path, headers, body);
                long elapsed = System.nanoTime() - started;
                CpuSnapshot cost = CpuSnapshot.take(database).minus(before);
                if (response.status() != 200) {
                    throw new IllegalStateException("bulk answered " + response.status() + ": " + response.body());
                }
                int accepted = JSON.readTree(response.body()).get("accepted").asInt();
                System.out.printf(
                        Locale.ROOT,
                        "Bulk %s: %d rows (%d series x %d days, %.1f MB JSON) in %.2f s = %.0f rows/s"
                                + " (CPU: %.2f s JVM, %.2f s PostgreSQL; %s)%n",
                        warmup ? "warm-up" : round == 1 ? "new rows" : "replace ",
                        accepted,
                        series,
                        days,
                        body.length / 1e6,
                        elapsed / 1e9,
                        accepted / (elapsed / 1e9),
                        cost.jvmNanos() / 1e9,
                        cost.postgresNanos() / 1e9,
                        cost.machine());
                if (!warmup) {
                    CpuSnapshot copyBefore = CpuSnapshot.take(database);
                    long copyNanos = rawCopy(jdbc, accounts, services, days, until, round);
                    CpuSnapshot copyCost = CpuSnapshot.take(database).minus(copyBefore);
                    // on a shared machine the CPU used is steadier than the time: both, as ratios of COPY's
                    System.out.printf(
                            Locale.ROOT,
                            "  raw COPY of the same %d rows: %.2f s = %.0f rows/s (CPU: %.2f s PostgreSQL);"
                                    + " the import ran at %.3fx COPY's speed and used %.1fx its CPU%n",
                            accepted,
                            copyNanos / 1e9,
                            accepted / (copyNanos / 1e9),
                            copyCost.postgresNanos() / 1e9,
                            copyNanos / (double) elapsed,
                            (cost.jvmNanos() + cost.postgresNanos()) / (double) Math.max(1, copyCost.postgresNanos()));
                }
            }
        }
    }

    /**
     * PostgreSQL's {@code COPY} of the rows a bulk round imported into a table of the daily rows' shape (tenant, series,
     * day, quantity, primary key on the first three), emptied before: what the machine allows for these rows. Returns
     * the time of the {@code COPY} alone (the text is made before).
     */
    static long rawCopy(
            org.springframework.jdbc.core.JdbcTemplate jdbc,
            String[] accounts,
            String[] services,
            int days,
            LocalDate today,
            int round) {
        jdbc.execute(
                "create table if not exists bench_copy_daily (tenant_id uuid not null, series_id uuid not null, "
                        + "count_day date not null, quantity numeric(19,4) not null, primary key (tenant_id, series_id, count_day))");
        jdbc.execute("truncate bench_copy_daily");
        java.util.UUID tenant = java.util.UUID.nameUUIDFromBytes("bench".getBytes(StandardCharsets.UTF_8));
        Random random = new Random(round);
        StringBuilder text = new StringBuilder(accounts.length * services.length * days * 90);
        for (String account : accounts) {
            for (String service : services) {
                java.util.UUID series =
                        java.util.UUID.nameUUIDFromBytes((account + "/" + service).getBytes(StandardCharsets.UTF_8));
                for (int d = 0; d < days; d++) {
                    text.append(tenant)
                            .append('\t')
                            .append(series)
                            .append('\t')
                            .append(today.minusDays(days - 1 - d))
                            .append('\t')
                            .append(1 + random.nextInt(200))
                            .append('\n');
                }
            }
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        Long nanos = jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Long>) connection -> {
            long started = System.nanoTime();
            try {
                connection
                        .unwrap(org.postgresql.PGConnection.class)
                        .getCopyAPI()
                        .copyIn(
                                "copy bench_copy_daily (tenant_id, series_id, count_day, quantity) from stdin",
                                new java.io.ByteArrayInputStream(bytes));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return System.nanoTime() - started;
        });
        jdbc.execute("truncate bench_copy_daily");
        return nanos;
    }

    /**
     * Each bulk round starts once the reconciliation rebuilds that earlier phases triggered have finished, so the
     * round's CPU figures are the import's own (the rebuild after an import is measured by ReconciliationBenchmark).
     */
    private static void waitForRebuilds(org.springframework.jdbc.core.JdbcTemplate jdbc) {
        try {
            // nothing pending for a whole second: the last rebuild has committed
            org.awaitility.Awaitility.await()
                    .during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> jdbc.queryForObject(
                                    "select (select count(*) from reconciliation_pending) + (select count(*)"
                                            + " from scheduled_tasks where task_name = 'reconciliation-rebuild')",
                                    Long.class)
                            == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            System.out.println("(rebuilds still running after 180 s; measuring anyway)");
        }
    }

    private static byte[] bulkBody(String[] accounts, String[] services, int days, LocalDate today, int round) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(accounts.length * services.length * days * 90);
        Random random = new Random(round);
        out.writeBytes("{\"records\":[".getBytes(StandardCharsets.UTF_8));
        boolean first = true;
        String[] dates = new String[days];
        for (int d = 0; d < days; d++) {
            dates[d] = today.minusDays(days - 1 - d).toString();
        }
        for (String account : accounts) {
            for (String service : services) {
                for (String date : dates) {
                    String record = (first ? "" : ",") + "{\"accountId\":\"" + account + "\",\"serviceId\":\"" + service
                            + "\",\"date\":\"" + date + "\",\"quantity\":" + (1 + random.nextInt(200)) + "}";
                    out.writeBytes(record.getBytes(StandardCharsets.UTF_8));
                    first = false;
                }
            }
        }
        out.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- helpers

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse(cpu);
        } catch (IOException ignored) {
            // not Linux
        }
        String load = "";
        try {
            load = ", load average "
                    + Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException ignored) {
            // not Linux
        }
        return String.format(
                "Machine: %d CPUs (%s), Java %s, max heap %d MB%s",
                Runtime.getRuntime().availableProcessors(),
                cpu,
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                load);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].replaceFirst("^--", "");
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(name, args[++i]);
            } else {
                options.put(name, "true");
            }
        }
        return options;
    }

    /** A minimal HTTP/1.1 keep-alive client: cheap enough that the load generator does not dominate the CPU. */
    static final class RawHttp implements Closeable {

        record Response(int status, String body) {}

        private final int port;
        private Socket socket;
        private OutputStream out;
        private InputStream in;

        RawHttp(int port) throws IOException {
            this.port = port;
            connect();
        }

        private void connect() throws IOException {
            socket = new Socket("localhost", port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 65536);
        }

        JsonNode json(String method, String path, Map<String, String> headers, Object body, int expected)
                throws IOException {
            Response r = send(method, path, headers, body == null ? null : JSON.writeValueAsBytes(body));
            if (r.status() != expected) {
                throw new IllegalStateException(method + " " + path + " answered " + r.status() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        }

        Response send(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
            if (socket == null) {
                connect(); // the server closed the previous connection (Tomcat: after 100 requests)
            }
            StringBuilder head = new StringBuilder(256)
                    .append(method)
                    .append(' ')
                    .append(path)
                    .append(" HTTP/1.1\r\nHost: localhost\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ")
                        .append(body.length)
                        .append("\r\n");
            } else {
                head.append("Content-Length: 0\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            String statusLine = line();
            if (System.getenv("BENCH_DEBUG") != null) {
                System.err.println(method + " " + path + " -> " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = -1;
            boolean chunked = false;
            boolean close = false;
            String header;
            while (!(header = line()).isEmpty()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            byte[] content;
            if (chunked) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                int size;
                while ((size = Integer.parseInt(line().trim(), 16)) > 0) {
                    buffer.write(in.readNBytes(size));
                    line();
                }
                line();
                content = buffer.toByteArray();
            } else {
                content = length > 0 ? in.readNBytes(length) : new byte[0];
            }
            if (close) {
                socket.close();
                socket = null;
            }
            return new Response(status, new String(content, StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            if (c == -1 && line.isEmpty()) {
                throw new IOException("connection closed");
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
            }
        }
    }
}

package com.trueup.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.trueup.integration.VendorAccount;
import com.trueup.integration.VendorDirectory;
import com.trueup.integration.VendorService;
import com.trueup.mapping.FakeMappings;
import com.trueup.mapping.Mappings;
import com.trueup.psa.PsaCompany;
import com.trueup.psa.PsaProduct;
import com.trueup.psa.PsaSnapshot;
import com.trueup.reconciliation.KeptRebuildInputs;
import com.trueup.reconciliation.Reconciliations;
import com.trueup.support.BrowserSession;
import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants;
import com.trueup.writeback.FakeWriteBacks;
import com.trueup.writeback.WriteBacks;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Reconciliation at scale: 2,000 companies × 25 services × 31 days of counts (1.55 M daily rows) on PostgreSQL.
 * Not a test any runner picks up; run it as documented in docs/benchmarks.md and read the figures it prints.
 * <p>
 * Data: accounts and services through the Vendor API, counts through the CSV bulk import, the PSA as a Sandbox
 * connection (its 2,000 companies, 25 products and 50,000 contract lines inserted directly, then synced through the
 * connector), mappings by exact name (an in-memory {@link Mappings}, so the figures do not depend on the mapping
 * module). Rebuild jobs are delayed by an hour so nothing runs behind the measurements.
 */
@Import(ReconciliationBenchmark.BenchBeans.class)
@TestPropertySource(
        properties = {
            "trueup.reconciliation.debounce=1h",
            "trueup.vendor.bulk.max-records=2000000",
            "logging.level.com.trueup=warn",
            "logging.level.com.trueup.reconciliation.ReconciliationRebuilder=debug"
        })
class ReconciliationBenchmark extends IntegrationTest {

    static final int COMPANIES = Integer.getInteger("bench.companies", 2000);
    static final int SERVICES = Integer.getInteger("bench.services", 25);
    /** Days of counts imported (the month's first ones; the last count carries on): a shorter set-up, the same lines. */
    static final int DAYS = Integer.getInteger("bench.days", 31);
    /** The closed month measured: the previous month of the real clock, so the delayed rebuild jobs stay delayed. */
    static final YearMonth JULY = YearMonth.now(java.time.ZoneOffset.UTC).minusMonths(1);

    @Autowired
    Reconciliations reconciliations;

    @Autowired
    VendorDirectory vendor;

    @Autowired
    PsaSnapshot psa;

    @Autowired
    FakeMappings mappings;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Test
    void reconciliationAtScale() throws Exception {
        clock.reset();
        TestTenants.TestTenant t = tenants.create("UTC");
        Http api = t.api();
        long setupStart = System.nanoTime();

        UUID integrationId =
                UUID.fromString(api.post("/api/v1/integrations", Map.of("vendor", "keeper", "name", "Keeper"))
                        .json()
                        .get("id")
                        .asString());
        String token = api.post("/api/v1/integrations/" + integrationId + "/token", null)
                .json()
                .get("token")
                .asString();
        Http vendorApi = http().header("GRADIENT-TOKEN", token);
        List<Map<String, String>> accounts = new ArrayList<>();
        for (int c = 1; c <= COMPANIES; c++) {
            accounts.add(Map.of("id", account(c), "name", company(c)));
        }
        for (int from = 0; from < accounts.size(); from += 500) {
            assertThat(vendorApi
                            .post(
                                    "/api/vendor-api/organization/accounts",
                                    accounts.subList(from, Math.min(accounts.size(), from + 500)))
                            .status())
                    .isEqualTo(201);
        }
        List<Map<String, String>> services = new ArrayList<>();
        for (int s = 1; s <= SERVICES; s++) {
            services.add(Map.of("id", service(s), "name", "Service " + s));
        }
        assertThat(vendorApi
                        .post("/api/vendor-api/organization/services", services)
                        .status())
                .isEqualTo(201);

        // 31 days of counts for every series, as two CSV imports
        long countsStart = System.nanoTime();
        int monthDays = Math.min(DAYS, JULY.lengthOfMonth());
        for (int first = 1; first <= monthDays; first += 3) {
            int[] days = {first, Math.min(monthDays, first + 2)};
            StringBuilder csv =
                    new StringBuilder(40 * COMPANIES * SERVICES * 16).append("accountId,serviceId,date,quantity\n");
            for (int day = days[0]; day <= days[1]; day++) {
                String date = JULY.atDay(day).toString();
                for (int c = 1; c <= COMPANIES; c++) {
                    for (int s = 1; s <= SERVICES; s++) {
                        csv.append(account(c))
                                .append(',')
                                .append(service(s))
                                .append(',')
                                .append(date)
                                .append(',')
                                .append(count(c, s, day))
                                .append('\n');
                    }
                }
            }
            var imported = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                            baseUrl() + "/api/v1/integrations/" + integrationId + "/usage"))
                                    .timeout(Duration.ofMinutes(30))
                                    .header(
                                            "Authorization",
                                            "Bearer " + t.admin().token())
                                    .header("Content-Type", "text/csv")
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(csv.toString()))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        }
        long countsMs = (System.nanoTime() - countsStart) / 1_000_000;
        long dailyRows = jdbc.queryForObject(
                "select sum(length(days) - length(replace(days, ',', '')) + 1) from vendor_usage_month where tenant_id = ?",
                Long.class,
                t.id());

        // the PSA: a Sandbox with 2,000 companies, 25 products, one recurring contract each, 50,000 lines (20 %
        // missing)
        String connectionId = api.post(
                        "/api/v1/psa-connections",
                        Map.of(
                                "type",
                                "sandbox",
                                "name",
                                "Sandbox",
                                "credentials",
                                Map.of(),
                                "settings",
                                Map.of("roundingMode", "NEAREST", "defaultEffectiveDate", "FIRST_OF_NEXT_MONTH")))
                .json()
                .get("id")
                .asString();
        fillSandbox(t.id(), UUID.fromString(connectionId));
        String run = api.post("/api/v1/psa-connections/" + connectionId + "/sync", null)
                .json()
                .get("syncRunId")
                .asString();
        await().atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Map.of("succeeded", true, "failed", true)
                        .containsKey(api.get("/api/v1/sync-runs/" + run)
                                .json()
                                .get("status")
                                .asString()));
        assertThat(api.get("/api/v1/sync-runs/" + run).json().get("status").asString())
                .isEqualTo("succeeded");
        mapByName(mappings, t.id(), integrationId, vendor, psa);
        long setupS = (System.nanoTime() - setupStart) / 1_000_000_000;

        Map<String, String> figures = new java.util.LinkedHashMap<>();
        // full rebuild: cold (no stored lines), then warm (stored lines, nothing changed), closed month and month to
        // date
        List<Long> cold = new ArrayList<>();
        List<Long> warm = new ArrayList<>();
        Reconciliations.RebuildSummary summary = null;
        String database = jdbc.queryForObject("select current_database()", String.class);
        List<Long> warmCpu = new ArrayList<>();
        List<Long> warmRead = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            jdbc.update("delete from reconciliation_line_series where tenant_id = ?", t.id());
            jdbc.update("delete from reconciliation_line where tenant_id = ?", t.id());
            jdbc.update("delete from reconciliation_period where tenant_id = ?", t.id());
            jdbc.execute("analyze");
            KeptRebuildInputs.forget(context);
            summary = timed(cold, () -> reconciliations.rebuild(t.id(), JULY));
            // on a shared machine the CPU a rebuild uses (this JVM and PostgreSQL) is steadier than its time
            VendorIngestionBenchmark.CpuSnapshot before = VendorIngestionBenchmark.CpuSnapshot.take(database);
            timed(warm, () -> reconciliations.rebuild(t.id(), JULY));
            VendorIngestionBenchmark.CpuSnapshot used =
                    VendorIngestionBenchmark.CpuSnapshot.take(database).minus(before);
            warmCpu.add((used.jvmNanos() + used.postgresNanos()) / 1_000_000);
            // the same on a node that kept nothing from earlier rebuilds (just started): every input read
            KeptRebuildInputs.forget(context);
            timed(warmRead, () -> reconciliations.rebuild(t.id(), JULY));
        }
        jdbc.execute("analyze");
        List<Long> mtd = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            timed(mtd, () -> reconciliations.rebuild(t.id(), JULY.plusMonths(1)));
        }
        figures.put("lines (closed month)", String.valueOf(summary.lines()));
        // where a rebuild's time goes: the other modules' reads it makes
        UUID connection = psa.primaryConnection(t.id()).orElseThrow().id();
        List<Long> usageClosed = new ArrayList<>();
        List<Long> usageMtd = new ArrayList<>();
        List<Long> psaLines = new ArrayList<>();
        List<Long> catalog = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            timed(
                    usageClosed,
                    () -> vendor.usage(t.id(), JULY.atDay(1), JULY.plusMonths(1).atDay(1)));
            timed(
                    usageMtd,
                    () -> vendor.usage(
                            t.id(),
                            JULY.plusMonths(1).atDay(1),
                            LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1)));
            timed(psaLines, () -> psa.billableLines(t.id(), connection));
            timed(catalog, () -> {
                vendor.accounts(t.id(), integrationId);
                vendor.services(t.id(), integrationId);
                psa.companies(t.id(), connection);
                return psa.products(t.id(), connection);
            });
        }
        figures.put("  of which VendorDirectory.usage, closed month, ms", stats(usageClosed));
        figures.put("  of which VendorDirectory.usage, month to date, ms", stats(usageMtd));
        figures.put("  of which PsaSnapshot.billableLines, ms", stats(psaLines));
        figures.put("  of which accounts, services, companies, products, ms", stats(catalog));
        figures.put("full rebuild, first build (50,000 inserts, nothing kept), ms", stats(cold));
        figures.put("full rebuild, lines stored, nothing changed since the last, ms", stats(warm));
        figures.put("full rebuild, lines stored, on a node that kept nothing, ms", stats(warmRead));
        // the yardsticks: the month's daily rows (every day of it, whatever was imported) as a plain table, written
        // with
        // COPY, and one GROUP BY of their daily average per series
        long copyMs = copyDailyRows(t.id());
        List<Long> groupBy = new ArrayList<>();
        List<Long> groupByCpu = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            VendorIngestionBenchmark.CpuSnapshot before = VendorIngestionBenchmark.CpuSnapshot.take(database);
            timed(
                    groupBy,
                    () -> jdbc.queryForList(
                                    "select series_id, sum(quantity) / " + JULY.lengthOfMonth()
                                            + " from bench_daily where tenant_id = ? and count_day >= ? and count_day < ? group by series_id",
                                    t.id(),
                                    java.sql.Date.valueOf(JULY.atDay(1)),
                                    java.sql.Date.valueOf(JULY.plusMonths(1).atDay(1)))
                            .size());
            VendorIngestionBenchmark.CpuSnapshot used =
                    VendorIngestionBenchmark.CpuSnapshot.take(database).minus(before);
            groupByCpu.add((used.jvmNanos() + used.postgresNanos()) / 1_000_000);
        }
        figures.put("  yardstick: one GROUP BY daily average over the month's daily rows, ms", stats(groupBy));
        figures.put(
                "  GROUP BY ÷ full rebuild with lines stored (target ≥ 4)",
                String.format(java.util.Locale.ROOT, "%.2f", median(groupBy) / (double) Math.max(1, median(warm))));
        figures.put(
                "  GROUP BY ÷ the same on a node that kept nothing",
                String.format(java.util.Locale.ROOT, "%.2f", median(groupBy) / (double) Math.max(1, median(warmRead))));
        figures.put(
                "  CPU (this JVM + PostgreSQL): rebuild with lines stored, GROUP BY, ms",
                "median " + median(warmCpu) + ", "
                        + median(groupByCpu)
                        + String.format(
                                java.util.Locale.ROOT,
                                " (GROUP BY ÷ rebuild: %.2f)",
                                median(groupByCpu) / (double) Math.max(1, median(warmCpu))));
        figures.put(
                "  yardstick: COPY of the month's daily rows, ms",
                copyMs + " (" + COMPANIES * SERVICES * JULY.lengthOfMonth() + " rows)");
        figures.put("full rebuild of the current month (month to date), ms", stats(mtd));
        // what the node keeps from the two months' rebuilds: the heap in use with and without it
        long withKept = heapInUse();
        KeptRebuildInputs.forget(context);
        long withoutKept = heapInUse();
        figures.put(
                "  heap kept from the rebuilds of the two months, MB",
                String.valueOf((withKept - withoutKept) / (1024 * 1024)));
        reconciliations.rebuild(t.id(), JULY);
        reconciliations.rebuild(t.id(), JULY.plusMonths(1));

        // one new count: recompute only the lines of that series
        List<Long> incremental = new ArrayList<>();
        Map<String, VendorAccount> accountByRef = new HashMap<>();
        vendor.accounts(t.id(), integrationId).forEach(a -> accountByRef.put(a.externalId(), a));
        Map<String, VendorService> serviceByRef = new HashMap<>();
        vendor.services(t.id(), integrationId).forEach(s -> serviceByRef.put(s.externalId(), s));
        for (int i = 0; i < 7; i++) {
            int c = 17 + i * 211;
            int s = 1 + (i * 7) % SERVICES;
            var posted = vendorApi.post(
                    "/api/vendor-api/service/" + service(s) + "/count?date=" + JULY.atDay(20),
                    Map.of("accountId", account(c), "unitCount", 500 + i));
            assertThat(posted.status()).isEqualTo(201);
            var r = timed(
                    incremental,
                    () -> reconciliations.refreshSeries(
                            t.id(),
                            integrationId,
                            accountByRef.get(account(c)).id(),
                            serviceByRef.get(service(s)).id(),
                            JULY));
            assertThat(r.incremental()).isTrue();
            assertThat(r.updated()).isEqualTo(1);
        }
        figures.put("after one new count (refreshSeries), ms", stats(incremental));

        // the first page of the 50,000 lines with a filter, over HTTP (server time plus a local round trip)
        Map<String, String> queries = new java.util.LinkedHashMap<>();
        queries.put("status=reconcile", "/api/v1/reconciliation?period=" + JULY + "&status=reconcile&size=50");
        queries.put(
                "status=reconcile, sorted by revenueChange desc",
                "/api/v1/reconciliation?period=" + JULY + "&status=reconcile&sort=revenueChange,desc&size=50");
        queries.put("serviceId=svc-07", "/api/v1/reconciliation?period=" + JULY + "&serviceId=svc-07&size=50");
        queries.put("client contains '12'", "/api/v1/reconciliation?period=" + JULY + "&client=12&size=50");
        queries.put("no filter, page 500", "/api/v1/reconciliation?period=" + JULY + "&page=500&size=50");
        for (var q : queries.entrySet()) {
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                var response = timed(times, () -> api.get(q.getValue()));
                assertThat(response.status()).isEqualTo(200);
            }
            figures.put("API first page, " + q.getKey() + ", ms", stats(times.subList(2, times.size())));
        }
        var browser = new BrowserSession(baseUrl());
        browser.login(t.approver().email(), TestTenants.PASSWORD);
        List<Long> pageTimes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            var response = timed(pageTimes, () -> browser.get("/reconcile?period=" + JULY + "&status=reconcile"));
            assertThat(response.status()).isEqualTo(200);
        }
        figures.put("reconcile page (HTML), status=reconcile, ms", stats(pageTimes.subList(2, pageTimes.size())));
        // the same shell (navigation badges of every module) around a page without reconciliation work
        List<Long> shellTimes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            var response = timed(shellTimes, () -> browser.get("/settings"));
            assertThat(response.status()).isEqualTo(200);
        }
        figures.put(
                "  baseline: /settings page (same shell and badges), ms",
                stats(shellTimes.subList(2, shellTimes.size())));
        JsonTotals totals = new JsonTotals(api.get("/api/v1/reconciliation?period=" + JULY + "&size=1")
                .json()
                .get("totals")
                .toString());
        // the same page right after each change of its period's lines (a dismissal): no totals computed before are
        // reused
        List<String> toDismiss = new ArrayList<>();
        api.get("/api/v1/reconciliation?period=" + JULY + "&status=reconcile&size=12")
                .json()
                .get("items")
                .forEach(item -> toDismiss.add(item.get("id").asString()));
        List<Long> afterChange = new ArrayList<>();
        for (String lineId : toDismiss) {
            assertThat(api.post("/api/v1/reconciliation/lines/" + lineId + "/dismiss", null)
                            .status())
                    .isEqualTo(200);
            var response = timed(afterChange, () -> browser.get("/reconcile?period=" + JULY + "&status=reconcile"));
            assertThat(response.status()).isEqualTo(200);
        }
        figures.put(
                "  the same page right after a change of its period's lines, ms",
                stats(afterChange.subList(2, afterChange.size())));
        // a full rebuild after one new count (after the totals above, which stay those of the runs before it): the
        // usage is read again, the PSA snapshot and the line states are kept
        List<Long> afterCount = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            var posted = vendorApi.post(
                    "/api/vendor-api/service/" + service(3) + "/count?date=" + JULY.atDay(21),
                    Map.of("accountId", account(101 + i), "unitCount", 700 + i));
            assertThat(posted.status()).isEqualTo(201);
            var r = timed(afterCount, () -> reconciliations.rebuild(t.id(), JULY));
            assertThat(r.updated()).isEqualTo(1);
        }
        figures.put("full rebuild after one new count (usage read again), ms", stats(afterCount));
        // a full rebuild after a decision: the line states are read again, usage and PSA snapshot kept
        List<Long> afterDecision = new ArrayList<>();
        List<String> more = new ArrayList<>();
        api.get("/api/v1/reconciliation?period=" + JULY + "&status=reconcile&size=5")
                .json()
                .get("items")
                .forEach(item -> more.add(item.get("id").asString()));
        for (String lineId : more) {
            assertThat(api.post("/api/v1/reconciliation/lines/" + lineId + "/dismiss", null)
                            .status())
                    .isEqualTo(200);
            timed(afterDecision, () -> reconciliations.rebuild(t.id(), JULY));
        }
        figures.put("full rebuild after a decision (line states read again), ms", stats(afterDecision));

        StringBuilder out = new StringBuilder("\n==== Reconciliation benchmark ====\n");
        out.append("machine: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" processors, load average ")
                .append(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                        .trim())
                .append('\n');
        out.append("companies × services: ")
                .append(COMPANIES)
                .append(" × ")
                .append(SERVICES)
                .append(", daily rows: ")
                .append(dailyRows)
                .append(", count import: ")
                .append(countsMs)
                .append(" ms, setup: ")
                .append(setupS)
                .append(" s\n");
        out.append("count import: ")
                .append(countsMs * 1000L / Math.max(1, COMPANIES * SERVICES * monthDays))
                .append(" µs per row; COPY of daily rows: ")
                .append(copyMs * 1000L / Math.max(1, COMPANIES * SERVICES * JULY.lengthOfMonth()))
                .append(" µs per row\n");
        figures.forEach((k, v) -> out.append(String.format("%-62s %s%n", k, v)));
        out.append("totals: ").append(totals.json()).append('\n');
        System.out.println(out);
    }

    record JsonTotals(String json) {}

    private void fillSandbox(UUID tenantId, UUID connectionId) {
        Instant now = JULY.atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        List<UUID> productIds = new ArrayList<>();
        List<Object[]> products = new ArrayList<>();
        for (int s = 1; s <= SERVICES; s++) {
            UUID id = UUID.randomUUID();
            productIds.add(id);
            BigDecimal price = new BigDecimal("2.00").add(BigDecimal.valueOf(s).multiply(new BigDecimal("0.50")));
            products.add(new Object[] {
                id, tenantId, connectionId, "SVC-" + s, "Service " + s, price, price.multiply(new BigDecimal("0.6"))
            });
        }
        insert(
                "insert into psa_sandbox_product (id, tenant_id, connection_id, identifier, name, price, cost)",
                products);
        List<Object[]> companies = new ArrayList<>();
        List<Object[]> contracts = new ArrayList<>();
        List<Object[]> lines = new ArrayList<>();
        for (int c = 1; c <= COMPANIES; c++) {
            UUID companyId = UUID.randomUUID();
            UUID contractId = UUID.randomUUID();
            companies.add(
                    new Object[] {companyId, tenantId, connectionId, company(c), "active", java.sql.Timestamp.from(now)
                    });
            contracts.add(new Object[] {
                contractId,
                tenantId,
                connectionId,
                companyId,
                "Managed Services",
                "recurring",
                "active",
                java.sql.Timestamp.from(now)
            });
            for (int s = 1; s <= SERVICES; s++) {
                if ((c + s) % 5 == 1) {
                    continue; // new revenue
                }
                BigDecimal price = (BigDecimal) products.get(s - 1)[5];
                lines.add(new Object[] {
                    UUID.randomUUID(),
                    tenantId,
                    connectionId,
                    contractId,
                    productIds.get(s - 1),
                    BigDecimal.valueOf(base(c, s)),
                    price,
                    price.multiply(new BigDecimal("0.6")),
                    false,
                    java.sql.Date.valueOf(JULY.minusMonths(6).atDay(1)),
                    java.sql.Timestamp.from(now),
                    java.sql.Timestamp.from(now)
                });
            }
        }
        insert("insert into psa_sandbox_company (id, tenant_id, connection_id, name, status, created_at)", companies);
        insert(
                "insert into psa_sandbox_contract (id, tenant_id, connection_id, company_id, name, contract_type, status, created_at)",
                contracts);
        insert(
                "insert into psa_sandbox_line (id, tenant_id, connection_id, contract_id, product_id, quantity, price, cost, "
                        + "cancelled, effective_date, created_at, updated_at)",
                lines);
    }

    private void insert(String head, List<Object[]> rows) {
        int width = rows.get(0).length;
        String tuple = "(" + String.join(", ", Collections.nCopies(width, "?")) + ")";
        for (int from = 0; from < rows.size(); from += 1000) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + 1000));
            List<Object> args = new ArrayList<>();
            chunk.forEach(r -> args.addAll(List.of(r)));
            jdbc.update(
                    head + " values " + String.join(", ", Collections.nCopies(chunk.size(), tuple)), args.toArray());
        }
    }

    static String account(int c) {
        return String.format("acc-%04d", c);
    }

    static String company(int c) {
        return String.format("Client %04d", c);
    }

    static String service(int s) {
        return String.format("svc-%02d", s);
    }

    static int base(int c, int s) {
        return (c * 7 + s * 3) % 40 + 1;
    }

    /** Constant counts for a fifth of the series (no change), a step on even days for the others. */
    static int count(int c, int s, int day) {
        return (c + s) % 5 == 0 ? base(c, s) : base(c, s) + (day % 2 == 0 ? 1 : 0) + (day > 20 ? 2 : 0);
    }

    /** Writes every day of the month's counts of every series into {@code bench_daily} with COPY; returns its time. */
    private long copyDailyRows(UUID tenantId) {
        jdbc.execute("drop table if exists bench_daily");
        jdbc.execute(
                "create table bench_daily (tenant_id uuid not null, series_id uuid not null, count_day date not null, "
                        + "quantity numeric(19,4) not null, primary key (tenant_id, series_id, count_day))");
        StringBuilder text = new StringBuilder(COMPANIES * SERVICES * JULY.lengthOfMonth() * 90);
        for (int c = 1; c <= COMPANIES; c++) {
            for (int s = 1; s <= SERVICES; s++) {
                UUID series = UUID.nameUUIDFromBytes(
                        (account(c) + "/" + service(s)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                for (int day = 1; day <= JULY.lengthOfMonth(); day++) {
                    text.append(tenantId)
                            .append('\t')
                            .append(series)
                            .append('\t')
                            .append(JULY.atDay(day))
                            .append('\t')
                            .append(count(c, s, Math.min(day, DAYS)))
                            .append('\n');
                }
            }
        }
        byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Long ms = jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Long>) connection -> {
            long start = System.nanoTime();
            try {
                connection
                        .unwrap(org.postgresql.PGConnection.class)
                        .getCopyAPI()
                        .copyIn(
                                "copy bench_daily (tenant_id, series_id, count_day, quantity) from stdin",
                                new java.io.ByteArrayInputStream(bytes));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return (System.nanoTime() - start) / 1_000_000;
        });
        jdbc.execute("analyze bench_daily");
        return ms;
    }

    private static long heapInUse() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Runtime r = Runtime.getRuntime();
            least = Math.min(least, r.totalMemory() - r.freeMemory());
        }
        return least;
    }

    private static long median(List<Long> times) {
        List<Long> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static <T> T timed(List<Long> into, Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        into.add((System.nanoTime() - start) / 1_000_000);
        return result;
    }

    private static String stats(List<Long> times) {
        List<Long> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return "median " + sorted.get(sorted.size() / 2) + ", min " + sorted.get(0) + ", max "
                + sorted.get(sorted.size() - 1) + " (n=" + sorted.size() + ")";
    }

    /** Maps every account to the PSA company of the same name and every service to the product of the same name. */
    private static void mapByName(
            FakeMappings mappings, UUID tenantId, UUID integrationId, VendorDirectory vendor, PsaSnapshot psa) {
        UUID connectionId = psa.primaryConnection(tenantId).orElseThrow().id();
        Map<String, UUID> companies = new HashMap<>();
        psa.companies(tenantId, connectionId).forEach((PsaCompany c) -> companies.put(c.name(), c.id()));
        Map<String, UUID> products = new HashMap<>();
        psa.products(tenantId, connectionId).forEach((PsaProduct p) -> products.put(p.name(), p.id()));
        vendor.accounts(tenantId, integrationId)
                .forEach(a -> mappings.mapAccount(tenantId, integrationId, a.id(), companies.get(a.name())));
        vendor.services(tenantId, integrationId)
                .forEach(s -> mappings.mapService(tenantId, integrationId, s.id(), products.get(s.name())));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class BenchBeans {

        @Bean
        @Primary
        FakeMappings benchMappings() {
            return new FakeMappings();
        }

        /** Nothing is approved in the benchmark: no write-backs to show. */
        @Bean
        @Primary
        WriteBacks benchWriteBacks() {
            return new FakeWriteBacks();
        }
    }
}

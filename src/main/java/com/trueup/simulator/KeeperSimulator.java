package com.trueup.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays Keeper Security's side of the Vendor API over real HTTP against a running TrueUp, with a {@code GRADIENT-TOKEN}
 * generated on TrueUp's Integrations page. It replays the request sequence Gradient clients send (test connection,
 * accounts, status, SKUs, counts), creates Keeper's 25 managed companies and 6 SKUs and posts the counts of the last
 * three months from {@link KeeperPlan} (days in the past with the {@code date} backfill parameter), then re-syncs its
 * accounts to add Horizon Travel Co in the middle of the current month, as Keeper's "Sync mapping" would.
 * <p>
 * By default a count is posted on the first day and on every day it changes, and every count is posted again for
 * today, the same step function as a daily post of every count (a day without a count carries the previous one) in
 * far fewer requests; {@code --every-day} posts every count of every day. Requests are paced under the Vendor API's
 * limit of 100 per second, and 429 answers are retried after their Retry-After.
 * <pre>
 * mvn -q compile exec:java -Dexec.mainClass=com.trueup.simulator.KeeperSimulator \
 *     -Dexec.args="--url http://localhost:8080 --token &lt;GRADIENT-TOKEN&gt;"
 * </pre>
 */
public final class KeeperSimulator {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long MIN_INTERVAL_NANOS = 10_500_000L; // about 95 requests per second

    private final String baseUrl;
    private final String token;
    private final PrintStream out;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private long nextRequestAt = System.nanoTime();
    private int requests;

    private KeeperSimulator(String baseUrl, String token, PrintStream out) {
        this.baseUrl = baseUrl.replaceAll("/+$", "").replaceAll("/api/vendor-api$", "");
        this.token = token;
        this.out = out;
    }

    /** What a run did. */
    public record Result(
            int accounts,
            int services,
            int countsPosted,
            int requests,
            LocalDate firstDay,
            LocalDate today,
            Map<String, String> serviceIds) {}

    /**
     * Options of a run: the plan's seed, posting every day, whether today's counts also carry {@code date=} (for a
     * simulated today that is not TrueUp's today; real clients send today's counts without it), and where progress is
     * printed (null: nowhere).
     */
    public record Options(long seed, boolean everyDay, boolean datedToday, PrintStream out) {

        public static Options defaults() {
            return new Options(42L, false, false, null);
        }
    }

    /** Runs the simulation for the three months up to {@code today} (the vendor's today). */
    public static Result run(String baseUrl, String token, LocalDate today) {
        return run(baseUrl, token, today, Options.defaults());
    }

    public static Result run(String baseUrl, String token, LocalDate today, Options options) {
        return new KeeperSimulator(
                        baseUrl,
                        token,
                        options.out() == null ? new PrintStream(PrintStream.nullOutputStream()) : options.out())
                .play(KeeperPlan.of(today, options.seed()), options.everyDay(), options.datedToday());
    }

    public static void main(String[] args) {
        Map<String, String> options = parse(args);
        String url = options.getOrDefault("url", "http://localhost:8080");
        String token = options.getOrDefault("token", System.getenv("TRUEUP_GRADIENT_TOKEN"));
        if (token == null || token.isBlank() || options.containsKey("help")) {
            System.err.println("""
                    Keeper simulator: plays Keeper Security against a running TrueUp.
                      --url URL        TrueUp's base URL (default http://localhost:8080)
                      --token TOKEN    the GRADIENT-TOKEN from the Integrations page (or env TRUEUP_GRADIENT_TOKEN)
                      --date YYYY-MM-DD  the simulated today (default: today)
                      --seed N         the plan's seed (default 42)
                      --every-day      post every count of every day (slower: ~100 requests per second)""");
            if (token == null || token.isBlank()) {
                System.exit(2);
            }
            return;
        }
        LocalDate today = options.containsKey("date")
                ? LocalDate.parse(options.get("date"))
                : LocalDate.now(Clock.systemDefaultZone());
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));
        Result result = run(
                url,
                token,
                today,
                new Options(seed, options.containsKey("every-day"), options.containsKey("date"), System.out));
        System.out.printf(
                "Done: %d accounts, %d services, %d counts from %s to %s in %d requests.%n",
                result.accounts(),
                result.services(),
                result.countsPosted(),
                result.firstDay(),
                result.today(),
                result.requests());
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg + " (see --help)");
            }
            String name = arg.substring(2);
            int equals = name.indexOf('=');
            if (equals > 0) {
                options.put(name.substring(0, equals), name.substring(equals + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(name, args[++i]);
            } else {
                options.put(name, "true");
            }
        }
        return options;
    }

    // ---------------------------------------------------------------- the run

    private Result play(KeeperPlan plan, boolean everyDay, boolean datedToday) {
        // 1. test connection
        JsonNode organization = call("GET", "/organization", null, 200);
        out.println("Connected to " + organization.get("name").asString() + " (integration "
                + organization.get("integrationId").asString() + ")");

        // 2. accounts: create the ones missing (Horizon Travel Co comes later, with the mid-month sync)
        List<String> firstCompanies = new ArrayList<>(KeeperPlan.COMPANIES);
        firstCompanies.remove(KeeperPlan.LATE_COMPANY);
        syncAccounts(firstCompanies);

        // 3. status: active
        JsonNode status = call("GET", "/organization", null, 200);
        if (!"active".equals(status.get("status").asString())) {
            call("PATCH", "/organization/status/active", null, 200);
        }

        // 4. SKUs by name; create the missing ones and read their _id from the returned skus
        Map<String, String> serviceIds = new LinkedHashMap<>();
        for (JsonNode sku : call("GET", "", null, 200).get("data").get("skus")) {
            serviceIds.put(sku.get("name").asString(), sku.get("_id").asString());
        }
        for (String name : KeeperPlan.SKUS) {
            if (!serviceIds.containsKey(name)) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", name);
                body.put("description", "Keeper Security " + name);
                body.put("supportArticle", "https://docs.keeper.io/");
                body.put("supportContact", "msp-support@keeper.example");
                body.put("category", "security");
                body.put(
                        "subcategory",
                        name.equals(KeeperPlan.BREACHWATCH)
                                ? "dark web monitoring"
                                : name.equals(KeeperPlan.FILE_STORAGE) ? "cloud storage" : "password management");
                JsonNode vendor = call("POST", "/service", body, 201);
                for (JsonNode sku : vendor.get("skus")) {
                    serviceIds.put(sku.get("name").asString(), sku.get("_id").asString());
                }
            }
        }
        out.println("SKUs: " + serviceIds.keySet());

        // 5. counts per (account, SKU)
        int posted = 0;
        for (String company : firstCompanies) {
            posted += postCounts(plan, company, serviceIds, everyDay, datedToday);
        }
        // mid-month: Keeper re-syncs its accounts with the new managed company, then posts its counts
        syncAccounts(KeeperPlan.COMPANIES);
        posted += postCounts(plan, KeeperPlan.LATE_COMPANY, serviceIds, everyDay, datedToday);
        out.println("Posted " + posted + " counts");
        return new Result(
                KeeperPlan.COMPANIES.size(),
                serviceIds.size(),
                posted,
                requests,
                plan.firstDay(),
                plan.today(),
                Map.copyOf(serviceIds));
    }

    private void syncAccounts(List<String> companies) {
        Set<String> existing = new HashSet<>();
        for (JsonNode account : call("GET", "/organization/accounts", null, 200)) {
            existing.add(account.get("id").asString());
        }
        List<Map<String, Object>> missing = new ArrayList<>();
        for (String company : companies) {
            String id = KeeperPlan.accountId(company);
            if (!existing.contains(id)) {
                Map<String, Object> account = new LinkedHashMap<>();
                account.put("id", id);
                account.put("name", company);
                account.put("description", "Keeper managed company");
                missing.add(account);
            }
        }
        if (!missing.isEmpty()) {
            call("POST", "/organization/accounts", missing, 201);
            out.println("Created " + missing.size() + " account(s)");
        }
    }

    private int postCounts(
            KeeperPlan plan, String company, Map<String, String> serviceIds, boolean everyDay, boolean datedToday) {
        int posted = 0;
        String accountId = KeeperPlan.accountId(company);
        for (Map.Entry<String, NavigableMap<LocalDate, Integer>> sku :
                plan.counts().get(company).entrySet()) {
            String serviceId = serviceIds.get(sku.getKey());
            NavigableMap<LocalDate, Integer> steps = sku.getValue();
            LocalDate first = steps.firstKey();
            for (LocalDate day = first; !day.isAfter(plan.today()); day = day.plusDays(1)) {
                boolean change = steps.containsKey(day);
                if (!everyDay && !change && !day.equals(plan.today())) {
                    continue;
                }
                int count = steps.floorEntry(day).getValue();
                boolean today = day.equals(plan.today());
                String date = "date=" + URLEncoder.encode(day.toString(), StandardCharsets.UTF_8);
                String query = !today ? "?no_build=true&" + date : datedToday ? "?" + date : "";
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("accountId", accountId);
                body.put("unitCount", count);
                call("POST", "/service/" + serviceId + "/count" + query, body, 201);
                posted++;
            }
        }
        return posted;
    }

    // ---------------------------------------------------------------- HTTP

    private JsonNode call(String method, String path, Object body, int expected) {
        for (int attempt = 1; ; attempt++) {
            pace();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/vendor-api" + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("GRADIENT-TOKEN", token)
                    .header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            requests++;
            if (response.statusCode() == 429 && attempt < 10) {
                long seconds = response.headers()
                        .firstValue("Retry-After")
                        .map(Long::parseLong)
                        .orElse(1L);
                sleep(seconds * 1000);
                continue;
            }
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " /api/vendor-api" + path + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        }
    }

    private void pace() {
        long now = System.nanoTime();
        if (nextRequestAt > now) {
            sleep((nextRequestAt - now) / 1_000_000);
        }
        nextRequestAt = Math.max(now, nextRequestAt) + MIN_INTERVAL_NANOS;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

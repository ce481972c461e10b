package com.trueup.simulator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

/**
 * What the Keeper simulator plays, computed from a date and a seed alone (deterministic): Keeper's 25 managed companies
 * (account ids {@code kc-1001} ... in the order of {@link #COMPANIES}), its six SKUs, and for each company and SKU it
 * uses the seat count of every day of the last three months, with churn: seats added and removed, add-ons taken up
 * and cancelled, and Horizon Travel Co added in the middle of the current month.
 */
public final class KeeperPlan {

    /** Keeper's managed companies, in account id order. */
    public static final List<String> COMPANIES = List.of(
            "Acme Dental Group",
            "Blue Ridge Logistics",
            "Cedar Creek Veterinary",
            "Harbor Point Marine",
            "Summit Legal Partners",
            "Pinecrest Family Medicine",
            "Redwood Architecture",
            "Lakeside Credit Union",
            "Granite State Realty",
            "Evergreen Schools Foundation",
            "Maple Street Bakery",
            "Ironclad Manufacturing",
            "Silverline Insurance Agency",
            "Oakridge Accounting",
            "Brightwater Dental",
            "Coastal Property Management",
            "Northwind Traders",
            "Riverbend Orthopedics",
            "Sterling & Hale CPAs",
            "Trailhead Outfitters",
            "Valley Grove Church",
            "Westfield Auto Group",
            "Willow Creek Assisted Living",
            "Fairview Engineering",
            "Horizon Travel Co");

    public static final String BUSINESS = "Keeper Business";
    public static final String ENTERPRISE = "Keeper Enterprise";
    public static final String REPORTING = "Advanced Reporting & Alerts";
    public static final String COMPLIANCE = "Compliance Reports";
    public static final String BREACHWATCH = "BreachWatch";
    public static final String FILE_STORAGE = "Secure File Storage";

    /** Keeper's SKUs (the vendor service names, exactly). */
    public static final List<String> SKUS =
            List.of(BUSINESS, ENTERPRISE, REPORTING, COMPLIANCE, BREACHWATCH, FILE_STORAGE);

    /** The company the simulator adds in the middle of the current month. */
    public static final String LATE_COMPANY = "Horizon Travel Co";

    private final LocalDate today;
    private final LocalDate firstDay;
    private final LocalDate lateCompanyStart;
    private final Map<String, Map<String, NavigableMap<LocalDate, Integer>>> counts;

    private KeeperPlan(LocalDate today, long seed) {
        this.today = today;
        this.firstDay = today.minusMonths(3);
        LocalDate monthStart = today.withDayOfMonth(1);
        this.lateCompanyStart = today.getDayOfMonth() >= 15
                ? monthStart.plusDays(14)
                : monthStart.plusDays((today.getDayOfMonth() - 1) / 2);
        this.counts = build(new Random(seed));
    }

    /** The plan for the three months up to and including {@code today}. */
    public static KeeperPlan of(LocalDate today, long seed) {
        return new KeeperPlan(today, seed);
    }

    public static KeeperPlan of(LocalDate today) {
        return of(today, 42L);
    }

    public static String accountId(int index) {
        return "kc-" + (1001 + index);
    }

    public static String accountId(String company) {
        int index = COMPANIES.indexOf(company);
        if (index < 0) {
            throw new IllegalArgumentException("not a Keeper company: " + company);
        }
        return accountId(index);
    }

    public LocalDate today() {
        return today;
    }

    /** The first day with counts: three months before today. */
    public LocalDate firstDay() {
        return firstDay;
    }

    /** The day Horizon Travel Co's first counts arrive (in the current month, before or on today). */
    public LocalDate lateCompanyStart() {
        return lateCompanyStart;
    }

    /** SKU name -> (day -> seats) for each company that uses it; only days where the count changes are listed. */
    public Map<String, Map<String, NavigableMap<LocalDate, Integer>>> counts() {
        return Collections.unmodifiableMap(counts);
    }

    /** The count in force for a company and SKU on a day: the latest change on or before it, 0 before the first. */
    public int countOn(String company, String sku, LocalDate day) {
        Map<String, NavigableMap<LocalDate, Integer>> bySku = counts.get(company);
        NavigableMap<LocalDate, Integer> steps = bySku == null ? null : bySku.get(sku);
        if (steps == null) {
            return 0;
        }
        Map.Entry<LocalDate, Integer> entry = steps.floorEntry(day);
        return entry == null ? 0 : entry.getValue();
    }

    private Map<String, Map<String, NavigableMap<LocalDate, Integer>>> build(Random random) {
        Map<String, Map<String, NavigableMap<LocalDate, Integer>>> all = new LinkedHashMap<>();
        for (int i = 0; i < COMPANIES.size(); i++) {
            String company = COMPANIES.get(i);
            boolean late = company.equals(LATE_COMPANY);
            LocalDate start = late ? lateCompanyStart : firstDay;
            boolean enterprise = i % 4 == 3;
            int seats = enterprise ? 25 + random.nextInt(60) : 4 + random.nextInt(30);
            boolean breachWatch = random.nextInt(10) < 6;
            boolean reporting = random.nextInt(10) < 4;
            boolean compliance = random.nextInt(10) < 3;
            boolean storage = random.nextInt(10) < 2;
            int storageUnits = 1 + random.nextInt(4);
            LocalDate complianceCancelled =
                    compliance && random.nextInt(3) == 0 ? start.plusDays(20 + random.nextInt(50)) : null;
            LocalDate reportingTakenUp =
                    !reporting && random.nextInt(5) == 0 ? start.plusDays(10 + random.nextInt(60)) : null;

            Map<String, NavigableMap<LocalDate, Integer>> bySku = new LinkedHashMap<>();
            String base = enterprise ? ENTERPRISE : BUSINESS;
            for (LocalDate day = start; !day.isAfter(today); day = day.plusDays(1)) {
                if (!day.equals(start) && random.nextInt(100) < 6) {
                    // churn: mostly growth, sometimes seats removed
                    int change = 1 + random.nextInt(3);
                    seats = Math.max(1, random.nextInt(3) == 0 ? seats - change : seats + change);
                }
                if (storage && !day.equals(start) && random.nextInt(100) < 2) {
                    storageUnits = Math.max(1, storageUnits + (random.nextBoolean() ? 1 : -1));
                }
                put(bySku, base, day, seats);
                if (breachWatch) {
                    put(bySku, BREACHWATCH, day, seats);
                }
                if (reporting || (reportingTakenUp != null && !day.isBefore(reportingTakenUp))) {
                    put(bySku, REPORTING, day, seats);
                }
                if (compliance) {
                    put(
                            bySku,
                            COMPLIANCE,
                            day,
                            complianceCancelled != null && !day.isBefore(complianceCancelled) ? 0 : seats);
                }
                if (storage) {
                    put(bySku, FILE_STORAGE, day, storageUnits);
                }
            }
            all.put(company, bySku);
        }
        return all;
    }

    private static void put(Map<String, NavigableMap<LocalDate, Integer>> bySku, String sku, LocalDate day, int count) {
        NavigableMap<LocalDate, Integer> steps = bySku.computeIfAbsent(sku, k -> new TreeMap<>());
        Map.Entry<LocalDate, Integer> last = steps.lastEntry();
        if (last == null || last.getValue() != count) {
            steps.put(day, count);
        }
    }

    /** Every (company, SKU) series the plan has, for summaries. */
    public List<String[]> series() {
        List<String[]> list = new ArrayList<>();
        counts.forEach((company, bySku) -> bySku.keySet().forEach(sku -> list.add(new String[] {company, sku})));
        return list;
    }
}

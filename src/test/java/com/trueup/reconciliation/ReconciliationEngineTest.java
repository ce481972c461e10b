package com.trueup.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.integration.CountingMode;
import com.trueup.integration.UsageQuantity;
import com.trueup.integration.VendorAccount;
import com.trueup.integration.VendorService;
import com.trueup.mapping.AccountMapping;
import com.trueup.mapping.ServiceMapping;
import com.trueup.psa.PsaCompany;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaContractLine;
import com.trueup.psa.PsaProduct;
import com.trueup.psa.QuantityRounding;
import com.trueup.shared.BillingPeriod;
import com.trueup.shared.TenantCalendar;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Worked examples of the billing rules, with exact expected values. */
class ReconciliationEngineTest {

    static final BillingPeriod JULY = BillingPeriod.of(YearMonth.of(2026, 7), LocalDate.of(2026, 9, 3));

    @Test
    void dailyAverageOfTheStepFunctionIsWrittenWholeToIntegerOnlyPsas() {
        var s = scenario();
        var acme = s.company("Acme Dental Group");
        var biz = s.product("Keeper Business", "5.00", "3.25");
        var account = s.account("kc-1001", "Acme Dental Group", acme);
        var service = s.service("Keeper Business", CountingMode.DAILY_AVERAGE, biz);
        s.line(acme, biz, "10", "5.00", "3.25");
        s.counts(account, service, StepCounts.of().from("2026-07-01", 10).from("2026-07-16", 20));

        ComputedLine decimal = single(s.compute(JULY, s.connection(false, QuantityRounding.NEAREST)));
        assertThat(decimal.figures().vendorQuantity()).isEqualByComparingTo("15.1613");
        assertThat(decimal.figures().quantityToWrite()).isEqualByComparingTo("15.1613");
        assertThat(decimal.figures().psaQuantity()).isEqualByComparingTo("10");
        assertThat(decimal.figures().difference()).isEqualByComparingTo("5.1613");
        assertThat(decimal.figures().revenueChange()).isEqualByComparingTo("25.8065");
        assertThat(decimal.figures().profitChange()).isEqualByComparingTo("9.0323");
        assertThat(decimal.psa().unitPrice()).isEqualByComparingTo("5.00");
        assertThat(decimal.psa().unitCost()).isEqualByComparingTo("3.25");
        assertThat(decimal.status()).isEqualTo(LineStatus.RECONCILE);
        assertThat(decimal.vendorAccountRef()).isEqualTo("kc-1001");
        assertThat(decimal.companyName()).isEqualTo("Acme Dental Group");
        assertThat(decimal.serviceName()).isEqualTo("Keeper Business");

        ComputedLine autotask = single(s.compute(JULY, s.connection(true, QuantityRounding.NEAREST)));
        assertThat(autotask.figures().vendorQuantity()).isEqualByComparingTo("15.1613");
        assertThat(autotask.figures().quantityToWrite()).isEqualByComparingTo("15");
        assertThat(autotask.figures().quantityToWrite().scale()).isEqualTo(4);

        ComputedLine ceiling = single(s.compute(JULY, s.connection(true, QuantityRounding.UP)));
        assertThat(ceiling.figures().quantityToWrite()).isEqualByComparingTo("16");
    }

    @Test
    void firstCountOnThe20thCountsZeroBefore() {
        var s = simpleScenario(StepCounts.of().from("2026-07-20", 12), "0");
        ComputedLine line = single(s.compute(JULY, s.connection(false, QuantityRounding.NEAREST)));
        // 12 days (20th–31st) × 12 / 31 days = 4.64516…
        assertThat(line.figures().vendorQuantity()).isEqualByComparingTo("4.6452");
        assertThat(line.status()).isEqualTo(LineStatus.RECONCILE);
    }

    @Test
    void daysWithoutCountsKeepThePreviousCount() {
        var s = simpleScenario(StepCounts.of().from("2026-07-01", 5).from("2026-07-11", 8), "7");
        ComputedLine line = single(s.compute(JULY, s.connection(false, QuantityRounding.NEAREST)));
        // 10 days × 5 + 21 days × 8 = 218; / 31 = 7.03225…
        assertThat(line.figures().vendorQuantity()).isEqualByComparingTo("7.0323");
        assertThat(line.figures().difference()).isEqualByComparingTo("0.0323");
        // integer-only: 7 is already billed, nothing to write
        ComputedLine whole = single(s.compute(JULY, s.connection(true, QuantityRounding.NEAREST)));
        assertThat(whole.figures().quantityToWrite()).isEqualByComparingTo("7");
        assertThat(whole.status()).isEqualTo(LineStatus.NO_CHANGE);
        assertThat(line.status()).isEqualTo(LineStatus.RECONCILE);
    }

    @Test
    void twoContractLinesOfOneProductAreOneLineAndTheLargestTakesTheDifference() {
        var s = scenario();
        var acme = s.company("Acme Dental Group");
        var biz = s.product("Keeper Business", "5.00", "3.25");
        var account = s.account("kc-1001", "Acme Dental Group", acme);
        var service = s.service("Keeper Business", CountingMode.DAILY_AVERAGE, biz);
        PsaContractLine small = s.line(acme, biz, "4", "4.50", "3.25");
        PsaContractLine large = s.line(acme, biz, "6", "5.00", "3.25");
        s.counts(account, service, StepCounts.of().from("2026-07-01", 10).from("2026-07-16", 20));

        ComputedLine line = single(s.compute(JULY, s.connection(true, QuantityRounding.NEAREST)));
        assertThat(line.psa().contractLineCount()).isEqualTo(2);
        assertThat(line.psa().contractLineId()).isEqualTo(large.id()).isNotEqualTo(small.id());
        assertThat(line.figures().psaQuantity()).isEqualByComparingTo("10");
        assertThat(line.figures().quantityToWrite()).isEqualByComparingTo("15");
        assertThat(LineFigures.targetLineQuantity(line.figures().quantityToWrite(), line.psa()))
                .isEqualByComparingTo("11");
        assertThat(line.psa().otherLinesQuantity()).isEqualByComparingTo("4");
        assertThat(line.figures().revenueChange()).isEqualByComparingTo("25.8065"); // 5.1613 × the target's 5.00
    }

    @Test
    void aBundleBillsTheFullQuantityOnEachProduct() {
        var s = scenario();
        var acme = s.company("Acme Dental Group");
        var ent = s.product("Keeper Enterprise", "7.50", "4.50");
        var aram = s.product("Advanced Reporting & Alerts", "1.50", "0.90");
        var account = s.account("kc-1001", "Acme Dental Group", acme);
        var service = s.service("Keeper Enterprise bundle", CountingMode.DAILY_AVERAGE, ent, aram);
        s.line(acme, ent, "12", "7.50", "4.50");
        s.counts(account, service, StepCounts.of().from("2026-06-01", 12));

        Map<String, ComputedLine> byProduct = s.compute(JULY, s.connection(false, QuantityRounding.NEAREST)).stream()
                .collect(Collectors.toMap(ComputedLine::serviceName, Function.identity()));
        assertThat(byProduct).hasSize(2);
        assertThat(byProduct.get("Keeper Enterprise").figures().vendorQuantity())
                .isEqualByComparingTo("12");
        assertThat(byProduct.get("Keeper Enterprise").status()).isEqualTo(LineStatus.NO_CHANGE);
        ComputedLine reporting = byProduct.get("Advanced Reporting & Alerts");
        assertThat(reporting.figures().vendorQuantity()).isEqualByComparingTo("12");
        assertThat(reporting.status()).isEqualTo(LineStatus.NEW_REVENUE);
        assertThat(reporting.psa().contractLineId()).isNull();
        assertThat(reporting.psa().unitPrice()).isEqualByComparingTo("1.50"); // the product's price for new revenue
        assertThat(reporting.figures().revenueChange()).isEqualByComparingTo("18.0000");
        assertThat(reporting.figures().profitChange()).isEqualByComparingTo("7.2000");
    }

    @Test
    void latestAndPeakModes() {
        StepCounts counts =
                StepCounts.of().from("2026-07-01", 10).from("2026-07-10", 30).from("2026-07-20", 20);
        assertThat(vendorQuantity(counts, CountingMode.LATEST, JULY)).isEqualByComparingTo("20");
        assertThat(vendorQuantity(counts, CountingMode.PEAK, JULY)).isEqualByComparingTo("30");
        // 9 × 10 + 10 × 30 + 12 × 20 = 630; / 31
        assertThat(vendorQuantity(counts, CountingMode.DAILY_AVERAGE, JULY)).isEqualByComparingTo("20.3226");
    }

    @Test
    void aMonthChangeCarriesTheCountInForce() {
        StepCounts counts = StepCounts.of().from("2026-06-20", 10).from("2026-07-05", 14);
        BillingPeriod june = BillingPeriod.of(YearMonth.of(2026, 6), LocalDate.of(2026, 7, 3));
        // June: 11 days (20th–30th) × 10 / 30 days
        assertThat(vendorQuantity(counts, CountingMode.DAILY_AVERAGE, june)).isEqualByComparingTo("3.6667");
        // July: 4 days × 10 + 27 days × 14 = 418; / 31
        assertThat(vendorQuantity(counts, CountingMode.DAILY_AVERAGE, JULY)).isEqualByComparingTo("13.4839");
        assertThat(vendorQuantity(counts, CountingMode.LATEST, june)).isEqualByComparingTo("10");
    }

    @Test
    void monthToDateCountsTheFirstThroughToday() {
        BillingPeriod mtd = BillingPeriod.of(YearMonth.of(2026, 7), LocalDate.of(2026, 7, 20));
        assertThat(mtd.monthToDate()).isTrue();
        assertThat(mtd.days()).isEqualTo(20);
        StepCounts counts = StepCounts.of().from("2026-07-01", 10).from("2026-07-16", 20);
        // 15 × 10 + 5 × 20 = 250; / 20 days
        assertThat(vendorQuantity(counts, CountingMode.DAILY_AVERAGE, mtd)).isEqualByComparingTo("12.5");
    }

    @Test
    void aCountAt2330UtcLandsOnDifferentDaysInNewYorkAndBerlin() {
        Instant arrival = Instant.parse("2026-07-31T23:30:00Z");
        Clock clock = Clock.fixed(arrival, ZoneOffset.UTC);
        LocalDate newYork = new TenantCalendar(tenant -> ZoneId.of("America/New_York"), clock).today(UUID.randomUUID());
        LocalDate berlin = new TenantCalendar(tenant -> ZoneId.of("Europe/Berlin"), clock).today(UUID.randomUUID());
        assertThat(newYork).isEqualTo("2026-07-31");
        assertThat(berlin).isEqualTo("2026-08-01");
        // 10 seats since July 1st, 20 from the arrival day on
        StepCounts nyCounts = StepCounts.of().from("2026-07-01", 10).from(newYork.toString(), 20);
        StepCounts berlinCounts = StepCounts.of().from("2026-07-01", 10).from(berlin.toString(), 20);
        assertThat(vendorQuantity(nyCounts, CountingMode.DAILY_AVERAGE, JULY)).isEqualByComparingTo("10.3226");
        assertThat(vendorQuantity(berlinCounts, CountingMode.DAILY_AVERAGE, JULY))
                .isEqualByComparingTo("10");
        // and the current period at that instant differs too
        assertThat(BillingPeriod.current(newYork).month()).isEqualTo(YearMonth.of(2026, 7));
        assertThat(BillingPeriod.current(berlin).month()).isEqualTo(YearMonth.of(2026, 8));
        assertThat(BillingPeriod.current(berlin).days()).isEqualTo(1);
    }

    @Test
    void unmappedUsageIsShownAndExcludedUsageIsNot() {
        var s = scenario();
        var acme = s.company("Acme Dental Group");
        var biz = s.product("Keeper Business", "5.00", "3.25");
        var mapped = s.account("kc-1001", "Acme Dental Group", acme);
        var unmapped = s.account("kc-1025", "Horizon Travel Co", null);
        var excluded = s.excludedAccount("kc-9999", "Internal");
        var service = s.service("Keeper Business", CountingMode.DAILY_AVERAGE, biz);
        var unmappedService = s.service("BreachWatch", CountingMode.DAILY_AVERAGE);
        var excludedService = s.excludedService("Free trial");
        s.counts(mapped, service, StepCounts.of().from("2026-07-01", 3));
        s.counts(unmapped, service, StepCounts.of().from("2026-07-01", 4));
        s.counts(excluded, service, StepCounts.of().from("2026-07-01", 5));
        s.counts(mapped, unmappedService, StepCounts.of().from("2026-07-01", 6));
        s.counts(mapped, excludedService, StepCounts.of().from("2026-07-01", 7));

        List<ComputedLine> lines = s.compute(JULY, s.connection(false, QuantityRounding.NEAREST));
        assertThat(lines)
                .extracting(l -> l.status().wire() + " " + l.companyName() + " / " + l.serviceName() + " = "
                        + l.figures().vendorQuantity().toPlainString())
                .containsExactlyInAnyOrder(
                        "new-revenue Acme Dental Group / Keeper Business = 3.0000",
                        "unmapped Horizon Travel Co / Keeper Business = 4.0000",
                        "unmapped Acme Dental Group / BreachWatch = 6.0000");
        ComputedLine horizon = lines.stream()
                .filter(l -> "Horizon Travel Co".equals(l.companyName()))
                .findFirst()
                .orElseThrow();
        assertThat(horizon.psaCompanyId()).isNull();
        assertThat(horizon.figures().psaQuantity()).isNull();
        assertThat(horizon.figures().quantityToWrite()).isNull();
        assertThat(horizon.key()).startsWith("u:");
    }

    @Test
    void severalAccountsAndServicesOfOneCompanyAndProductAddUp() {
        var s = scenario();
        var acme = s.company("Acme Dental Group");
        var biz = s.product("Password manager", "5.00", "3.25");
        var a1 = s.account("kc-1001", "Acme Dental Group", acme);
        var a2 = s.account("kc-1001-b", "Acme Dental Group (branch)", acme);
        var business = s.service("Keeper Business", CountingMode.DAILY_AVERAGE, biz);
        var enterprise = s.service("Keeper Enterprise", CountingMode.LATEST, biz);
        s.line(acme, biz, "20", "5.00", "3.25");
        s.counts(a1, business, StepCounts.of().from("2026-07-01", 10));
        s.counts(a2, business, StepCounts.of().from("2026-07-01", 3));
        s.counts(a2, enterprise, StepCounts.of().from("2026-07-01", 2).from("2026-07-31", 9));

        ComputedLine line = single(s.compute(JULY, s.connection(false, QuantityRounding.NEAREST)));
        assertThat(line.figures().vendorQuantity()).isEqualByComparingTo("22"); // 10 + 3 + latest 9
        assertThat(line.series()).hasSize(3);
        assertThat(line.vendorAccountRef()).isEqualTo("kc-1001"); // the largest series names the line
        assertThat(line.figures().difference()).isEqualByComparingTo("2");
    }

    @Test
    void aBilledLineWithoutUsageIsReconciledToZeroAndUnrelatedProductsAreIgnored() {
        var s = scenario();
        var lakeside = s.company("Lakeside Credit Union");
        var biz = s.product("Keeper Business", "5.00", "3.25");
        var backup = s.product("Managed Backup", "15.00", "9.00");
        s.account("kc-1008", "Lakeside Credit Union", lakeside);
        s.service("Keeper Business", CountingMode.DAILY_AVERAGE, biz);
        s.line(lakeside, biz, "8", "5.00", "3.25");
        s.line(lakeside, backup, "1", "15.00", "9.00");

        ComputedLine line = single(s.compute(JULY, s.connection(false, QuantityRounding.NEAREST)));
        assertThat(line.serviceName()).isEqualTo("Keeper Business");
        assertThat(line.figures().vendorQuantity()).isEqualByComparingTo("0");
        assertThat(line.figures().difference()).isEqualByComparingTo("-8");
        assertThat(line.figures().revenueChange()).isEqualByComparingTo("-40");
        assertThat(line.status()).isEqualTo(LineStatus.RECONCILE);
    }

    @Test
    void matchingQuantitiesAreNoChangeAndZeroUsageWithoutALineIsNoChange() {
        var s = simpleScenario(StepCounts.of().from("2026-07-01", 12), "12");
        assertThat(single(s.compute(JULY, s.connection(false, QuantityRounding.NEAREST)))
                        .status())
                .isEqualTo(LineStatus.NO_CHANGE);

        var t = scenario();
        var acme = t.company("Acme Dental Group");
        var biz = t.product("Keeper Business", "5.00", "3.25");
        t.counts(
                t.account("kc-1", "Acme", acme),
                t.service("Keeper Business", CountingMode.DAILY_AVERAGE, biz),
                StepCounts.of().from("2026-07-01", 0));
        assertThat(single(t.compute(JULY, t.connection(false, QuantityRounding.NEAREST)))
                        .status())
                .isEqualTo(LineStatus.NO_CHANGE);
    }

    // ---- fixtures -------------------------------------------------------------------------------------------

    private static BigDecimal vendorQuantity(StepCounts counts, CountingMode mode, BillingPeriod period) {
        var s = scenario();
        var acme = s.company("Acme Dental Group");
        var product = s.product("Keeper Business", "5.00", "3.25");
        s.counts(s.account("kc-1001", "Acme Dental Group", acme), s.service("Keeper Business", mode, product), counts);
        return single(s.compute(period, s.connection(false, QuantityRounding.NEAREST)))
                .figures()
                .vendorQuantity();
    }

    private static Scenario simpleScenario(StepCounts counts, String billed) {
        var s = scenario();
        var acme = s.company("Acme Dental Group");
        var biz = s.product("Keeper Business", "5.00", "3.25");
        var account = s.account("kc-1001", "Acme Dental Group", acme);
        var service = s.service("Keeper Business", CountingMode.DAILY_AVERAGE, biz);
        s.line(acme, biz, billed, "5.00", "3.25");
        s.counts(account, service, counts);
        return s;
    }

    private static ComputedLine single(List<ComputedLine> lines) {
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }

    static Scenario scenario() {
        return new Scenario();
    }

    /** Builds one organisation's vendor, mapping and PSA data in memory. */
    static final class Scenario {
        final UUID tenant = UUID.randomUUID();
        final UUID integration = UUID.randomUUID();
        final UUID connectionId = UUID.randomUUID();
        final List<VendorAccount> accounts = new ArrayList<>();
        final List<VendorService> services = new ArrayList<>();
        final List<AccountMapping> accountMappings = new ArrayList<>();
        final List<ServiceMapping> serviceMappings = new ArrayList<>();
        final List<PsaCompany> companies = new ArrayList<>();
        final List<PsaProduct> products = new ArrayList<>();
        final List<PsaContractLine> lines = new ArrayList<>();
        final List<Object[]> series = new ArrayList<>();

        PsaCompany company(String name) {
            var c = new PsaCompany(UUID.randomUUID(), connectionId, "c-" + companies.size(), name);
            companies.add(c);
            return c;
        }

        PsaProduct product(String name, String price, String cost) {
            var p = new PsaProduct(
                    UUID.randomUUID(),
                    connectionId,
                    "p-" + products.size(),
                    name.toUpperCase(),
                    name,
                    new BigDecimal(price),
                    new BigDecimal(cost));
            products.add(p);
            return p;
        }

        PsaContractLine line(PsaCompany company, PsaProduct product, String quantity, String price, String cost) {
            var l = new PsaContractLine(
                    UUID.randomUUID(),
                    connectionId,
                    company.id(),
                    product.id(),
                    "k-1",
                    "Managed Services",
                    "l-" + lines.size(),
                    new BigDecimal(quantity),
                    new BigDecimal(price),
                    new BigDecimal(cost),
                    null,
                    null);
            lines.add(l);
            return l;
        }

        VendorAccount account(String ref, String name, PsaCompany mappedTo) {
            var a = new VendorAccount(UUID.randomUUID(), integration, ref, name, null, Instant.EPOCH);
            accounts.add(a);
            if (mappedTo != null) {
                accountMappings.add(new AccountMapping(integration, a.id(), mappedTo.id(), false));
            }
            return a;
        }

        VendorAccount excludedAccount(String ref, String name) {
            var a = account(ref, name, null);
            accountMappings.add(new AccountMapping(integration, a.id(), null, true));
            return a;
        }

        VendorService service(String name, CountingMode mode, PsaProduct... mappedTo) {
            var v = new VendorService(
                    UUID.randomUUID(), integration, "svc-" + services.size(), name, null, null, null, mode);
            services.add(v);
            if (mappedTo.length > 0) {
                serviceMappings.add(new ServiceMapping(
                        integration,
                        v.id(),
                        List.of(mappedTo).stream().map(PsaProduct::id).toList(),
                        false));
            }
            return v;
        }

        VendorService excludedService(String name) {
            var v = service(name, CountingMode.DAILY_AVERAGE);
            serviceMappings.add(new ServiceMapping(integration, v.id(), List.of(), true));
            return v;
        }

        void counts(VendorAccount account, VendorService service, StepCounts counts) {
            series.add(new Object[] {account, service, counts});
        }

        PsaConnectionInfo connection(boolean integerOnly, QuantityRounding rounding) {
            return new PsaConnectionInfo(
                    connectionId,
                    tenant,
                    integerOnly ? "autotask" : "sandbox",
                    "PSA type",
                    "PSA",
                    "active",
                    rounding,
                    "FIRST_OF_NEXT_MONTH",
                    new PsaConnectionInfo.Writes(true, !integerOnly, integerOnly, true, null));
        }

        List<UsageQuantity> usage(BillingPeriod period) {
            List<UsageQuantity> usage = new ArrayList<>();
            for (Object[] s : series) {
                usage.add(((StepCounts) s[2])
                        .over(period, integration, ((VendorAccount) s[0]).id(), ((VendorService) s[1]).id()));
            }
            return usage;
        }

        EngineInput input(BillingPeriod period, PsaConnectionInfo connection) {
            return new EngineInput(
                    period,
                    accounts,
                    services,
                    usage(period),
                    accountMappings,
                    serviceMappings,
                    connection,
                    companies,
                    products,
                    lines);
        }

        List<ComputedLine> compute(BillingPeriod period, PsaConnectionInfo connection) {
            return ReconciliationEngine.compute(input(period, connection));
        }
    }
}

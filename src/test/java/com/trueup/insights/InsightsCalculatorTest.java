package com.trueup.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trueup.reconciliation.ReconciledLine;
import com.trueup.reconciliation.ReconciliationFigures;
import com.trueup.shared.BillingPeriod;
import com.trueup.shared.InvalidInputException;
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
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The figures with exact values: a leak, an over-billing, new revenue, negative and low margins, shrinking usage, the trend. */
class InsightsCalculatorTest {

    private static final YearMonth JULY = YearMonth.of(2026, 7);
    private static final BigDecimal LOW_MARGIN = new BigDecimal("20");
    private static final BillingPeriod JULY_PERIOD = BillingPeriod.of(JULY, LocalDate.of(2026, 8, 1));

    private static final UUID ACME = UUID.randomUUID();
    private static final UUID LAKESIDE = UUID.randomUUID();
    private static final UUID COASTAL = UUID.randomUUID();
    private static final UUID BUSINESS = UUID.randomUUID();
    private static final UUID STORAGE = UUID.randomUUID();

    /** A mapped line billed in the PSA. */
    private static ReconciledLine billed(
            YearMonth month,
            UUID company,
            String companyName,
            UUID product,
            String service,
            String vendor,
            String psa,
            String price,
            String cost) {
        return new ReconciledLine(
                UUID.randomUUID(),
                month,
                company,
                companyName,
                product,
                service,
                true,
                true,
                bd(vendor),
                bd(psa),
                bd(price),
                bd(cost),
                "reconcile");
    }

    private static ReconciledLine newRevenue(
            YearMonth month,
            UUID company,
            String companyName,
            UUID product,
            String service,
            String vendor,
            String price,
            String cost) {
        return new ReconciledLine(
                UUID.randomUUID(),
                month,
                company,
                companyName,
                product,
                service,
                true,
                false,
                bd(vendor),
                bd("0"),
                bd(price),
                bd(cost),
                "new-revenue");
    }

    private static ReconciledLine unmapped(YearMonth month, String vendor) {
        return new ReconciledLine(
                UUID.randomUUID(),
                month,
                null,
                "kc-9 account",
                null,
                "Some SKU",
                false,
                false,
                bd(vendor),
                null,
                null,
                null,
                "unmapped");
    }

    private static BigDecimal bd(String value) {
        return new BigDecimal(value).setScale(4);
    }

    @Test
    void leakIsTheUnbilledUsageValuedAtThePrice() {
        Figures f = Figures.ofLine(
                billed(JULY, ACME, "Acme", BUSINESS, "Keeper Business", "15.1613", "12", "5.00", "3.25"));
        assertThat(f.billedRevenue()).isEqualByComparingTo("60.0000");
        assertThat(f.vendorCost()).isEqualByComparingTo("49.2742"); // 15.1613 × 3.25 = 49.274225
        assertThat(f.margin()).isEqualByComparingTo("10.7258");
        assertThat(f.marginPercent()).isEqualByComparingTo("17.88"); // 10.7258 / 60
        assertThat(f.revenueLeak()).isEqualByComparingTo("15.8065"); // 3.1613 × 5
        assertThat(f.overBilling()).isEqualByComparingTo("0");
        assertThat(f.billedRevenue().scale()).isEqualTo(4);
    }

    @Test
    void overBillingIsTheBilledQuantityAboveUsage() {
        Figures f = Figures.ofLine(
                billed(JULY, LAKESIDE, "Lakeside", BUSINESS, "Keeper Business", "50", "60", "5.00", "3.25"));
        assertThat(f.billedRevenue()).isEqualByComparingTo("300");
        assertThat(f.vendorCost()).isEqualByComparingTo("162.5");
        assertThat(f.margin()).isEqualByComparingTo("137.5");
        assertThat(f.marginPercent()).isEqualByComparingTo("45.83");
        assertThat(f.revenueLeak()).isEqualByComparingTo("0");
        assertThat(f.overBilling()).isEqualByComparingTo("50"); // 10 × 5
    }

    @Test
    void newRevenueLeaksInFullAndHasOnlyCost() {
        Figures f =
                Figures.ofLine(newRevenue(JULY, COASTAL, "Coastal", BUSINESS, "Keeper Business", "6", "5.00", "3.25"));
        assertThat(f.billedRevenue()).isEqualByComparingTo("0");
        assertThat(f.vendorCost()).isEqualByComparingTo("19.5");
        assertThat(f.margin()).isEqualByComparingTo("-19.5");
        assertThat(f.marginPercent()).isNull();
        assertThat(f.revenueLeak()).isEqualByComparingTo("30");
        assertThat(f.overBilling()).isEqualByComparingTo("0");
    }

    @Test
    void periodSumsServicesClientsAndTotalsAndLeavesUnmappedUsageOut() {
        List<ReconciledLine> lines = List.of(
                billed(JULY, ACME, "Acme", BUSINESS, "Keeper Business", "15", "12", "5.00", "3.25"),
                billed(JULY, ACME, "Acme", STORAGE, "Secure File Storage", "10", "10", "2.00", "2.50"),
                billed(JULY, LAKESIDE, "Lakeside", BUSINESS, "Keeper Business", "50", "60", "5.00", "3.25"),
                newRevenue(JULY, COASTAL, "Coastal", BUSINESS, "Keeper Business", "6", "5.00", "3.25"),
                unmapped(JULY, "40"));

        PeriodInsights p = InsightsCalculator.period(JULY_PERIOD, lines, LOW_MARGIN);

        assertThat(p.unmappedLines()).isEqualTo(1);
        assertThat(p.usageRecorded()).isTrue();
        // revenue 60 + 20 + 300 + 0; cost 48.75 + 25 + 162.5 + 19.5
        assertThat(p.totals().billedRevenue()).isEqualByComparingTo("380");
        assertThat(p.totals().vendorCost()).isEqualByComparingTo("255.75");
        assertThat(p.totals().margin()).isEqualByComparingTo("124.25");
        assertThat(p.totals().marginPercent()).isEqualByComparingTo("32.70");
        assertThat(p.totals().revenueLeak()).isEqualByComparingTo("45"); // 3 × 5 + 6 × 5
        assertThat(p.totals().overBilling()).isEqualByComparingTo("50");

        PeriodInsights.Service business = service(p, BUSINESS);
        assertThat(business.serviceName()).isEqualTo("Keeper Business");
        assertThat(business.clients()).isEqualTo(3);
        assertThat(business.newRevenueClients()).isEqualTo(1);
        assertThat(business.vendorQuantity()).isEqualByComparingTo("71");
        assertThat(business.psaQuantity()).isEqualByComparingTo("72");
        assertThat(business.billedRevenue()).isEqualByComparingTo("360");
        assertThat(business.vendorCost()).isEqualByComparingTo("230.75");
        assertThat(business.margin()).isEqualByComparingTo("129.25");
        assertThat(business.marginPercent()).isEqualByComparingTo("35.90");
        assertThat(business.revenueLeak()).isEqualByComparingTo("45");
        assertThat(business.overBilling()).isEqualByComparingTo("50");
        assertThat(business.underPerforming()).isEmpty();
        assertThat(business.previousVendorQuantity()).isNull();

        PeriodInsights.Client acme = p.clients().stream()
                .filter(c -> c.psaCompanyId().equals(ACME))
                .findFirst()
                .orElseThrow();
        assertThat(acme.services()).isEqualTo(2);
        assertThat(acme.billedRevenue()).isEqualByComparingTo("80");
        assertThat(acme.vendorCost()).isEqualByComparingTo("73.75");
        assertThat(acme.margin()).isEqualByComparingTo("6.25");
        assertThat(acme.revenueLeak()).isEqualByComparingTo("15");
        PeriodInsights.Client coastal = p.clients().stream()
                .filter(c -> c.psaCompanyId().equals(COASTAL))
                .findFirst()
                .orElseThrow();
        assertThat(coastal.newRevenueServices()).isEqualTo(1);
        assertThat(coastal.margin()).isEqualByComparingTo("-19.5");
        // default order: largest leak first
        assertThat(p.clients())
                .extracting(PeriodInsights.Client::companyName)
                .containsExactly("Coastal", "Acme", "Lakeside");
    }

    @Test
    void negativeMarginMakesAServiceUnderPerform() {
        PeriodInsights p = InsightsCalculator.period(
                JULY_PERIOD,
                List.of(billed(JULY, ACME, "Acme", STORAGE, "Secure File Storage", "10", "10", "2.00", "2.50")),
                LOW_MARGIN);
        PeriodInsights.Service storage = service(p, STORAGE);
        assertThat(storage.margin()).isEqualByComparingTo("-5");
        assertThat(storage.marginPercent()).isEqualByComparingTo("-25.00");
        assertThat(storage.underPerforming())
                .containsExactly(new PeriodInsights.Reason(
                        "negative-margin",
                        "Negative margin: vendor cost 25.00 is above billed revenue 20.00 (loss 5.00)"));
        assertThat(p.underPerforming()).containsExactly(storage);
    }

    @Test
    void marginBelowTheThresholdIsLow() {
        PeriodInsights p = InsightsCalculator.period(
                JULY_PERIOD,
                List.of(billed(JULY, ACME, "Acme", BUSINESS, "Keeper Business", "15.1613", "12", "5.00", "3.25")),
                LOW_MARGIN);
        assertThat(service(p, BUSINESS).underPerforming())
                .containsExactly(
                        new PeriodInsights.Reason("low-margin", "Low margin: 17.9 % of billed revenue (below 20.0 %)"));
        assertThat(InsightsCalculator.period(
                                JULY_PERIOD,
                                List.of(billed(
                                        JULY,
                                        ACME,
                                        "Acme",
                                        BUSINESS,
                                        "Keeper Business",
                                        "15.1613",
                                        "12",
                                        "5.00",
                                        "3.25")),
                                new BigDecimal("15"))
                        .underPerforming())
                .isEmpty();
    }

    @Test
    void usageFallingTwoMonthsRunningIsShrinking() {
        List<ReconciledLine> lines = List.of(
                billed(JULY.minusMonths(2), ACME, "Acme", BUSINESS, "Keeper Business", "18", "20", "5.00", "3.25"),
                billed(
                        JULY.minusMonths(2),
                        LAKESIDE,
                        "Lakeside",
                        BUSINESS,
                        "Keeper Business",
                        "12",
                        "12",
                        "5.00",
                        "3.25"),
                billed(JULY.minusMonths(1), ACME, "Acme", BUSINESS, "Keeper Business", "15", "20", "5.00", "3.25"),
                billed(
                        JULY.minusMonths(1),
                        LAKESIDE,
                        "Lakeside",
                        BUSINESS,
                        "Keeper Business",
                        "10",
                        "12",
                        "5.00",
                        "3.25"),
                billed(JULY, ACME, "Acme", BUSINESS, "Keeper Business", "12", "20", "5.00", "3.25"),
                billed(JULY, LAKESIDE, "Lakeside", BUSINESS, "Keeper Business", "8", "12", "5.00", "3.25"),
                // steady: 10 → 10 → 9 is not shrinking two months running
                billed(JULY.minusMonths(2), ACME, "Acme", STORAGE, "Secure File Storage", "10", "10", "2.00", "1.00"),
                billed(JULY.minusMonths(1), ACME, "Acme", STORAGE, "Secure File Storage", "10", "10", "2.00", "1.00"),
                billed(JULY, ACME, "Acme", STORAGE, "Secure File Storage", "9", "10", "2.00", "1.00"));

        PeriodInsights p = InsightsCalculator.period(JULY_PERIOD, lines, LOW_MARGIN);

        PeriodInsights.Service business = service(p, BUSINESS);
        assertThat(business.vendorQuantity()).isEqualByComparingTo("20");
        assertThat(business.previousVendorQuantity()).isEqualByComparingTo("25");
        assertThat(business.usageChange()).isEqualByComparingTo("-5");
        assertThat(business.underPerforming())
                .containsExactly(new PeriodInsights.Reason(
                        "shrinking-usage", "Usage shrinking: 30 → 25 → 20 units over three months (-33.3 %)"));
        // only July's lines count in July's figures
        assertThat(business.billedRevenue()).isEqualByComparingTo("160");
        assertThat(p.totals().billedRevenue()).isEqualByComparingTo("180");
        assertThat(service(p, STORAGE).underPerforming()).isEmpty();
        assertThat(service(p, STORAGE).usageChange()).isEqualByComparingTo("-1");
    }

    @Test
    void trendHasNoFiguresForMonthsWithoutUsageAndFlagsShrinkingServices() {
        List<YearMonth> months = List.of(YearMonth.of(2026, 4), YearMonth.of(2026, 5), YearMonth.of(2026, 6), JULY);
        List<ReconciledLine> lines = new ArrayList<>();
        // April: PSA lines but no vendor usage yet (before the vendor was connected)
        lines.add(billed(YearMonth.of(2026, 4), ACME, "Acme", BUSINESS, "Keeper Business", "0", "12", "5.00", "3.25"));
        lines.add(billed(YearMonth.of(2026, 5), ACME, "Acme", BUSINESS, "Keeper Business", "30", "12", "5.00", "3.25"));
        lines.add(billed(YearMonth.of(2026, 6), ACME, "Acme", BUSINESS, "Keeper Business", "25", "12", "5.00", "3.25"));
        lines.add(billed(JULY, ACME, "Acme", BUSINESS, "Keeper Business", "20", "12", "5.00", "3.25"));
        lines.add(newRevenue(JULY, COASTAL, "Coastal", STORAGE, "Secure File Storage", "4", "2.00", "1.00"));
        lines.add(unmapped(JULY, "100"));

        Trend trend = InsightsCalculator.trend(months, JULY, lines);

        assertThat(trend.points())
                .extracting(Trend.Point::period)
                .containsExactly("2026-04", "2026-05", "2026-06", "2026-07");
        Trend.Point april = trend.points().get(0);
        assertThat(april.usageRecorded()).isFalse();
        assertThat(april.billedRevenue()).isNull();
        Trend.Point july = trend.points().get(3);
        assertThat(july.monthToDate()).isTrue();
        assertThat(july.billedRevenue()).isEqualByComparingTo("60");
        assertThat(july.vendorCost()).isEqualByComparingTo("69"); // 20 × 3.25 + 4 × 1.00
        assertThat(july.margin()).isEqualByComparingTo("-9");
        assertThat(july.revenueLeak()).isEqualByComparingTo("48"); // 8 × 5 + 4 × 2
        assertThat(trend.points().get(1).revenueLeak()).isEqualByComparingTo("90");

        assertThat(trend.services())
                .extracting(Trend.ServiceUsage::serviceName)
                .containsExactly("Keeper Business", "Secure File Storage");
        Trend.ServiceUsage business = trend.services().get(0);
        assertThat(business.usage())
                .extracting(Trend.UsagePoint::vendorQuantity)
                .containsExactly(null, bd("30"), bd("25"), bd("20"));
        assertThat(business.shrinking()).isTrue();
        Trend.ServiceUsage storage = trend.services().get(1);
        assertThat(storage.usage())
                .extracting(Trend.UsagePoint::vendorQuantity)
                .containsExactly(null, bd("0"), bd("0"), bd("4"));
        assertThat(storage.shrinking()).isFalse();
    }

    @Test
    void sortsByMarginAscendingOrLeakDescendingAndRefusesUnknownKeys() {
        PeriodInsights p = InsightsCalculator.period(
                JULY_PERIOD,
                List.of(
                        billed(JULY, ACME, "Acme", BUSINESS, "Keeper Business", "15", "12", "5.00", "3.25"),
                        billed(JULY, LAKESIDE, "Lakeside", BUSINESS, "Keeper Business", "50", "60", "5.00", "3.25"),
                        newRevenue(JULY, COASTAL, "Coastal", BUSINESS, "Keeper Business", "6", "5.00", "3.25")),
                LOW_MARGIN);
        assertThat(InsightSort.parse("margin", "sort").sort(p.clients()))
                .extracting(PeriodInsights.Client::companyName)
                .containsExactly("Coastal", "Acme", "Lakeside");
        assertThat(InsightSort.parse("margin,desc", "sort").sort(p.clients()))
                .extracting(PeriodInsights.Client::companyName)
                .containsExactly("Lakeside", "Acme", "Coastal");
        assertThat(InsightSort.parse("marginPercent,asc", "sort").sort(p.clients()))
                .extracting(PeriodInsights.Client::companyName)
                .containsExactly("Acme", "Lakeside", "Coastal"); // no revenue, no percentage: last
        assertThat(InsightSort.parse(null, "sort").wire()).isEqualTo("leak,desc");
        assertThat(InsightSort.parse("name", "sort").sort(p.clients()))
                .extracting(PeriodInsights.Client::companyName)
                .containsExactly("Acme", "Coastal", "Lakeside");
        assertThatThrownBy(() -> InsightSort.parse("profit", "serviceSort"))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field())
                .isEqualTo("serviceSort");
        assertThatThrownBy(() -> InsightSort.parse("leak,up", "sort")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void periodsAreMonthsOfTheOrganisationsZoneAndMonthsAreBounded() {
        // 02:00 UTC on August 1st is still July 31st in New York
        InsightsService service = new InsightsService(
                new NoFigures(),
                new TenantCalendar(
                        tenant -> ZoneId.of("America/New_York"),
                        Clock.fixed(Instant.parse("2026-08-01T02:00:00Z"), ZoneOffset.UTC)),
                new InsightsSettings(LOW_MARGIN));
        UUID tenant = UUID.randomUUID();
        assertThat(service.parsePeriod(tenant, null)).isEqualTo(JULY);
        assertThat(service.parsePeriod(tenant, "2024-07")).isEqualTo(YearMonth.of(2024, 7));
        for (String bad : List.of("2026-08", "2024-06", "2026-13", "2026-7", "july")) {
            assertThatThrownBy(() -> service.parsePeriod(tenant, bad))
                    .as(bad)
                    .isInstanceOf(InvalidInputException.class)
                    .extracting(e -> ((InvalidInputException) e).field())
                    .isEqualTo("period");
        }
        BillingPeriod july = service.period(tenant, JULY).period();
        assertThat(july.monthToDate()).isTrue();
        assertThat(july.end()).isEqualTo(LocalDate.of(2026, 8, 1));
        assertThat(service.period(tenant, YearMonth.of(2026, 6)).period().monthToDate())
                .isFalse();

        assertThat(InsightsService.parseMonths(null)).isEqualTo(6);
        assertThat(InsightsService.parseMonths("24")).isEqualTo(24);
        for (String bad : List.of("0", "25", "-1", "six", "1.5")) {
            assertThatThrownBy(() -> InsightsService.parseMonths(bad))
                    .as(bad)
                    .isInstanceOf(InvalidInputException.class)
                    .extracting(e -> ((InvalidInputException) e).field())
                    .isEqualTo("months");
        }
    }

    private static PeriodInsights.Service service(PeriodInsights p, UUID productId) {
        return p.services().stream()
                .filter(s -> s.psaProductId().equals(productId))
                .findFirst()
                .orElseThrow();
    }

    private static final class NoFigures implements ReconciliationFigures {
        @Override
        public void ensureBuilt(UUID tenantId, YearMonth from, YearMonth to) {}

        @Override
        public List<ReconciledLine> lines(UUID tenantId, YearMonth from, YearMonth to) {
            return List.of();
        }
    }
}

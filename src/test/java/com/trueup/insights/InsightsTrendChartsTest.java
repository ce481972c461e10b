package com.trueup.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The SVG geometry: round axis steps, lines broken where a month has no figures, bars from zero, accessible texts. */
class InsightsTrendChartsTest {

    private static final List<Trend.Point> POINTS = List.of(
            new Trend.Point("2026-05", false, false, null, null, null, null, null, null),
            point("2026-06", false, "400", "273", "45", "25"),
            point("2026-07", false, "400", "256.75", "45", "50"),
            point("2026-08", true, "400", "256.75", "45", "50"));

    private static Trend.Point point(
            String period, boolean monthToDate, String revenue, String cost, String leak, String over) {
        BigDecimal r = new BigDecimal(revenue);
        BigDecimal c = new BigDecimal(cost);
        return new Trend.Point(
                period, monthToDate, true, r, c, r.subtract(c), null, new BigDecimal(leak), new BigDecimal(over));
    }

    @Test
    void moneyChartScalesToRoundStepsAndBreaksLinesAtMonthsWithoutData() {
        TrendCharts.Chart chart = TrendCharts.money(POINTS);

        // 0..400 in steps of 100; the plot runs from y 14 (400) to y 226 (0); months are 159 wide from x 72
        assertThat(chart.ticks()).extracting(TrendCharts.Tick::label).containsExactly("0", "100", "200", "300", "400");
        assertThat(chart.ticks())
                .extracting(TrendCharts.Tick::y)
                .containsExactly("226.0", "173.0", "120.0", "67.0", "14.0");
        assertThat(chart.zeroY()).isEqualTo("226.0");
        TrendCharts.Series revenue = chart.series().get(0);
        assertThat(revenue.label()).isEqualTo("Billed revenue");
        assertThat(revenue.path()).isEqualTo("M310.5 14.0 L469.5 14.0 L628.5 14.0"); // May has no figures: no point
        TrendCharts.Series cost = chart.series().get(1);
        assertThat(cost.path()).isEqualTo("M310.5 81.3 L469.5 89.9 L628.5 89.9"); // 273 → 14 + 127 × 212 / 400
        assertThat(cost.points().get(0).title()).isEqualTo("June 2026: vendor cost 273.00");
        assertThat(cost.points().get(2).title()).isEqualTo("August 2026 (to date): vendor cost 256.75");
        assertThat(chart.labels())
                .extracting(TrendCharts.Label::text)
                .containsExactly("May 2026", "Jun 2026", "Jul 2026", "Aug 2026*");
        assertThat(chart.description())
                .isEqualTo("Line chart of billed revenue, vendor cost and margin from May 2026 to "
                        + "August 2026 (month to date); 1 month has no usage data. The table below lists the numbers.");
    }

    @Test
    void leakChartDrawsBarsUpFromZero() {
        TrendCharts.Chart chart = TrendCharts.leaks(POINTS);

        assertThat(chart.ticks()).extracting(TrendCharts.Tick::label).containsExactly("0", "20", "40", "60");
        assertThat(chart.bars()).hasSize(6);
        TrendCharts.Bar juneLeak = chart.bars().get(0);
        assertThat(juneLeak.cssClass()).isEqualTo("ins-leak");
        // band 1 starts at 72 + 159 = 231, bars start 20 % in and are 30 % wide; 45 of 60 → from y 67 down to 226
        assertThat(juneLeak.x()).isEqualTo("262.8");
        assertThat(juneLeak.width()).isEqualTo("47.7");
        assertThat(juneLeak.y()).isEqualTo("67.0");
        assertThat(juneLeak.height()).isEqualTo("159.0");
        assertThat(chart.bars().get(1).cssClass()).isEqualTo("ins-over");
        assertThat(chart.bars().get(1).x()).isEqualTo("310.5");
        assertThat(chart.bars().get(1).title()).isEqualTo("June 2026: over-billing 25.00");
    }

    @Test
    void sparklineSpansLowestToHighestMonth() {
        Trend.ServiceUsage usage = new Trend.ServiceUsage(
                UUID.randomUUID(),
                "Keeper Business",
                List.of(
                        new Trend.UsagePoint("2026-05", null, null),
                        new Trend.UsagePoint("2026-06", new BigDecimal("30"), BigDecimal.TEN),
                        new Trend.UsagePoint("2026-07", new BigDecimal("25"), BigDecimal.TEN),
                        new Trend.UsagePoint("2026-08", new BigDecimal("20"), BigDecimal.TEN)),
                true);

        TrendCharts.Sparkline spark = TrendCharts.sparkline(usage);

        assertThat(spark.path()).isEqualTo("M40.7 3.0 l0 0 L79.3 14.0 L118.0 25.0");
        assertThat(spark.title())
                .isEqualTo("Keeper Business usage per month: May 2026 no data, Jun 2026 30, Jul 2026 25, Aug 2026 20");
    }
}

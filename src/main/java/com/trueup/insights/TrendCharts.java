package com.trueup.insights;

import com.trueup.shared.Display;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Server-side SVG charts of the trend: the geometry (coordinates as strings, one decimal) for the template to draw. Each
 * chart has a title and a description for assistive technology; the page also shows the numbers in a table.
 */
final class TrendCharts {

    static final int WIDTH = 720;
    static final int HEIGHT = 260;
    private static final int LEFT = 72;
    private static final int RIGHT = 12;
    private static final int TOP = 14;
    private static final int BOTTOM = 34;
    private static final int SPARK_WIDTH = 120;
    private static final int SPARK_HEIGHT = 28;
    private static final MathContext MC = MathContext.DECIMAL64;

    private TrendCharts() {}

    record Tick(String y, String label) {}

    record Label(String x, String text) {}

    record Point(String x, String y, String title) {}

    /** A line series: {@code path} is SVG path data, broken where a month has no figures. */
    record Series(String cssClass, String label, String path, List<Point> points) {}

    record Bar(String cssClass, String x, String y, String width, String height, String title) {}

    record LegendItem(String cssClass, String label) {}

    record Chart(
            String id,
            String title,
            String description,
            int width,
            int height,
            String zeroY,
            int plotLeft,
            int plotRight,
            List<Tick> ticks,
            List<Label> labels,
            List<Series> series,
            List<Bar> bars,
            List<LegendItem> legend) {}

    record Sparkline(String path, String title, int width, int height) {}

    private record Measure(String cssClass, String label, Function<Trend.Point, BigDecimal> value) {}

    /** Billed revenue, vendor cost and margin per month as lines. */
    static Chart money(List<Trend.Point> points) {
        List<Measure> measures = List.of(
                new Measure("ins-revenue", "Billed revenue", Trend.Point::billedRevenue),
                new Measure("ins-cost", "Vendor cost", Trend.Point::vendorCost),
                new Measure("ins-margin", "Margin", Trend.Point::margin));
        Scale scale = Scale.of(points, measures);
        Bands bands = new Bands(points.size());
        List<Series> series = new ArrayList<>();
        for (Measure m : measures) {
            StringBuilder path = new StringBuilder();
            List<Point> marks = new ArrayList<>();
            boolean pen = false;
            for (int i = 0; i < points.size(); i++) {
                BigDecimal v = m.value().apply(points.get(i));
                if (v == null) {
                    pen = false;
                    continue;
                }
                String x = bands.center(i);
                String y = scale.y(v);
                path.append(pen ? " L" : (path.length() == 0 ? "M" : " M"))
                        .append(x)
                        .append(' ')
                        .append(y);
                pen = true;
                marks.add(new Point(
                        x, y, monthLabel(points.get(i)) + ": " + m.label().toLowerCase() + " " + Display.money(v)));
            }
            series.add(new Series(m.cssClass(), m.label(), path.toString(), List.copyOf(marks)));
        }
        return new Chart(
                "chart-money",
                "Billed revenue, vendor cost and margin per month",
                description("Line chart of billed revenue, vendor cost and margin", points),
                WIDTH,
                HEIGHT,
                scale.y(BigDecimal.ZERO),
                LEFT,
                WIDTH - RIGHT,
                scale.ticks(),
                bands.labels(points),
                List.copyOf(series),
                List.of(),
                measures.stream()
                        .map(m -> new LegendItem(m.cssClass(), m.label()))
                        .toList());
    }

    /** Revenue leak and over-billing per month as grouped bars. */
    static Chart leaks(List<Trend.Point> points) {
        List<Measure> measures = List.of(
                new Measure("ins-leak", "Revenue leak", Trend.Point::revenueLeak),
                new Measure("ins-over", "Over-billing", Trend.Point::overBilling));
        Scale scale = Scale.of(points, measures);
        Bands bands = new Bands(points.size());
        BigDecimal barWidth = bands.width.multiply(new BigDecimal("0.3"), MC);
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            for (int k = 0; k < measures.size(); k++) {
                Measure m = measures.get(k);
                BigDecimal v = m.value().apply(points.get(i));
                if (v == null) {
                    continue;
                }
                BigDecimal x = bands.start(i)
                        .add(bands.width.multiply(new BigDecimal("0.2"), MC))
                        .add(barWidth.multiply(BigDecimal.valueOf(k)));
                BigDecimal top = scale.yValue(v.max(BigDecimal.ZERO));
                BigDecimal zero = scale.yValue(BigDecimal.ZERO);
                bars.add(new Bar(
                        m.cssClass(),
                        coordinate(x),
                        coordinate(top),
                        coordinate(barWidth),
                        coordinate(zero.subtract(top)),
                        monthLabel(points.get(i)) + ": " + m.label().toLowerCase() + " " + Display.money(v)));
            }
        }
        return new Chart(
                "chart-leaks",
                "Revenue leak and over-billing per month",
                description("Bar chart of revenue leak and over-billing", points),
                WIDTH,
                HEIGHT,
                scale.y(BigDecimal.ZERO),
                LEFT,
                WIDTH - RIGHT,
                scale.ticks(),
                bands.labels(points),
                List.of(),
                List.copyOf(bars),
                measures.stream()
                        .map(m -> new LegendItem(m.cssClass(), m.label()))
                        .toList());
    }

    /** A small line of one service's vendor quantity per month, scaled from its lowest to its highest month. */
    static Sparkline sparkline(Trend.ServiceUsage service) {
        List<Trend.UsagePoint> usage = service.usage();
        List<BigDecimal> known = usage.stream()
                .map(Trend.UsagePoint::vendorQuantity)
                .filter(v -> v != null)
                .toList();
        BigDecimal min = known.stream().reduce(BigDecimal::min).orElse(BigDecimal.ZERO);
        BigDecimal max = known.stream().reduce(BigDecimal::max).orElse(BigDecimal.ZERO);
        BigDecimal range = max.subtract(min);
        BigDecimal step = usage.size() <= 1
                ? BigDecimal.ZERO
                : BigDecimal.valueOf(SPARK_WIDTH - 4L).divide(BigDecimal.valueOf(usage.size() - 1L), MC);
        BigDecimal bottom = BigDecimal.valueOf(SPARK_HEIGHT - 3L);
        BigDecimal height = BigDecimal.valueOf(SPARK_HEIGHT - 6L);
        StringBuilder path = new StringBuilder();
        List<String> values = new ArrayList<>();
        boolean pen = false;
        for (int i = 0; i < usage.size(); i++) {
            BigDecimal v = usage.get(i).vendorQuantity();
            values.add(Display.shortMonth(YearMonth.parse(usage.get(i).period())) + " "
                    + (v == null ? "no data" : Display.quantity(v)));
            if (v == null) {
                pen = false;
                continue;
            }
            BigDecimal x = BigDecimal.valueOf(2).add(step.multiply(BigDecimal.valueOf(i)));
            BigDecimal y = range.signum() == 0
                    ? bottom.subtract(height.divide(BigDecimal.valueOf(2), MC))
                    : bottom.subtract(v.subtract(min).multiply(height).divide(range, MC));
            path.append(pen ? " L" : (path.length() == 0 ? "M" : " M"))
                    .append(coordinate(x))
                    .append(' ')
                    .append(coordinate(y));
            if (!pen) {
                path.append(" l0 0"); // a month standing alone shows as a dot (round line caps)
            }
            pen = true;
        }
        return new Sparkline(
                path.toString(),
                service.serviceName() + " usage per month: " + String.join(", ", values),
                SPARK_WIDTH,
                SPARK_HEIGHT);
    }

    private static String description(String what, List<Trend.Point> points) {
        Trend.Point first = points.get(0);
        Trend.Point last = points.get(points.size() - 1);
        StringBuilder d = new StringBuilder(what)
                .append(" from ")
                .append(Display.month(YearMonth.parse(first.period())))
                .append(" to ")
                .append(Display.month(YearMonth.parse(last.period())));
        if (last.monthToDate()) {
            d.append(" (month to date)");
        }
        long missing = points.stream().filter(p -> !p.usageRecorded()).count();
        if (missing > 0) {
            d.append("; ")
                    .append(missing)
                    .append(missing == 1 ? " month has" : " months have")
                    .append(" no usage data");
        }
        return d.append(". The table below lists the numbers.").toString();
    }

    static String monthLabel(Trend.Point point) {
        return Display.month(YearMonth.parse(point.period())) + (point.monthToDate() ? " (to date)" : "");
    }

    private static String coordinate(BigDecimal value) {
        return value.setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    /** Months as equal bands along the x axis. */
    private static final class Bands {
        private final BigDecimal width;
        private final int count;

        Bands(int count) {
            this.count = count;
            this.width = BigDecimal.valueOf(WIDTH - LEFT - RIGHT).divide(BigDecimal.valueOf(count), MC);
        }

        BigDecimal start(int i) {
            return BigDecimal.valueOf(LEFT).add(width.multiply(BigDecimal.valueOf(i)));
        }

        String center(int i) {
            return coordinate(start(i).add(width.divide(BigDecimal.valueOf(2), MC)));
        }

        /** Month labels, thinned so at most 12 show. */
        List<Label> labels(List<Trend.Point> points) {
            int every = (count + 11) / 12;
            List<Label> labels = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if ((count - 1 - i) % every == 0) {
                    YearMonth m = YearMonth.parse(points.get(i).period());
                    labels.add(new Label(
                            center(i), Display.shortMonth(m) + (points.get(i).monthToDate() ? "*" : "")));
                }
            }
            return List.copyOf(labels);
        }
    }

    /** The y axis: from a round number at or below the smallest value (or 0) to one at or above the largest, in about 4 steps. */
    private record Scale(BigDecimal low, BigDecimal high, BigDecimal step) {

        static Scale of(List<Trend.Point> points, List<Measure> measures) {
            BigDecimal min = BigDecimal.ZERO;
            BigDecimal max = BigDecimal.ZERO;
            for (Trend.Point p : points) {
                for (Measure m : measures) {
                    BigDecimal v = m.value().apply(p);
                    if (v != null) {
                        min = min.min(v);
                        max = max.max(v);
                    }
                }
            }
            if (max.compareTo(min) == 0) {
                max = min.add(BigDecimal.TEN);
            }
            BigDecimal step = niceStep(max.subtract(min).divide(BigDecimal.valueOf(4), MC));
            BigDecimal low = min.divide(step, 0, RoundingMode.FLOOR).multiply(step);
            BigDecimal high = max.divide(step, 0, RoundingMode.CEILING).multiply(step);
            return new Scale(low, high, step);
        }

        /** 1, 2, 2.5 or 5 times a power of ten, at or above {@code raw}. */
        static BigDecimal niceStep(BigDecimal raw) {
            int exponent = raw.precision() - raw.scale() - 1;
            BigDecimal power = BigDecimal.ONE.scaleByPowerOfTen(exponent);
            BigDecimal fraction = raw.divide(power, MC);
            for (String nice : new String[] {"1", "2", "2.5", "5"}) {
                if (fraction.compareTo(new BigDecimal(nice)) <= 0) {
                    return new BigDecimal(nice).multiply(power);
                }
            }
            return BigDecimal.TEN.multiply(power);
        }

        BigDecimal yValue(BigDecimal value) {
            BigDecimal plot = BigDecimal.valueOf(HEIGHT - TOP - BOTTOM);
            return BigDecimal.valueOf(TOP)
                    .add(high.subtract(value).multiply(plot).divide(high.subtract(low), MC));
        }

        String y(BigDecimal value) {
            return coordinate(yValue(value));
        }

        List<Tick> ticks() {
            List<Tick> ticks = new ArrayList<>();
            boolean whole = step.stripTrailingZeros().scale() <= 0;
            for (BigDecimal v = low; v.compareTo(high) <= 0; v = v.add(step)) {
                ticks.add(new Tick(
                        y(v),
                        whole ? String.format(java.util.Locale.ENGLISH, "%,d", v.toBigInteger()) : Display.money(v)));
            }
            return List.copyOf(ticks);
        }
    }
}

package convkit.viz;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * A histogram drawn with XChart: how many values fall in each of {@code bins} equal ranges of
 * [lo, hi], e.g. the scores of a class ({@code convkit grade batch}). The last range is closed, so
 * a value of exactly {@code hi} (full marks) counts.
 */
public final class Histograms {
    private Histograms() {}

    public static BufferedImage of(String title, String xTitle, double[] values, double lo, double hi, int bins) {
        if (!(hi > lo) || bins < 1 || bins > 100) {
            throw new IllegalArgumentException("Histograms.of: need lo < hi and 1..100 bins, got [" + lo + ", " + hi + "] and " + bins);
        }
        int[] counts = counts(values, lo, hi, bins);
        List<String> names = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            names.add(number(lo + (hi - lo) * b / bins) + "-" + number(lo + (hi - lo) * (b + 1) / bins));
            ys.add(counts[b]);
        }
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle("count").build();
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartTitleFont(Style.bold(16));
        s.setLegendVisible(false);
        s.setSeriesColors(new Color[] {Style.OUTPUT});
        chart.getStyler().setAxisTickLabelsFont(Style.font(12));
        chart.getStyler().setXAxisLabelRotation(0);
        chart.getStyler().setXAxisTickMarkSpacingHint(30);   // XChart leaves out every other range label at its default of 74 px
        chart.getStyler().setYAxisDecimalPattern("0");
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(Math.max(1.0, maxOf(counts) * 1.15));
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setLabelsFontColor(Style.INK);
        chart.getStyler().setLabelsPosition(1.05);
        chart.getStyler().setDecimalPattern("0");
        chart.addSeries("count", names, ys);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** How many of {@code values} fall in each range; values outside [lo, hi] and NaN are not counted. */
    static int[] counts(double[] values, double lo, double hi, int bins) {
        int[] c = new int[bins];
        for (double v : values) {
            if (!(v >= lo && v <= hi)) continue;
            c[Math.min(bins - 1, (int) Math.floor((v - lo) / (hi - lo) * bins))]++;
        }
        return c;
    }

    private static int maxOf(int[] c) {
        int m = 0;
        for (int x : c) m = Math.max(m, x);
        return m;
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }
}

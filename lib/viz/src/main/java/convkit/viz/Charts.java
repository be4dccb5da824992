package convkit.viz;

import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts drawn with XChart and returned as pictures ({@link BufferedImage}, rendered headless), so
 * a notebook shows them inline and {@link ImageFiles#savePng} saves them. Every chart is
 * {@value #WIDTH} x {@value #HEIGHT} pixels.
 */
public final class Charts {
    private Charts() {}

    public static final int WIDTH = 720;
    public static final int HEIGHT = 420;

    private static final Color[] COLORS = {
        new Color(0x33, 0x33, 0x33), new Color(0x1F, 0x77, 0xB4), new Color(0xD6, 0x27, 0x28),
        new Color(0x2C, 0xA0, 0x2C), new Color(0xFF, 0x7F, 0x0E), new Color(0x94, 0x67, 0xBD)};

    /**
     * 1D signals against their index t: e.g. an input and its low-pass and high-pass filtered
     * versions. Each series is a rank-1 tensor; series may have different lengths.
     */
    public static BufferedImage signals(String title, Map<String, Tensor> series) {
        if (series.isEmpty()) throw new IllegalArgumentException("Charts.signals: no series to draw");
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("t").yAxisTitle("value").build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(4);
        for (var e : series.entrySet()) {
            Tensor t = e.getValue();
            if (t.rank() != 1) throw new ShapeException("Charts.signals: series \"" + e.getKey() + "\" must be rank 1, got " + t.shape());
            double[] xs = new double[t.size()], ys = new double[t.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = i;
                ys[i] = t.get(i);
            }
            chart.addSeries(e.getKey(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Curves against 1, 2, ..., n (e.g. epochs): one line per series, with markers. */
    public static BufferedImage lines(String title, String xTitle, String yTitle, Map<String, double[]> series) {
        if (series.isEmpty()) throw new IllegalArgumentException("Charts.lines: no series to draw");
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisDecimalPattern("0.####");   // with one or two points XChart would print every digit
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);   // below the plot: it never hides a curve
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        for (var e : series.entrySet()) {
            double[] ys = e.getValue();
            if (ys.length == 0) continue;
            double[] xs = new double[ys.length];
            for (int i = 0; i < xs.length; i++) xs[i] = i + 1;
            chart.addSeries(e.getKey(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * Training curves side by side: loss on the left, accuracy on the right, one point per epoch.
     * Pass null for a series that was not measured.
     */
    public static BufferedImage trainingCurves(double[] trainLoss, double[] testLoss, double[] trainAccuracy, double[] testAccuracy) {
        Map<String, double[]> loss = new LinkedHashMap<>();
        if (trainLoss != null) loss.put("train loss", trainLoss);
        if (testLoss != null) loss.put("test loss", testLoss);
        Map<String, double[]> acc = new LinkedHashMap<>();
        if (trainAccuracy != null) acc.put("train accuracy", trainAccuracy);
        if (testAccuracy != null) acc.put("test accuracy", testAccuracy);
        if (loss.isEmpty() || acc.isEmpty()) {
            throw new IllegalArgumentException("Charts.trainingCurves: needs at least one loss and one accuracy series");
        }
        return Panels.row(lines("loss per epoch", "epoch", "cross-entropy", loss),
                lines("accuracy per epoch", "epoch", "accuracy", acc));
    }

    /**
     * Bars on a logarithmic axis, each labelled with its value: counts that differ by orders of
     * magnitude, such as the weights of fully-connected, locally-connected and shared layers.
     */
    public static BufferedImage logBars(String title, String xTitle, String yTitle, Map<String, ? extends Number> values) {
        if (values.isEmpty()) throw new IllegalArgumentException("Charts.logBars: no bars to draw");
        List<String> names = new ArrayList<>();
        List<Double> vals = new ArrayList<>();
        for (var e : values.entrySet()) {
            double v = e.getValue().doubleValue();
            if (!(v > 0)) throw new IllegalArgumentException("Charts.logBars: \"" + e.getKey() + "\" is " + v + "; a log axis needs values > 0");
            names.add(e.getKey());
            vals.add(v);
        }
        CategoryChart chart = categoryChart(title, xTitle, yTitle, names);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmicDecadeOnly(true);
        chart.getStyler().setYAxisTickLabelsFormattingFunction(Numbers::format);
        chart.getStyler().setLabelsFont(Style.font(14));
        chart.getStyler().setYAxisMin(1.0);
        chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(vals.stream().mapToDouble(d -> d).max().orElse(10)) + 0.5)));
        chart.addSeries(yTitle, names, vals);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** As {@link #logBars(String, String, String, Map)} with the bars' names as the x axis. */
    public static BufferedImage logBars(String title, String yTitle, Map<String, ? extends Number> values) {
        return logBars(title, "", yTitle, values);
    }

    /**
     * Plain bars, each with its value written above it (so it reads on any bar colour), e.g. class
     * probabilities after softmax. Every bar keeps its name: names are turned upright only when they
     * do not fit side by side.
     */
    public static BufferedImage bars(String title, String xTitle, String yTitle, Map<String, ? extends Number> values) {
        if (values.isEmpty()) throw new IllegalArgumentException("Charts.bars: no bars to draw");
        List<String> names = new ArrayList<>(values.keySet());
        List<Double> vals = new ArrayList<>();
        for (Number n : values.values()) vals.add(n.doubleValue());
        CategoryChart chart = categoryChart(title, xTitle, yTitle, names);
        double max = vals.stream().mapToDouble(d -> d).max().orElse(1), min = vals.stream().mapToDouble(d -> d).min().orElse(0);
        chart.getStyler().setYAxisMax(max > 0 ? max * 1.15 : 1);   // room above the tallest bar for its value
        chart.getStyler().setYAxisMin(Math.min(0, min * 1.15));
        chart.getStyler().setYAxisTickLabelsFormattingFunction(Numbers::format);
        chart.addSeries(yTitle, names, vals);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** As {@link #bars(String, String, String, Map)} with the bars' names as the x axis. */
    public static BufferedImage bars(String title, String yTitle, Map<String, ? extends Number> values) {
        return bars(title, "", yTitle, values);
    }

    /** Degrees to turn the category names by: 0 when the widest fits its slot, else upright (90). */
    static int categoryLabelRotation(List<String> names) {
        int slot = (WIDTH - 120) / Math.max(1, names.size());
        int widest = 0;
        for (String n : names) widest = Math.max(widest, Style.textWidth(TICK_FONT, n));
        return widest + 8 <= slot ? 0 : 90;
    }

    private static final java.awt.Font TICK_FONT = Style.font(12);

    private static CategoryChart categoryChart(String title, String xTitle, String yTitle, List<String> names) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setSeriesColors(new Color[] {COLORS[1]});
        chart.getStyler().setAxisTickLabelsFont(TICK_FONT);
        chart.getStyler().setXAxisLabelRotation(categoryLabelRotation(names));
        chart.getStyler().setXAxisMaxLabelCount(names.size());   // XChart would drop names it thinks crowded
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setLabelsFontColor(Style.INK);
        chart.getStyler().setLabelsPosition(1.02);                // above the bar, on the white plot
        chart.getStyler().setLabelsFont(Style.font(13));
        chart.getStyler().setXAxisTickLabelsFormattingFunction(null);
        return chart;
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setLegendBorderColor(new Color(0xCC, 0xCC, 0xCC));
        s.setSeriesColors(COLORS);
        s.setChartTitleFont(Style.bold(16));
        s.setLegendFont(Style.font(13));
    }
}

package convkit.jupyter;

import convkit.train.EpochStats;
import convkit.train.Progress;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Training progress for a notebook: one progress line and one loss/accuracy chart, both updated in
 * place ({@link Display#updateDisplay}) instead of a hundred printed lines.
 * <pre>
 *   var history = new Trainer(model, config).progress(new LiveProgress()).fit(train, test);
 * </pre>
 * The line is redrawn at most every {@value #LINE_MILLIS} ms, the chart every twentieth of an epoch
 * and at the end of each epoch.
 */
public final class LiveProgress implements Progress {
    static final long LINE_MILLIS = 500;
    private static final int POINTS_PER_EPOCH = 20;

    private final XYChart chart = new XYChartBuilder().width(640).height(320)
            .title("Training").xAxisTitle("epoch").yAxisTitle("loss / accuracy").build();
    private final List<Double> x = new ArrayList<>(), loss = new ArrayList<>(), accuracy = new ArrayList<>();
    private final List<Double> testX = new ArrayList<>(), testAccuracy = new ArrayList<>();
    private String lineId, chartId;
    private int epoch, epochs, batches, nextPoint;
    private long started, epochStart, lastLine;

    public LiveProgress() {
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(4);
    }

    @Override
    public void startEpoch(int epoch, int epochs, int batches) {
        this.epoch = epoch;
        this.epochs = epochs;
        this.batches = batches;
        this.nextPoint = 1;
        this.epochStart = System.nanoTime();
        if (lineId == null) {
            started = epochStart;
            lineId = Display.display(String.format(Locale.ROOT, "epoch %d/%d starting (%d batches)", epoch, epochs, batches));
        }
    }

    @Override
    public void batch(int done, double batchLoss, double batchAccuracy) {
        long now = System.nanoTime();
        if ((now - lastLine) / 1_000_000 >= LINE_MILLIS || done == batches) {
            lastLine = now;
            Display.updateDisplay(lineId, String.format(Locale.ROOT, "epoch %d/%d %3d%% (%d/%d batches) loss %.4f accuracy %.2f%% %.0f s",
                    epoch, epochs, done * 100L / Math.max(1, batches), done, batches, batchLoss, 100 * batchAccuracy,
                    (now - epochStart) / 1e9));
        }
        if ((long) done * POINTS_PER_EPOCH >= (long) nextPoint * batches) {
            while ((long) nextPoint * batches <= (long) done * POINTS_PER_EPOCH) nextPoint++;
            x.add(epoch - 1 + done / (double) Math.max(1, batches));
            loss.add(batchLoss);
            accuracy.add(batchAccuracy);
            redraw();
        }
    }

    @Override
    public void endEpoch(EpochStats stats) {
        if (!Double.isNaN(stats.testAccuracy())) {
            testX.add((double) stats.epoch());
            testAccuracy.add(stats.testAccuracy());
        }
        Display.updateDisplay(lineId, String.format(Locale.ROOT, "epoch %d/%d done: %s; %.0f s in all",
                stats.epoch(), epochs, stats, (System.nanoTime() - started) / 1e9));
        redraw();
    }

    private void redraw() {
        if (x.isEmpty()) return;
        series("train loss", x, loss);
        series("train accuracy", x, accuracy);
        if (!testX.isEmpty()) series("test accuracy", testX, testAccuracy);
        if (chartId == null) chartId = Display.display(chart);
        else Display.updateDisplay(chartId, chart);
    }

    private void series(String name, List<Double> xs, List<Double> ys) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        double[] b = ys.stream().mapToDouble(Double::doubleValue).toArray();
        if (chart.getSeries(name) != null) {
            chart.updateXYSeries(name, a, b, null);
        } else {
            XYSeries s = chart.addSeries(name, a, b);
            s.setMarker(SeriesMarkers.NONE);
            if (name.startsWith("test")) s.setMarker(SeriesMarkers.CIRCLE);
        }
    }
}

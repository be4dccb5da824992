package convkit.viz;

import convkit.nn.Summary;
import convkit.train.EpochStats;
import convkit.train.Evaluation;
import convkit.train.History;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Tablesaw tables of a network summary, a training history and a confusion matrix, for notebooks
 * (they print aligned) and for further analysis (sort, filter, export to CSV).
 *
 * <pre>{@code
 * Tables.summary(Models.lenet5(42).summary())
 * Tables.history(history).print()
 * }</pre>
 */
public final class Tables {
    private Tables() {}

    /** One row per layer: #, layer, output shape, volume (H x W x D), parameters, formula. */
    public static Table summary(Summary s) {
        IntColumn index = IntColumn.create("#");
        StringColumn layer = StringColumn.create("layer");
        StringColumn output = StringColumn.create("output");
        StringColumn volume = StringColumn.create("volume");
        LongColumn params = LongColumn.create("parameters");
        StringColumn formula = StringColumn.create("formula");
        for (Summary.Row r : s.rows()) {
            index.append(r.index());
            layer.append(r.layer());
            output.append(r.output().toString());
            volume.append(r.volume());
            params.append(r.parameters());
            formula.append(r.formula());
        }
        return Table.create("summary for input " + s.input() + ", " + s.totalParameters() + " parameters",
                index, layer, output, volume, params, formula);
    }

    /** One row per epoch: learning rate, train loss and accuracy, test loss and accuracy, seconds, images/s. */
    public static Table history(History h) {
        IntColumn epoch = IntColumn.create("epoch");
        DoubleColumn lr = DoubleColumn.create("learning rate");
        DoubleColumn trainLoss = DoubleColumn.create("train loss");
        DoubleColumn trainAcc = DoubleColumn.create("train accuracy");
        DoubleColumn testLoss = DoubleColumn.create("test loss");
        DoubleColumn testAcc = DoubleColumn.create("test accuracy");
        DoubleColumn seconds = DoubleColumn.create("seconds");
        DoubleColumn speed = DoubleColumn.create("images/s");
        for (EpochStats e : h.epochs()) {
            epoch.append(e.epoch());
            lr.append(e.learningRate());
            trainLoss.append(e.trainLoss());
            trainAcc.append(e.trainAccuracy());
            testLoss.append(e.testLoss());
            testAcc.append(e.testAccuracy());
            seconds.append(e.seconds());
            speed.append(e.imagesPerSecond());
        }
        // Printing rounds (the values keep full precision for sorting, filtering and CSV export).
        lr.setPrintFormatter(new NumberColumnFormatter(new java.text.DecimalFormat("0.######",
                java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT))));   // 0.001, not 0.001000
        trainLoss.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        testLoss.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        trainAcc.setPrintFormatter(NumberColumnFormatter.percent(2));
        testAcc.setPrintFormatter(NumberColumnFormatter.percent(2));
        seconds.setPrintFormatter(new NumberColumnFormatter(new java.text.DecimalFormat("0.#",
                java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT))));   // 26, not 26.0
        speed.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(0));
        return Table.create("training history", epoch, lr, trainLoss, trainAcc, testLoss, testAcc, seconds, speed);
    }

    /** The confusion matrix: a row per true class, a column per predicted class, counts in the cells. */
    public static Table confusion(Evaluation ev) {
        int k = ev.confusion().length;
        Table t = Table.create(String.format(java.util.Locale.ROOT, "confusion matrix, accuracy %.2f%%", 100 * ev.accuracy()));
        StringColumn truth = StringColumn.create("true \\ predicted");
        for (int i = 0; i < k; i++) truth.append(ev.classNames().get(i));
        t.addColumns(truth);
        for (int j = 0; j < k; j++) {
            IntColumn col = IntColumn.create(ev.classNames().get(j));
            for (int i = 0; i < k; i++) col.append(ev.confusion()[i][j]);
            t.addColumns(col);
        }
        return t;
    }

    /**
     * A table as an HTML table (values as the table prints them), for {@code display(html, "text/html")}:
     * a wide table then scrolls or shrinks in the page instead of breaking into fragments as text does.
     */
    public static String html(Table t) {
        StringBuilder sb = new StringBuilder("<table>\n<caption>").append(escape(t.name())).append("</caption>\n<tr>");
        for (String c : t.columnNames()) sb.append("<th>").append(escape(c)).append("</th>");
        sb.append("</tr>\n");
        for (int r = 0; r < t.rowCount(); r++) {
            sb.append("<tr>");
            for (int c = 0; c < t.columnCount(); c++) sb.append("<td>").append(escape(t.column(c).getString(r))).append("</td>");
            sb.append("</tr>\n");
        }
        return sb.append("</table>").toString();
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package convkit.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.conv.ConvSpec;
import convkit.data.Synthetic;
import convkit.nn.Conv2d;
import convkit.nn.Models;
import convkit.nn.Sequential;
import convkit.tensor.Shape;
import convkit.train.Evaluation;
import convkit.train.Progress;
import convkit.train.TrainConfig;
import convkit.train.Trainer;
import org.junit.jupiter.api.Test;

class TablesTest {

    @Test
    void summaryTable() {
        var t = Tables.summary(Sequential.of(new Conv2d(3, 10, 5, ConvSpec.padding(2))).summary(Shape.of(1, 3, 32, 32)));
        assertEquals(1, t.rowCount());
        assertEquals("32x32x10", t.stringColumn("volume").get(0));
        assertEquals(760L, t.longColumn("parameters").get(0));
        assertEquals(61706L, (long) Tables.summary(Models.lenet5(1).summary()).longColumn("parameters").sum());
    }

    @Test
    void summaryAsHtmlHasEveryRowAndEscapesTheText() {
        var table = Tables.summary(Models.lenet5(1).summary());
        String html = Tables.html(table);
        assertEquals(table.rowCount() + 1, html.split("<tr>", -1).length - 1, "a header row and one row per layer");
        assertTrue(html.contains("<td>Conv2d(1 -&gt; 6, 5x5, stride 1, padding 2)</td>"), html);
        assertTrue(!html.contains("->"), "every > escaped");
    }

    @Test
    void historyAndConfusionTables() {
        var train = Synthetic.bars(64, 8, 1);
        var net = Models.cnnI(1, 8, 4, 3);
        var h = new Trainer(net, TrainConfig.defaults().withEpochs(2).withBatchSize(16)).progress(Progress.silent()).fit(train, train);
        var t = Tables.history(h);
        assertEquals(2, t.rowCount());
        assertEquals(h.last().testAccuracy(), t.doubleColumn("test accuracy").get(1), "the column keeps full precision");
        String printed = t.print();
        String acc = String.format(java.util.Locale.ROOT, "%.2f%%", 100 * h.last().testAccuracy());
        assertTrue(printed.contains(acc), "accuracy printed as a percentage (" + acc + "):\n" + printed);
        assertTrue(printed.contains(String.format(java.util.Locale.ROOT, "%.4f", h.last().trainLoss())), "loss printed to 4 places:\n" + printed);
        var c = Tables.confusion(Evaluation.of(net, train, 32));
        assertEquals(5, c.columnCount());
        assertEquals(64, (int) (c.intColumn(1).sum() + c.intColumn(2).sum() + c.intColumn(3).sum() + c.intColumn(4).sum()));
        assertTrue(c.print().contains("anti-diagonal /"));
    }
}

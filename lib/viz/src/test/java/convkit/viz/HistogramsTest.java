package convkit.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class HistogramsTest {

    @Test
    void rangesAreHalfOpenButTheLastHoldsTheTop() {
        // 0..20 in 10 ranges: 2 goes to 2-4, 20 (full marks) to 18-20; NaN and values outside are not counted.
        int[] c = Histograms.counts(new double[] {0, 1.99, 2, 11.97, 19.99, 20, 20, Double.NaN, -1, 21}, 0, 20, 10);
        assertArrayEquals(new int[] {2, 1, 0, 0, 0, 1, 0, 0, 0, 3}, c);
    }

    @Test
    void drawsAChartOfTheUsualSize() {
        BufferedImage img = Histograms.of("scores", "score", new double[] {0, 20, 20, 13.5}, 0, 20, 10);
        assertEquals(Charts.WIDTH, img.getWidth());
        assertEquals(Charts.HEIGHT, img.getHeight());
        assertThrows(IllegalArgumentException.class, () -> Histograms.of("t", "x", new double[] {1}, 5, 5, 10));
    }
}

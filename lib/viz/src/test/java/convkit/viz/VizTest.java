package convkit.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.conv.Kernel1d;
import convkit.conv.Kernel2d;
import convkit.pool.Pool;
import convkit.tensor.ShapeException;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VizTest {
    static final Tensor L09 = Tensor.parse("18 54 51 239 244\n55 121 75 78 95\n35 24 204 113 109\n3 154 104 235 25\n15 253 225 159 78");
    static final Kernel2d X_KERNEL = Kernel2d.parse("1 0 1\n0 1 0\n1 0 1");

    /** Share of pixels that differ from the top-left (background) pixel: 0 for a blank picture. */
    static double inked(BufferedImage img) {
        int bg = img.getRGB(0, 0), n = 0;
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) if (img.getRGB(x, y) != bg) n++;
        return n / (double) (img.getWidth() * img.getHeight());
    }

    @Test
    void matrixViewGrowsWithTheMatrixAndDrawsSomething() {
        BufferedImage small = MatrixView.of(Tensor.parse("1 2\n3 4")).render();
        BufferedImage big = MatrixView.of(L09).render();
        assertEquals(5 * 44 + 20, big.getWidth(), "5 columns of 44 px plus two 10 px margins");
        assertEquals(5 * 44 + 20, big.getHeight());
        assertTrue(small.getWidth() < big.getWidth());
        assertTrue(inked(big) > 0.3, "heat-map cells cover most of the picture, got " + inked(big));
    }

    @Test
    void matrixViewRejectsAWindowOutsideTheMatrixAndA3dTensor() {
        var e = assertThrows(ShapeException.class, () -> MatrixView.of(L09).highlight(3, 3, 3, 3));
        assertTrue(e.getMessage().contains("(3, 3)") && e.getMessage().contains("5x5"), e.getMessage());
        var e2 = assertThrows(ShapeException.class, () -> MatrixView.of(Tensor.zeros(2, 3, 3)));
        assertTrue(e2.getMessage().contains("(2, 3, 3)"), e2.getMessage());
    }

    @Test
    void slidingWindowFollowsTheLectureExamples() {
        var s = SlidingWindow.correlate(L09, X_KERNEL);
        assertEquals(9, s.positions());
        assertEquals(X_KERNEL.correlate(L09), s.output());
        assertTrue(s.explain(0).endsWith("partial sums: 18 → 69 → 190 → 225 → 429"), s.explain(0));

        var padded = SlidingWindow.correlate(L09, X_KERNEL.padding(1));
        assertEquals(25, padded.positions());
        assertTrue(padded.explain(0).contains("= 139"), padded.explain(0));   // centre 18 + corner 121

        var binary = Tensor.parse("1 1 1 0 0\n0 1 1 1 0\n0 0 1 1 1\n0 0 1 1 0\n0 1 1 0 0");
        assertEquals(Tensor.parse("4 3 4\n2 4 3\n2 3 4"), SlidingWindow.correlate(binary, X_KERNEL).output());

        var pool = SlidingWindow.pool(Tensor.parse("1 1 2 0\n0 1 1 2\n0 0 1 3\n0 0 1 1"), Pool.max(2));
        assertEquals(4, pool.positions());
        assertEquals("y[1][1] = max(1, 3, 1, 1) = 3", pool.explain(3));
    }

    @Test
    void convolutionFramesUseTheRotatedKernel() {
        var X = Tensor.parse("2 10 8\n5 15 20\n6 11 9");
        var s = SlidingWindow.convolve(X, Kernel2d.parse("1 8\n-5 6"));
        assertEquals(Tensor.parse("17 160\n14 87"), s.output());
        assertEquals("(kernel rotated 180°) y[0][0] = 2·6 + 10·(-5) + 5·8 + 15·1 = 17\npartial sums: 12 → -38 → 2 → 17", s.explain(0));
    }

    @Test
    void framesGifAndSheetsHaveOneImagePerPosition(@TempDir Path dir) throws Exception {
        var s = SlidingWindow.correlate(L09, X_KERNEL);
        BufferedImage f0 = s.frame(0);
        assertTrue(inked(f0) > 0.05);
        assertThrows(IndexOutOfBoundsException.class, () -> s.frame(9));
        Path gif = s.saveGif(dir.resolve("l09.gif"), 500);
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (var in = ImageIO.createImageInputStream(Files.newInputStream(gif))) {
            reader.setInput(in);
            assertEquals(9, reader.getNumImages(true));
        }
        BufferedImage sheet = s.sheet(3, 0.5);
        assertTrue(sheet.getWidth() >= 3 * f0.getWidth() / 2 && sheet.getHeight() >= 3 * f0.getHeight() / 2);
        assertTrue(inked(SlidingWindow.correlate(Tensor.zeros(5, 5), Kernel2d.of(Tensor.ones(3, 3)).stride(2).padding(1))
                .positionsSheet(3)) > 0.05);
    }

    @Test
    void savePngIsAtomicAndReadable(@TempDir Path dir) throws Exception {
        BufferedImage img = MatrixView.of(L09).title("L09").render();
        Path p = ImageFiles.savePng(img, dir.resolve("sub/l09.png"));
        BufferedImage back = ImageIO.read(p.toFile());
        assertEquals(img.getWidth(), back.getWidth());
        assertEquals(img.getHeight(), back.getHeight());
        try (var files = Files.list(p.getParent())) {
            assertEquals(List.of("l09.png"), files.map(f -> f.getFileName().toString()).toList(), "no temporary file left behind");
        }
        ImageFiles.savePng(Pictures.gray(L09), p);     // replacing an existing file works too
        assertEquals(5, ImageIO.read(p.toFile()).getWidth());
    }

    @Test
    void chartsHaveTheStatedSizeAndAreNotBlank() {
        Tensor x = Tensor.rand(Shape.of(40), 3);
        Map<String, Tensor> series = new LinkedHashMap<>();
        series.put("x", x);
        series.put("low-pass", Kernel1d.of(1 / 3., 1 / 3., 1 / 3.).same().convolve(x));
        BufferedImage sig = Charts.signals("signal", series);
        assertEquals(Charts.WIDTH, sig.getWidth());
        assertEquals(Charts.HEIGHT, sig.getHeight());
        assertTrue(inked(sig) > 0.02);
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("fully connected", 1_000_000_000_000L);
        counts.put("shared", 100L);
        assertTrue(inked(Charts.logBars("weights", "count", counts)) > 0.02);
        counts.put("none", 0L);
        var e = assertThrows(IllegalArgumentException.class, () -> Charts.logBars("weights", "count", counts));
        assertTrue(e.getMessage().contains("\"none\""), e.getMessage());
        BufferedImage curves = Charts.trainingCurves(new double[] {1, .5}, null, new double[] {.6, .8}, new double[] {.5, .7});
        assertTrue(curves.getWidth() > 2 * Charts.WIDTH && inked(curves) > 0.02);
    }

    @Test
    void picturesAndDiagrams() {
        BufferedImage g = Pictures.gray(L09);
        assertEquals(0x000000, g.getRGB(0, 3) & 0xFFFFFF, "3 (row 3, column 0) is the smallest value: black");
        assertEquals(0xFFFFFF, g.getRGB(1, 4) & 0xFFFFFF, "253 is the largest value: white");
        assertEquals(50, Pictures.scale(g, 10).getWidth());
        BufferedImage maps = Pictures.featureMaps(Tensor.rand(Shape.of(1, 6, 8, 8), 1), 3, 64);
        assertTrue(maps.getWidth() > 3 * 64 && inked(maps) > 0.1);
        var conv1d = Diagrams.conv1d("stride 2, padding 1", Tensor.of(1, 1, 2, -1, 1, -3, 1), Kernel1d.of(-1, 0, 1).stride(2).padding(1), true);
        assertTrue(inked(conv1d) > 0.02);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Diagrams.volumes(List.of(new Diagrams.Volume("in", 32, 32, 3)), List.of("conv")));
        assertTrue(e.getMessage().contains("1 volumes need 0 arrow labels"), e.getMessage());
        assertTrue(new ByteArrayInputStream(ImageFiles.pngBytes(g)).available() > 8);
    }
}

package convkit.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The legibility rules of the pictures, checked on the layout the pictures are drawn from. */
class LegibilityTest {

    @Test
    void numbersPrintWithoutFloatNoise() {
        assertEquals("1", Numbers.format(1.0000000074505806));
        assertEquals("1", Numbers.format(1.0000000000000002));
        assertEquals("0.111", Numbers.format(1 / 9.0));
        assertEquals("0.111", Numbers.format((float) (1 / 9.0)));
        assertEquals("1e12", Numbers.format(1e12));
        assertEquals("429", Numbers.format(429.0f));
        assertEquals("6600", Numbers.format(6600));
        assertEquals("-4050", Numbers.format(-4050));
        assertEquals("0.0625", Numbers.format(0.0625));
        assertEquals("0.667", Numbers.format(2 / 3.0));
        assertEquals("0.638", Numbers.format(0.6380663511479376));
        assertEquals("1.23e6", Numbers.format(1234567.8));
        assertEquals("-2.5e-5", Numbers.format(-0.000025));
        assertEquals("0", Numbers.format(-0.0));
        assertEquals("NaN", Numbers.format(Double.NaN));
        assertEquals("4.3", Numbers.format(4.3333, 3, 1));
        assertEquals("1.41421", Numbers.format(Math.sqrt(2), 6));
    }

    /** Large, small, negative and mixed values, and a wide range in one matrix. */
    static Tensor matrix(String which) {
        return switch (which) {
            case "large" -> Tensor.parse("36006000 66008400 9000\n4050 6600 1e12");
            case "small" -> Tensor.parse("0.000012 0.00045 0.0031\n0.111 0.5 0.0625");
            case "negative" -> Tensor.parse("-1 -2.5 -36006000\n-0.125 -4050 -7");
            case "mixed" -> Tensor.parse("-6600 0 6600\n0.111 -0.000025 1e12\n3 -3 1");
            default -> throw new IllegalArgumentException(which);
        };
    }

    @ParameterizedTest(name = "{0} values: every label fits its cell and contrasts with it")
    @ValueSource(strings = {"large", "small", "negative", "mixed"})
    void labelsFitTheirCellsAndContrast(String which) {
        Tensor t = matrix(which);
        for (MatrixView view : List.of(MatrixView.of(t), MatrixView.of(t).cellSize(24), MatrixView.of(t).plain(),
                MatrixView.of(t).weights(Tensor.parse("1 -0.5\n0.25 1"), 0, 0))) {
            MatrixView.Layout layout = view.layout();
            assertEquals(t.size(), layout.cells().size());
            for (MatrixView.CellLayout c : layout.cells()) {
                assertTrue(c.textWidth() + 4 <= c.width(), which + ": \"" + c.text() + "\" is " + c.textWidth() + " px in a " + c.width() + " px cell");
                assertFalse(c.text().matches(".*\\d\\.\\d{5,}.*"), which + ": float noise in \"" + c.text() + "\"");
                double contrast = Style.contrast(c.ink(), c.background());
                assertTrue(contrast >= 4.5, which + ": \"" + c.text() + "\" has contrast " + contrast + " on its cell");
                assertTrue(c.x() + c.width() <= layout.width() && c.y() + c.height() <= layout.height(), "cell inside the picture");
            }
            BufferedImage img = view.render();
            assertEquals(layout.width(), img.getWidth());
            assertEquals(layout.height(), img.getHeight());
            // the text is really there: each cell has pixels of its ink colour's side of the background
            for (MatrixView.CellLayout c : layout.cells()) assertTrue(inkPixels(img, c) > 5, which + ": no text drawn in cell " + c);
        }
    }

    @Test
    void signedHeatMapsCarryAColourBarUnsignedOnesDoNot() {
        assertTrue(MatrixView.of(matrix("mixed")).layout().colorBar(), "signed values: colour bar");
        assertTrue(MatrixView.of(matrix("negative")).layout().colorBar(), "negative values: colour bar");
        assertFalse(MatrixView.of(matrix("small")).layout().colorBar(), "values 0..x: the printed numbers are the scale");
        assertFalse(MatrixView.of(matrix("mixed")).plain().layout().colorBar(), "no shading, no bar");
        MatrixView.Layout l = MatrixView.of(matrix("mixed")).layout();
        assertEquals(-6600, l.lo());
        assertEquals((float) 1e12, (float) l.hi());
    }

    @Test
    void textColourFollowsTheCellsLuminance() {
        assertEquals(java.awt.Color.WHITE, Style.textOn(Style.heat(1, 0, 1)));      // darkest blue
        assertEquals(java.awt.Color.BLACK, Style.textOn(Style.heat(0, 0, 1)));       // near white
        assertEquals(java.awt.Color.WHITE, Style.textOn(Style.heat(-1, -1, 1)));     // darkest negative
        for (double v = -1; v <= 1; v += 0.01) {
            var bg = Style.heat(v, -1, 1);
            assertTrue(Style.contrast(Style.textOn(bg), bg) >= 4.5, "contrast at " + v + " of the signed scale");
            bg = Style.heat(v + 1, 0, 2);
            assertTrue(Style.contrast(Style.textOn(bg), bg) >= 4.5, "contrast at " + v + " of the 0..x scale");
        }
    }

    @Test
    void categoryNamesTurnUprightOnlyWhenTheyDoNotFit() {
        assertEquals(0, Charts.categoryLabelRotation(List.of("dense", "local", "shared")));
        assertEquals(90, Charts.categoryLabelRotation(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot", "extra", "another")));
    }

    @Test
    void colourBarsHaveTheirRangeAndRejectNonsense() {
        BufferedImage bar = Pictures.colorBar(-3, 5, true, 200);
        assertTrue(bar.getHeight() >= 200 && bar.getWidth() > 16);
        assertThrowsIae(() -> Pictures.colorBar(5, -3, true, 200));
        assertThrowsIae(() -> Pictures.colorBar(0, Double.POSITIVE_INFINITY, false, 200));
    }

    @Test
    void greyPanelsAreStoredAsGreyAndColourPanelsKeepTheirColour() {
        BufferedImage grey = Panels.titled("grey", Pictures.gray(Tensor.parse("0 0.5\n1 0.25")));
        assertEquals(BufferedImage.TYPE_BYTE_INDEXED, grey.getType());
        BufferedImage colour = Panels.titled("colour", Pictures.signed(Tensor.parse("-1 0.5\n1 0.25")));
        assertEquals(BufferedImage.TYPE_INT_RGB, colour.getType());
        // the grey copy has the same pixels
        BufferedImage rgb = Style.canvas(3, 1);
        rgb.setRGB(0, 0, 0x404040);
        rgb.setRGB(2, 0, 0x000000);
        BufferedImage g = Style.compact(rgb);
        assertEquals(0xFF404040, g.getRGB(0, 0));
        assertEquals(0xFFFFFFFF, g.getRGB(1, 0));
        // drawn into a colour picture (a panel of panels) the greys stay exact
        BufferedImage outer = Panels.row(g, Pictures.signed(Tensor.parse("-1 1\n1 -1")));
        boolean found = false;
        for (int y = 0; y < outer.getHeight() && !found; y++)
            for (int x = 0; x < outer.getWidth(); x++) if ((outer.getRGB(x, y) & 0xFFFFFF) == 0x404040) found = true;
        assertTrue(found, "the grey 0x404040 survives composition");
        // and its PNG stores the same grey levels (a browser shows a PNG's grey samples as sRGB; Java
        // reads grey PNGs as linear grey, so compare the stored samples, not getRGB)
        try {
            var bytes = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(g, "png", bytes);
            BufferedImage back = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes.toByteArray()));
            assertEquals(0x40, back.getRaster().getSample(0, 0, 0));
            assertEquals(0xFF, back.getRaster().getSample(1, 0, 0));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertThrowsIae(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw new AssertionError("expected IllegalArgumentException");
    }

    /** Pixels inside the cell (off its border) that are closer to its ink than to its background. */
    private static int inkPixels(BufferedImage img, MatrixView.CellLayout c) {
        int n = 0;
        for (int y = c.y() + 3; y < c.y() + c.height() - 2; y++)
            for (int x = c.x() + 3; x < c.x() + c.width() - 2; x++) {
                var p = new java.awt.Color(img.getRGB(x, y));
                if (dist(p, c.ink()) < dist(p, c.background())) n++;
            }
        return n;
    }

    private static int dist(java.awt.Color a, java.awt.Color b) {
        return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen()) + Math.abs(a.getBlue() - b.getBlue());
    }
}

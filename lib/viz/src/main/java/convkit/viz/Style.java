package convkit.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Shared look of every picture in this package: fonts, colours, number format, a white canvas. */
final class Style {
    private Style() {}

    static final Color BACKGROUND = Color.WHITE;
    static final Color INK = new Color(0x22, 0x22, 0x22);
    static final Color GRID = new Color(0x99, 0x99, 0x99);
    static final Color PADDING = new Color(0xE6, 0xE6, 0xE6);
    /** The zeros of the padding: dim, but still above 4.5:1 contrast on {@link #PADDING}. */
    static final Color PADDING_INK = new Color(0x55, 0x55, 0x55);
    static final Color WINDOW = new Color(0xD6, 0x27, 0x28);   // the slides' red box
    static final Color OUTPUT = new Color(0x1F, 0x77, 0xB4);
    /** Colours for several highlighted windows at once (stride and padding overviews). */
    static final Color[] CYCLE = {
        new Color(0xD6, 0x27, 0x28), new Color(0x1F, 0x77, 0xB4), new Color(0x2C, 0xA0, 0x2C),
        new Color(0xFF, 0x7F, 0x0E), new Color(0x94, 0x67, 0xBD), new Color(0x8C, 0x56, 0x4B),
        new Color(0xE3, 0x77, 0xC2), new Color(0x7F, 0x7F, 0x7F), new Color(0xBC, 0xBD, 0x22)};

    static Font font(int size) {
        return new Font(Font.SANS_SERIF, Font.PLAIN, size);
    }

    static Font bold(int size) {
        return new Font(Font.SANS_SERIF, Font.BOLD, size);
    }

    static Font mono(int size) {
        return new Font(Font.MONOSPACED, Font.PLAIN, size);
    }

    static BasicStroke stroke(float width) {
        return new BasicStroke(width);
    }

    /** A white RGB canvas with anti-aliased text and shapes; the caller disposes the graphics. */
    static BufferedImage canvas(int w, int h) {
        if (w < 1 || h < 1 || (long) w * h > 40_000_000L) {
            throw new IllegalArgumentException("picture size " + w + "x" + h + " is outside 1x1 .. 40 megapixels");
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(INK);
        return g;
    }

    /** A number as the pictures print it (see {@link Numbers}): at most {@code decimals} decimals, 4 significant digits. */
    static String num(double v, int decimals) {
        return Numbers.format(v, 4, decimals);
    }

    /** 256 grey levels as a palette: exact sRGB greys (Java's TYPE_BYTE_GRAY is linear and would lighten them). */
    private static final java.awt.image.IndexColorModel GREYS;
    static {
        byte[] v = new byte[256];
        for (int i = 0; i < 256; i++) v[i] = (byte) i;
        GREYS = new java.awt.image.IndexColorModel(8, 256, v, v, v);
    }

    /**
     * The same picture stored with one byte per pixel when every pixel is grey (photographs in grey,
     * their filter maps, text): a third of the bytes in a PNG, so notebook pages stay small.
     */
    static BufferedImage compact(BufferedImage img) {
        if (img.getColorModel() == GREYS) return img;
        int w = img.getWidth(), h = img.getHeight();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int p : row) {
                int r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
                if (r != g || g != b) return img;
            }
        }
        BufferedImage grey = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, GREYS);
        var raster = grey.getRaster();
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) raster.setSample(x, y, 0, row[x] & 0xFF);
        }
        return grey;
    }

    /** Draws {@code text} centred on (cx, cy). */
    static void centred(Graphics2D g, String text, double cx, double cy) {
        var fm = g.getFontMetrics();
        g.drawString(text, (float) (cx - fm.stringWidth(text) / 2.0), (float) (cy + (fm.getAscent() - fm.getDescent()) / 2.0));
    }

    static int textWidth(Font f, String text) {
        BufferedImage tmp = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = tmp.createGraphics();
        int w = g.getFontMetrics(f).stringWidth(text);
        g.dispose();
        return w;
    }

    /**
     * Colour of a value on a scale: white to blue for values from lo to hi; when the scale spans
     * zero, blue for negatives and red for positives, white at zero (a diverging map).
     */
    static Color heat(double v, double lo, double hi) {
        if (hi <= lo) return new Color(0xF4, 0xF7, 0xFB);
        if (lo < 0 && hi > 0) {
            double m = Math.max(-lo, hi);
            double t = Math.max(-1, Math.min(1, v / m));
            // dark ends (ColorBrewer RdBu), so white text on them passes 4.5:1 contrast
            return t >= 0 ? mix(Color.WHITE, new Color(0xB2, 0x18, 0x2B), t)
                          : mix(Color.WHITE, new Color(0x21, 0x66, 0xAC), -t);
        }
        double t = Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
        return mix(new Color(0xF7, 0xFB, 0xFF), new Color(0x08, 0x51, 0x9C), t * 0.9);
    }

    static Color mix(Color a, Color b, double t) {
        return new Color(
            (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
            (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
            (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    /**
     * Black or white text, whichever has the larger contrast ratio on {@code bg} (by relative
     * luminance): on any colour one of them reaches at least 4.58:1.
     */
    static Color textOn(Color bg) {
        return contrast(Color.WHITE, bg) > contrast(Color.BLACK, bg) ? Color.WHITE : Color.BLACK;
    }

    /** WCAG relative luminance of an sRGB colour, 0 (black) to 1 (white). */
    static double luminance(Color c) {
        double[] ch = {c.getRed() / 255.0, c.getGreen() / 255.0, c.getBlue() / 255.0};
        for (int i = 0; i < 3; i++) ch[i] = ch[i] <= 0.03928 ? ch[i] / 12.92 : Math.pow((ch[i] + 0.055) / 1.055, 2.4);
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
    }

    /** WCAG contrast ratio of two colours, 1 (none) to 21 (black on white); 4.5 is the usual minimum for text. */
    static double contrast(Color a, Color b) {
        double la = luminance(a), lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }
}

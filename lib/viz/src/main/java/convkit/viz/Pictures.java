package convkit.viz;

import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Tensors as pictures: an (H, W) map in grey levels or in a signed colour map (edges and learned
 * filters have both signs), enlarged without blurring so single pixels stay visible, and grids
 * of feature maps or filters.
 */
public final class Pictures {
    private Pictures() {}

    /** An (H, W) map in grey, stretched so its smallest value is black and its largest white. */
    public static BufferedImage gray(Tensor map) {
        requireMap(map, "gray");
        return gray(map, map.min(), map.max());
    }

    /** An (H, W) map in grey, {@code lo} black and {@code hi} white (values outside are clipped). */
    public static BufferedImage gray(Tensor map, double lo, double hi) {
        requireMap(map, "gray");
        int h = map.dim(0), w = map.dim(1);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        float[] d = map.buffer();
        double span = hi > lo ? hi - lo : 1;
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                int v = (int) Math.round(255 * Math.max(0, Math.min(1, (d[i * w + j] - lo) / span)));
                img.setRGB(j, i, (v << 16) | (v << 8) | v);
            }
        return img;
    }

    /**
     * An (H, W) map with negatives in blue, zero white and positives in red, symmetric around zero.
     * The colour scale ends at the 99th percentile of |value|, so a few extreme pixels do not wash
     * out the rest (edge maps of photographs have such outliers); larger values are drawn at full colour.
     */
    public static BufferedImage signed(Tensor map) {
        requireMap(map, "signed");
        return signed(map, signedLimit(map));
    }

    /** Where {@link #signed(Tensor)}'s colour scale ends: the 99th percentile of |value| (the largest if that is 0). */
    static double signedLimit(Tensor map) {
        float[] abs = map.toArray();
        for (int i = 0; i < abs.length; i++) abs[i] = Math.abs(abs[i]);
        java.util.Arrays.sort(abs);
        double limit = abs[Math.min(abs.length - 1, (int) Math.floor(0.99 * (abs.length - 1)))];
        return limit > 0 ? limit : abs[abs.length - 1];
    }

    /** As {@link #signed(Tensor)} with the colour scale ending at {@code limit} (values beyond it are clipped). */
    public static BufferedImage signed(Tensor map, double limit) {
        requireMap(map, "signed");
        int h = map.dim(0), w = map.dim(1);
        double m = limit > 0 ? limit : 1;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        float[] d = map.buffer();
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) img.setRGB(j, i, Style.heat(d[i * w + j], -m, m).getRGB());
        return img;
    }

    /** Enlarges by a whole factor, each pixel becoming a factor x factor block (no blur). */
    public static BufferedImage scale(BufferedImage img, int factor) {
        if (factor < 1 || factor > 64) throw new IllegalArgumentException("scale: factor " + factor + " is outside 1..64");
        BufferedImage out = new BufferedImage(img.getWidth() * factor, img.getHeight() * factor, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(img, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }

    /** Enlarges so the longer side is about {@code px} pixels (a whole factor, at least 1). */
    public static BufferedImage fit(BufferedImage img, int px) {
        int f = Math.max(1, px / Math.max(img.getWidth(), img.getHeight()));
        return f == 1 ? img : scale(img, f);
    }

    /**
     * Feature maps as a grid of small grey pictures labelled "#0", "#1", ..., all on one grey scale
     * (so a weak map looks weak), with a colour bar giving that scale's range.
     *
     * @param maps (C, H, W), or (1, C, H, W) for one image of a batch
     */
    public static BufferedImage featureMaps(Tensor maps, int cols, int tilePx) {
        Tensor m = maps.rank() == 4 && maps.dim(0) == 1 ? maps.at(0) : maps;
        if (m.rank() != 3) {
            throw new ShapeException("featureMaps: expected (C, H, W) or (1, C, H, W), got shape " + maps.shape());
        }
        double lo = m.min(), hi = m.max();
        List<BufferedImage> tiles = new ArrayList<>();
        for (int c = 0; c < m.dim(0); c++) tiles.add(Panels.titled("#" + c, fit(gray(m.at(c), lo, hi), tilePx)));
        BufferedImage grid = Panels.grid(tiles, cols);
        return Panels.row(grid, colorBar(lo, hi, false, Math.min(grid.getHeight() - 28, 240)));
    }

    /**
     * Learned filters as a grid: weights (F, C, U, V), one tile per filter (channel 0 when C > 1
     * unless {@code C} is 1), in the signed colour map on one scale for all of them: red where the
     * filter adds, blue where it subtracts, with a colour bar giving the range.
     */
    public static BufferedImage filters(Tensor weights, int cols, int tilePx) {
        if (weights.rank() != 4) {
            throw new ShapeException("filters: expected weights (F, C, U, V), got shape " + weights.shape());
        }
        double limit = Math.max(Math.abs(weights.min()), Math.abs(weights.max()));
        List<BufferedImage> tiles = new ArrayList<>();
        for (int f = 0; f < weights.dim(0); f++) tiles.add(Panels.titled("#" + f, fit(signed(weights.at(f).at(0), limit), tilePx)));
        BufferedImage grid = Panels.grid(tiles, cols);
        return Panels.row(grid, colorBar(-limit, limit, true, Math.min(grid.getHeight() - 28, 240)));
    }

    /**
     * A colour bar {@code height} pixels tall for a map drawn from {@code lo} (bottom) to {@code hi}
     * (top): the signed red-white-blue scale of {@link #signed(Tensor, double)} or the grey scale of
     * {@link #gray(Tensor, double, double)}, its ends (and 0 when inside) written beside it.
     */
    public static BufferedImage colorBar(double lo, double hi, boolean signed, int height) {
        if (!(hi >= lo) || Double.isInfinite(lo) || Double.isInfinite(hi))
            throw new IllegalArgumentException("colorBar: range " + lo + ".." + hi + " is not a finite lo <= hi");
        int barH = Math.max(40, height), barW = 16, top = 8;
        Font f = Style.font(12);
        String hiText = Numbers.format(hi), loText = Numbers.format(lo);
        int textW = Math.max(Style.textWidth(f, hiText), Style.textWidth(f, loText));
        BufferedImage img = Style.canvas(barW + 8 + textW + 6, barH + 2 * top);
        Graphics2D g = Style.graphics(img);
        double m = Math.max(Math.abs(lo), Math.abs(hi));
        for (int y = 0; y < barH; y++) {
            double v = hi - (hi - lo) * y / Math.max(1, barH - 1);
            Color c;
            if (signed) c = Style.heat(v, -(m > 0 ? m : 1), m > 0 ? m : 1);
            else {
                int k = (int) Math.round(255 * (hi > lo ? (v - lo) / (hi - lo) : 0.5));
                c = new Color(k, k, k);
            }
            g.setColor(c);
            g.drawLine(0, top + y, barW, top + y);
        }
        g.setColor(Style.GRID);
        g.drawRect(0, top, barW, barH - 1);
        g.setColor(Style.INK);
        g.setFont(f);
        var fm = g.getFontMetrics();
        g.drawString(hiText, barW + 6, top + fm.getAscent() - 2);
        g.drawString(loText, barW + 6, top + barH);
        if (lo < 0 && hi > 0) {
            int y0 = top + (int) Math.round((hi / (hi - lo)) * (barH - 1));
            if (y0 - top > fm.getHeight() && top + barH - y0 > fm.getHeight()) {
                g.drawLine(barW - 4, y0, barW + 3, y0);
                g.drawString("0", barW + 6, y0 + fm.getAscent() / 2 - 1);
            }
        }
        g.dispose();
        return img;
    }

    /**
     * An (H, W) map of signed values (an edge map, a filter) in the signed colour map, enlarged or
     * shrunk so its longer side is about {@code px} pixels, with a colour bar of the range drawn (see {@link #signed(Tensor)}).
     */
    public static BufferedImage signedWithBar(Tensor map, int px) {
        double limit = signedLimit(map);
        BufferedImage pic = sized(signed(map, limit), px);
        return Panels.row(pic, colorBar(-limit, limit, true, pic.getHeight() - 16));
    }

    /** An (H, W) map in grey from {@code lo} (black) to {@code hi} (white), with a colour bar of that range. */
    public static BufferedImage grayWithBar(Tensor map, double lo, double hi, int px) {
        BufferedImage pic = sized(gray(map, lo, hi), px);
        return Panels.row(pic, colorBar(lo, hi, false, pic.getHeight() - 16));
    }

    /** Enlarged by a whole factor (small maps, pixels kept sharp) or shrunk, so the longer side is about {@code px}. */
    static BufferedImage sized(BufferedImage img, int px) {
        return Math.max(img.getWidth(), img.getHeight()) > px ? shrink(img, px) : fit(img, px);
    }

    /**
     * A picture made smaller so that its longer side is at most {@code maxSide} pixels, smoothly
     * (several halving steps, so photographs stay sharp); smaller pictures are returned unchanged.
     */
    public static BufferedImage shrink(BufferedImage img, int maxSide) {
        if (maxSide < 8) throw new IllegalArgumentException("shrink: maxSide " + maxSide + " is below 8 pixels");
        BufferedImage out = img;
        while (Math.max(out.getWidth(), out.getHeight()) > maxSide) {
            double f = Math.max(0.5, maxSide / (double) Math.max(out.getWidth(), out.getHeight()));
            out = SlidingWindow.shrink(out, f);
        }
        return out;
    }

    /** The three channels of an RGB picture as (3, H, W) values in 0..255 (R, G, B): what the computer stores. */
    public static Tensor channels(BufferedImage img) {
        int h = img.getHeight(), w = img.getWidth();
        float[] d = new float[3 * h * w];
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                int rgb = img.getRGB(j, i);
                d[i * w + j] = (rgb >> 16) & 0xFF;
                d[h * w + i * w + j] = (rgb >> 8) & 0xFF;
                d[2 * h * w + i * w + j] = rgb & 0xFF;
            }
        return Tensor.of(d, 3, h, w);
    }

    /** One channel (H, W) tinted in its own colour: c = 0 red, 1 green, 2 blue. */
    public static BufferedImage tinted(Tensor channel, int c) {
        requireMap(channel, "tinted");
        int h = channel.dim(0), w = channel.dim(1);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        float[] d = channel.buffer();
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                int v = Math.max(0, Math.min(255, Math.round(d[i * w + j])));
                img.setRGB(j, i, new Color(c == 0 ? v : 0, c == 1 ? v : 0, c == 2 ? v : 0).getRGB());
            }
        return img;
    }

    private static void requireMap(Tensor t, String what) {
        if (t.rank() != 2) {
            throw new ShapeException("Pictures." + what + ": expected an (H, W) map, got shape " + t.shape()
                    + (t.rank() == 3 ? "; for (C, H, W) use featureMaps, or pick one channel with t.at(c)" : ""));
        }
    }
}

package convkit.viz;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts pictures together: side by side with the operators of an equation between them
 * ({@code X ⊗ K = Y}), in columns, or in a grid. Strings among the parts are drawn as large
 * text, so {@code Panels.row(x, "⊗", k, "=", y)} reads like the slide.
 */
public final class Panels {
    private Panels() {}

    private static final int GAP = 14;

    /** Parts left to right, centred vertically: each part a {@link BufferedImage} or a String (an operator or a label). */
    public static BufferedImage row(Object... parts) {
        List<BufferedImage> imgs = new ArrayList<>();
        for (Object p : parts) imgs.add(asImage(p));
        int w = GAP, h = 0;
        for (BufferedImage i : imgs) {
            w += i.getWidth() + GAP;
            h = Math.max(h, i.getHeight());
        }
        BufferedImage out = Style.canvas(w, h + 2 * GAP);
        Graphics2D g = Style.graphics(out);
        int x = GAP;
        for (BufferedImage i : imgs) {
            g.drawImage(i, x, GAP + (h - i.getHeight()) / 2, null);
            x += i.getWidth() + GAP;
        }
        g.dispose();
        return Style.compact(out);
    }

    /** Parts top to bottom, left-aligned. */
    public static BufferedImage column(Object... parts) {
        List<BufferedImage> imgs = new ArrayList<>();
        for (Object p : parts) imgs.add(asImage(p));
        int w = 0, h = GAP;
        for (BufferedImage i : imgs) {
            w = Math.max(w, i.getWidth());
            h += i.getHeight() + GAP;
        }
        BufferedImage out = Style.canvas(w + 2 * GAP, h);
        Graphics2D g = Style.graphics(out);
        int y = GAP;
        for (BufferedImage i : imgs) {
            g.drawImage(i, GAP, y, null);
            y += i.getHeight() + GAP;
        }
        g.dispose();
        return Style.compact(out);
    }

    /** Pictures in a grid of {@code cols} columns, each in a cell as large as the largest picture. */
    public static BufferedImage grid(List<BufferedImage> images, int cols) {
        if (images.isEmpty()) throw new IllegalArgumentException("Panels.grid: no pictures to lay out");
        if (cols < 1) throw new IllegalArgumentException("Panels.grid: cols must be at least 1, got " + cols);
        int cw = 0, ch = 0;
        for (BufferedImage i : images) {
            cw = Math.max(cw, i.getWidth());
            ch = Math.max(ch, i.getHeight());
        }
        int c = Math.min(cols, images.size());
        int r = (images.size() + c - 1) / c;
        BufferedImage out = Style.canvas(GAP + c * (cw + GAP), GAP + r * (ch + GAP));
        Graphics2D g = Style.graphics(out);
        for (int k = 0; k < images.size(); k++) {
            g.drawImage(images.get(k), GAP + (k % c) * (cw + GAP), GAP + (k / c) * (ch + GAP), null);
        }
        g.dispose();
        return Style.compact(out);
    }

    /** A picture with a title above it. */
    public static BufferedImage titled(String title, BufferedImage img) {
        Font f = Style.bold(15);
        int tw = Style.textWidth(f, title);
        BufferedImage out = Style.canvas(Math.max(img.getWidth(), tw + 8), img.getHeight() + 24);
        Graphics2D g = Style.graphics(out);
        g.setFont(f);
        g.drawString(title, 4, 17);
        g.drawImage(img, 0, 24, null);
        g.dispose();
        return Style.compact(out);
    }

    /** Text as a picture (several lines allowed), e.g. the formula under a chart. */
    public static BufferedImage text(String text, int size) {
        String[] lines = text.split("\n");
        Font f = Style.font(size);
        int w = 1;
        for (String l : lines) w = Math.max(w, Style.textWidth(f, l));
        int lh = size + size / 2;
        BufferedImage out = Style.canvas(w + 8, lines.length * lh + 8);
        Graphics2D g = Style.graphics(out);
        g.setFont(f);
        for (int k = 0; k < lines.length; k++) g.drawString(lines[k], 4, 4 + size + k * lh);
        g.dispose();
        return out;
    }

    private static BufferedImage asImage(Object p) {
        if (p instanceof BufferedImage b) return b;
        if (p instanceof MatrixView m) return m.render();
        if (p instanceof CharSequence s) return text(s.toString(), 30);
        throw new IllegalArgumentException("Panels: a part must be a BufferedImage, a MatrixView or a String, got "
                + (p == null ? "null" : p.getClass().getSimpleName()));
    }
}

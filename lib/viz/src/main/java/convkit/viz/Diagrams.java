package convkit.viz;

import convkit.conv.ConvSpec;
import convkit.conv.Kernel1d;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Drawings that are not charts: 1D convolution as a sparse network (each output connected only to
 * the inputs under its window, every edge carrying one of the shared weights), and layer volumes
 * (W x H x D boxes) with arrows between them.
 */
public final class Diagrams {
    private Diagrams() {}

    /** One box of a volume diagram: a label and its height, width and depth (channels). */
    public record Volume(String label, int height, int width, int depth) {
        public Volume {
            if (height < 1 || width < 1 || depth < 1) {
                throw new ShapeException("Volume \"" + label + "\": sizes must be at least 1, got " + height + "x" + width + "x" + depth);
            }
        }
    }

    /**
     * 1D convolution drawn as a network: the input row at the bottom (padding zeros grey), the output
     * row on top, and an edge from each output to each input of its window, labelled with its weight.
     * With {@code convolve} the reversed kernel is used (true convolution), as the lecture's
     * {@code y_t = sum_k w_k x_{t-k+1}} does.
     */
    public static BufferedImage conv1d(String title, Tensor x, Kernel1d kernel, boolean convolve) {
        if (x.rank() != 1) throw new ShapeException("Diagrams.conv1d: x must be a rank-1 signal, got " + x.shape());
        Kernel1d k = convolve ? kernel.flip() : kernel;
        Tensor y = k.correlate(x);
        ConvSpec s = k.spec();
        int p = s.padW(), stride = s.strideW(), d = s.dilationW(), f = k.length();
        int m = x.dim(0), n = m + 2 * p;
        int cell = 46, gap = 14, margin = 20;
        int width = Math.max(Math.max(margin * 2 + n * (cell + gap), 360), Style.textWidth(Style.bold(15), title) + 2 * margin);
        int height = 300;
        BufferedImage img = Style.canvas(width, height);
        Graphics2D g = Style.graphics(img);
        g.setFont(Style.bold(15));
        g.drawString(title, margin, 24);
        int inY = height - 40 - cell, outY = 60;
        double[] inX = new double[n];
        for (int i = 0; i < n; i++) inX[i] = margin + i * (cell + gap) + cell / 2.0;
        float[] w = k.weights().toArray();
        int outs = y.dim(0);
        double[] outX = new double[outs];
        for (int t = 0; t < outs; t++) {
            double first = inX[t * stride], last = inX[t * stride + d * (f - 1)];
            outX[t] = (first + last) / 2;
        }
        g.setFont(Style.font(12));
        for (int t = 0; t < outs; t++)
            for (int kk = 0; kk < f; kk++) {
                int i = t * stride + kk * d;
                g.setColor(w[kk] == 0 ? new Color(0xBB, 0xBB, 0xBB) : Style.CYCLE[kk % Style.CYCLE.length]);
                g.setStroke(Style.stroke(w[kk] == 0 ? 1f : 2f));
                g.draw(new Line2D.Double(outX[t], outY + cell, inX[i], inY));
                double lx = outX[t] + (inX[i] - outX[t]) * 0.72, ly = outY + cell + (inY - outY - cell) * 0.72;
                if (t == 0) Style.centred(g, Style.num(w[kk], 3), lx + (inX[i] >= outX[t] ? 9 : -9), ly);
            }
        g.setStroke(Style.stroke(1f));
        g.setFont(Style.font(15));
        for (int i = 0; i < n; i++) {
            boolean pad = i < p || i >= p + m;
            drawNode(g, inX[i], inY, cell, pad ? Style.PADDING : new Color(0xEE, 0xF3, 0xFA), pad ? "0" : Style.num(x.get(i - p), 3), pad);
        }
        for (int t = 0; t < outs; t++) drawNode(g, outX[t], outY, cell, new Color(0xFD, 0xEB, 0xD3), Style.num(y.get(t), 3), false);
        g.setColor(Style.INK);
        g.setFont(Style.font(13));
        g.drawString("x (input" + (p > 0 ? ", zero padding P=" + p : "") + ")", margin, height - 14);
        g.drawString("y: " + outs + " outputs, stride S=" + stride, margin, outY - 8);
        g.dispose();
        return img;
    }

    /** Breaks a label after ", " wherever a line would pass {@code width} characters. */
    static String wrap(String label, int width) {
        StringBuilder out = new StringBuilder();
        for (String line : label.split("\n")) {
            if (out.length() > 0) out.append('\n');
            int col = 0;
            String[] parts = line.split("(?<=, )");
            for (String part : parts) {
                if (col > 0 && col + part.length() > width) {
                    out.append('\n');
                    col = 0;
                }
                out.append(col == 0 ? part.stripLeading() : part);
                col += part.length();
            }
        }
        return out.toString();
    }

    private static void drawNode(Graphics2D g, double cx, int top, int cell, Color fill, String text, boolean pad) {
        int x = (int) Math.round(cx - cell / 2.0);
        g.setColor(fill);
        g.fillRoundRect(x, top, cell, cell, 10, 10);
        g.setColor(Style.GRID);
        g.drawRoundRect(x, top, cell, cell, 10, 10);
        g.setColor(pad ? Style.GRID : Style.INK);
        Style.centred(g, text, cx, top + cell / 2.0);
    }

    /**
     * Layer volumes left to right as boxes drawn in perspective (W x H in front, depth D going back),
     * each labelled with its size, arrows between them labelled with what happens.
     *
     * @param volumes the volumes in order
     * @param steps   the labels of the arrows, one fewer than the volumes (e.g. "conv 5x5, 6 filters")
     */
    public static BufferedImage volumes(List<Volume> volumes, List<String> steps) {
        if (volumes.isEmpty()) throw new IllegalArgumentException("Diagrams.volumes: no volumes");
        if (steps.size() != volumes.size() - 1) {
            throw new IllegalArgumentException("Diagrams.volumes: " + volumes.size() + " volumes need " + (volumes.size() - 1)
                    + " arrow labels, got " + steps.size());
        }
        int maxSide = 1;
        for (Volume v : volumes) maxSide = Math.max(maxSide, Math.max(v.height(), v.width()));
        // rows no wider than a page shows at full size; a row after the first starts with the arrow that leads into it
        List<BufferedImage> rows = new java.util.ArrayList<>();
        int from = 0, width = MARGIN;
        for (int i = 0; i < volumes.size(); i++) {
            int w = boxWidth(volumes.get(i), maxSide) + ARROW;
            if (i > from && width + w > MAX_WIDTH) {
                rows.add(row(volumes.subList(from, i), steps, from, maxSide));
                from = i;
                width = MARGIN + ARROW;
            }
            width += w;
        }
        rows.add(row(volumes.subList(from, volumes.size()), steps, from, maxSide));
        return rows.size() == 1 ? rows.get(0) : Panels.column(rows.toArray());
    }

    /** Widest a row of volumes gets before the rest goes to the next row. */
    static final int MAX_WIDTH = 1100;
    private static final int ARROW = 130;
    private static final int MARGIN = 24;

    private static int boxWidth(Volume v, int maxSide) {
        return (int) Math.round(12 + 96 * Math.sqrt(v.width() / (double) maxSide)) + depth(v) / 2;
    }

    private static int depth(Volume v) {
        return (int) Math.round(8 + 12 * Math.log(v.depth()) / Math.log(2));   // logarithmic: 1 to 1000s of channels
    }

    /** Volumes {@code first..} of a diagram in one row; an arrow labelled {@code steps[first - 1]} leads in when first > 0. */
    private static BufferedImage row(List<Volume> volumes, List<String> steps, int first, int maxSide) {
        int arrow = ARROW, margin = MARGIN;
        int[] ws = new int[volumes.size()], hs = new int[volumes.size()], ds = new int[volumes.size()];
        int total = margin + (first > 0 ? arrow : 0);
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            // square-root scale for the sides, so 1x1 and 32x32 both show
            ws[i] = (int) Math.round(12 + 96 * Math.sqrt(v.width() / (double) maxSide));
            hs[i] = (int) Math.round(12 + 96 * Math.sqrt(v.height() / (double) maxSide));
            ds[i] = depth(v);
            total += ws[i] + ds[i] / 2 + (i < volumes.size() - 1 ? arrow : 0);
        }
        int height = 0;
        for (int i = 0; i < volumes.size(); i++) height = Math.max(height, hs[i] + ds[i] / 2);
        BufferedImage img = Style.canvas(total + margin + 60, height + 110);
        Graphics2D g = Style.graphics(img);
        int x = margin, base = 30 + height;
        if (first > 0) {
            arrow(g, x, base - hs[0] / 2, steps.get(first - 1));
            x += arrow;
        }
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            int w = ws[i], h = hs[i], dx = ds[i] / 2, dy = ds[i] / 2;
            int top = base - h;
            Color face = Style.mix(Color.WHITE, Style.CYCLE[(first + i) % Style.CYCLE.length], 0.35);
            g.setColor(Style.mix(face, Color.BLACK, 0.15));
            g.fillPolygon(new int[] {x, x + dx, x + dx + w, x + w}, new int[] {top, top - dy, top - dy, top}, 4);
            g.setColor(Style.mix(face, Color.BLACK, 0.3));
            g.fillPolygon(new int[] {x + w, x + w + dx, x + w + dx, x + w}, new int[] {top, top - dy, top - dy + h, top + h}, 4);
            g.setColor(face);
            g.fillRect(x, top, w, h);
            g.setColor(Style.INK);
            g.drawRect(x, top, w, h);
            g.drawPolygon(new int[] {x, x + dx, x + dx + w, x + w}, new int[] {top, top - dy, top - dy, top}, 4);
            g.drawPolygon(new int[] {x + w, x + w + dx, x + w + dx, x + w}, new int[] {top, top - dy, top - dy + h, top + h}, 4);
            g.setFont(Style.bold(13));
            g.drawString(v.label(), x, base + 22);
            g.setFont(Style.font(13));
            g.drawString(v.height() + "x" + v.width() + "x" + v.depth(), x, base + 40);
            x += w + dx;
            if (i < volumes.size() - 1) {   // the arrow out of a row's last volume starts the next row
                arrow(g, x, base - h / 2, steps.get(first + i));
                x += arrow;
            }
        }
        g.dispose();
        return img;
    }

    private static void arrow(Graphics2D g, int x, int ay, String label) {
        int arrow = ARROW;
        g.setColor(Style.INK);
        g.setStroke(Style.stroke(2f));
        g.drawLine(x + 10, ay, x + arrow - 10, ay);
        g.fillPolygon(new int[] {x + arrow - 10, x + arrow - 20, x + arrow - 20}, new int[] {ay, ay - 6, ay + 6}, 3);
        g.setStroke(Style.stroke(1f));
        g.setFont(Style.font(12));
        String[] lines = wrap(label, 18).split("\n");
        for (int l = 0; l < lines.length; l++) Style.centred(g, lines[l], x + arrow / 2.0, ay - 14 - (lines.length - 1 - l) * 15);
    }
}

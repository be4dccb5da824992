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
 * A matrix drawn the way the slides draw it: a grid of cells with the numbers in them, shaded
 * as a heat map, with windows (the sliding kernel's current position) outlined in colour.
 * Immutable; every setting returns a new view and {@link #render()} draws it.
 *
 * <pre>{@code
 * jshell> MatrixView.of(X).title("X").highlight(0, 0, 3, 3).render()      // the 429 window of L09
 * jshell> MatrixView.of(Xpadded).padding(1).highlight(0, 0, 3, 3).render() // zeros of the padding in grey
 * }</pre>
 */
public final class MatrixView {
    /** An outlined rectangle of cells. */
    record Box(int row, int col, int height, int width, Color color) {}

    private final double[][] values;
    private final String title;
    private final String caption;
    private final List<Box> boxes;
    private final int padding;
    private final double[][] weights;   // small numbers shown in the corner of the cells of a window
    private final int weightsRow;
    private final int weightsCol;
    private final int shown;            // cells shown, row-major; the rest are left empty
    private final boolean heat;
    private final List<String> rowLabels;
    private final List<String> colLabels;
    private final int cell;
    private final int decimals;

    private MatrixView(double[][] values, String title, String caption, List<Box> boxes, int padding, double[][] weights,
                       int weightsRow, int weightsCol, int shown, boolean heat, List<String> rowLabels,
                       List<String> colLabels, int cell, int decimals) {
        this.values = values;
        this.title = title;
        this.caption = caption;
        this.boxes = List.copyOf(boxes);
        this.padding = padding;
        this.weights = weights;
        this.weightsRow = weightsRow;
        this.weightsCol = weightsCol;
        this.shown = shown;
        this.heat = heat;
        this.rowLabels = rowLabels;
        this.colLabels = colLabels;
        this.cell = cell;
        this.decimals = decimals;
    }

    /** A view of a matrix (H, W); a vector (M) is drawn as one row. */
    public static MatrixView of(Tensor t) {
        if (t.rank() == 1) return of(new double[][] {toDoubles(t)});
        if (t.rank() != 2) {
            throw new ShapeException("MatrixView.of: expected a vector (M) or a matrix (H, W), got shape " + t.shape()
                    + "; pick one map first, e.g. t.at(0).at(0) for image 0, channel 0 of (N, C, H, W)");
        }
        return of(t.toMatrix());
    }

    public static MatrixView of(double[][] rows) {
        if (rows.length == 0 || rows[0].length == 0) throw new ShapeException("MatrixView.of: the matrix is empty");
        double[][] copy = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != rows[0].length) {
                throw new ShapeException("MatrixView.of: row " + i + " has " + rows[i].length + " values, row 0 has " + rows[0].length);
            }
            copy[i] = rows[i].clone();
        }
        return new MatrixView(copy, null, null, List.of(), 0, null, 0, 0, Integer.MAX_VALUE, true, null, null, 44, 3);
    }

    /** A confusion matrix: rows are the true classes, columns the predicted ones, counts in the cells. */
    public static MatrixView confusion(int[][] counts, List<String> classNames) {
        double[][] v = new double[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            v[i] = new double[counts[i].length];
            for (int j = 0; j < counts[i].length; j++) v[i][j] = counts[i][j];
        }
        if (classNames.size() != counts.length || counts.length != v[0].length) {
            throw new ShapeException("MatrixView.confusion: " + counts.length + "x" + v[0].length + " counts for "
                    + classNames.size() + " class names; expected a square matrix with one row per class");
        }
        return of(v).labels(classNames, classNames).cellSize(54)
                .caption("rows: true class, columns: predicted class");
    }

    private MatrixView with(String title, String caption, List<Box> boxes, int padding, double[][] weights, int wr, int wc,
                            int shown, boolean heat, List<String> rl, List<String> cl, int cell, int decimals) {
        return new MatrixView(values, title, caption, boxes, padding, weights, wr, wc, shown, heat, rl, cl, cell, decimals);
    }

    public MatrixView title(String t) {
        return with(t, caption, boxes, padding, weights, weightsRow, weightsCol, shown, heat, rowLabels, colLabels, cell, decimals);
    }

    /** Text under the grid (several lines allowed). */
    public MatrixView caption(String c) {
        return with(title, c, boxes, padding, weights, weightsRow, weightsCol, shown, heat, rowLabels, colLabels, cell, decimals);
    }

    /** Outlines the window of {@code height x width} cells whose top-left cell is (row, col), in the slides' red. */
    public MatrixView highlight(int row, int col, int height, int width) {
        return highlight(row, col, height, width, Style.WINDOW);
    }

    public MatrixView highlight(int row, int col, int height, int width, Color color) {
        if (row < 0 || col < 0 || height < 1 || width < 1 || row + height > values.length || col + width > values[0].length) {
            throw new ShapeException("MatrixView.highlight: window at (" + row + ", " + col + ") of size " + height + "x" + width
                    + " does not fit the " + values.length + "x" + values[0].length + " matrix");
        }
        List<Box> b = new ArrayList<>(boxes);
        b.add(new Box(row, col, height, width, color));
        return with(title, caption, b, padding, weights, weightsRow, weightsCol, shown, heat, rowLabels, colLabels, cell, decimals);
    }

    /** Marks the outer {@code p} rings as zero padding: drawn grey, so the original input stands out. */
    public MatrixView padding(int p) {
        if (p < 0 || 2 * p >= Math.min(values.length, values[0].length)) {
            throw new ShapeException("MatrixView.padding: P=" + p + " leaves nothing of the " + values.length + "x" + values[0].length + " matrix");
        }
        return with(title, caption, boxes, p, weights, weightsRow, weightsCol, shown, heat, rowLabels, colLabels, cell, decimals);
    }

    /** Writes the kernel's weights small in the corner of the cells they multiply, window top-left at (row, col). */
    public MatrixView weights(Tensor kernel, int row, int col) {
        Tensor k = kernel.rank() == 1 ? kernel.reshape(1, kernel.dim(0)) : kernel;
        return with(title, caption, boxes, padding, k.toMatrix(), row, col, shown, heat, rowLabels, colLabels, cell, decimals);
    }

    /** Shows only the first {@code n} cells (row-major) and leaves the rest empty: an output being filled in. */
    public MatrixView firstCells(int n) {
        return with(title, caption, boxes, padding, weights, weightsRow, weightsCol, Math.max(0, n), heat, rowLabels, colLabels, cell, decimals);
    }

    /** Plain white cells instead of a heat map. */
    public MatrixView plain() {
        return with(title, caption, boxes, padding, weights, weightsRow, weightsCol, shown, false, rowLabels, colLabels, cell, decimals);
    }

    public MatrixView labels(List<String> rows, List<String> cols) {
        if (rows != null && rows.size() != values.length || cols != null && cols.size() != values[0].length) {
            throw new ShapeException("MatrixView.labels: " + (rows == null ? 0 : rows.size()) + " row and "
                    + (cols == null ? 0 : cols.size()) + " column labels for a " + values.length + "x" + values[0].length + " matrix");
        }
        return with(title, caption, boxes, padding, weights, weightsRow, weightsCol, shown, heat,
                rows == null ? null : List.copyOf(rows), cols == null ? null : List.copyOf(cols), cell, decimals);
    }

    /** Cell size in pixels (default 44). */
    public MatrixView cellSize(int px) {
        if (px < 8 || px > 200) throw new IllegalArgumentException("cellSize: " + px + " px is outside 8..200");
        return with(title, caption, boxes, padding, weights, weightsRow, weightsCol, shown, heat, rowLabels, colLabels, px, decimals);
    }

    /** At most this many decimals for values that are not whole numbers (default 3; see {@link Numbers}). */
    public MatrixView decimals(int d) {
        return with(title, caption, boxes, padding, weights, weightsRow, weightsCol, shown, heat, rowLabels, colLabels, cell, Math.max(0, Math.min(6, d)));
    }

    public int rows() {
        return values.length;
    }

    public int cols() {
        return values[0].length;
    }

    /** Where one cell and its label go: the cell's rectangle, its text, the text's width and both colours. */
    record CellLayout(int row, int col, int x, int y, int width, int height, String text, int textWidth, Color background, Color ink) {}

    /** Where everything goes: the picture's size, the cells (those shown) and the colour bar's range, if any. */
    record Layout(int width, int height, int left, int top, int cellWidth, int cellHeight, double lo, double hi,
                  boolean colorBar, List<CellLayout> cells, Font numberFont) {}

    /** Values at most this many pixels wide fit the default cell; wider ones widen every column. */
    private static final int CELL_PAD = 10;
    private static final int BAR_W = 16;

    /** The text of one value: whole numbers in full, others with at most {@link #decimals(int)} decimals (see {@link Numbers}). */
    String text(double v) {
        return Numbers.format(v, 4, decimals);
    }

    /**
     * The layout rules, so they hold for any matrix: every column as wide as the widest printed value
     * (and the weight written in its corner) needs, the text colour chosen by the cell's luminance,
     * and a colour bar with the range when the shading stands for signed values.
     */
    Layout layout() {
        int h = values.length, w = values[0].length;
        int margin = 10;
        int titleH = title == null ? 0 : 30;
        Font labelFont = Style.font(Math.max(10, cell / 4 + 3));
        Font numFont = Style.font(Math.max(9, Math.min(cell * 2 / 5, 18)));
        Font subFont = Style.font(Math.max(8, cell / 4));
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = padding; i < h - padding; i++)
            for (int j = padding; j < w - padding; j++) {
                lo = Math.min(lo, values[i][j]);
                hi = Math.max(hi, values[i][j]);
            }
        if (lo > 0) lo = 0; // scales start at zero for non-negative data
        int widest = 0;
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                if (i * w + j >= shown) continue;
                int tw = Style.textWidth(numFont, text(values[i][j]));
                if (weights != null) {
                    int u = i - weightsRow, v = j - weightsCol;
                    if (u >= 0 && v >= 0 && u < weights.length && v < weights[0].length)
                        tw = Math.max(tw, Style.textWidth(subFont, weightText(weights[u][v])) + 4);
                }
                widest = Math.max(widest, tw);
            }
        int cellW = Math.max(cell, widest + CELL_PAD), cellH = cell;
        int left = margin, top = margin + titleH;
        if (rowLabels != null) {
            int lw = 0;
            for (String s : rowLabels) lw = Math.max(lw, Style.textWidth(labelFont, s));
            left += lw + 8;
        }
        if (colLabels != null) {
            int lw = 0;
            for (String s : colLabels) lw = Math.max(lw, Style.textWidth(labelFont, s));
            top += Math.min(lw, 90) + 8;
        }
        boolean bar = heat && lo < 0 && hi > lo;
        int barW = bar ? BAR_W + 14 + Math.max(Style.textWidth(Style.font(12), Numbers.format(lo)), Style.textWidth(Style.font(12), Numbers.format(hi))) : 0;
        String[] capLines = caption == null ? new String[0] : caption.split("\n");
        int capW = 0;
        for (String s : capLines) capW = Math.max(capW, Style.textWidth(Style.font(14), s));
        int gridW = w * cellW, gridH = h * cellH;
        int titleW = title == null ? 0 : Style.textWidth(Style.bold(16), title);
        int width = Math.max(left + gridW + (bar ? 12 + barW : 0) + margin, Math.max(capW, titleW) + 2 * margin);
        int height = top + gridH + margin + capLines.length * 20 + (capLines.length > 0 ? 6 : 0);
        List<CellLayout> cells = new ArrayList<>();
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                if (i * w + j >= shown) continue;
                boolean pad = i < padding || j < padding || i >= h - padding || j >= w - padding;
                Color bg = pad ? Style.PADDING : heat ? Style.heat(values[i][j], lo, hi) : Color.WHITE;
                String t = text(values[i][j]);
                cells.add(new CellLayout(i, j, left + j * cellW, top + i * cellH, cellW, cellH, t, Style.textWidth(numFont, t), bg,
                        pad ? Style.PADDING_INK : Style.textOn(bg)));
            }
        return new Layout(width, height, left, top, cellW, cellH, lo, hi, bar, cells, numFont);
    }

    private static String weightText(double w) {
        return "×" + Style.num(w, 2);
    }

    public BufferedImage render() {
        Layout L = layout();
        int h = values.length, w = values[0].length;
        int margin = 10, cellW = L.cellWidth(), cellH = L.cellHeight(), left = L.left(), top = L.top();
        Font labelFont = Style.font(Math.max(10, cell / 4 + 3));
        Font subFont = Style.font(Math.max(8, cell / 4));
        String[] capLines = caption == null ? new String[0] : caption.split("\n");
        BufferedImage img = Style.canvas(L.width(), L.height());
        Graphics2D g = Style.graphics(img);
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                g.setColor(Style.GRID);
                g.drawRect(left + j * cellW, top + i * cellH, cellW, cellH);
            }
        for (CellLayout c : L.cells()) {
            g.setColor(c.background());
            g.fillRect(c.x(), c.y(), c.width(), c.height());
            g.setColor(Style.GRID);
            g.drawRect(c.x(), c.y(), c.width(), c.height());
            g.setColor(c.ink());
            g.setFont(L.numberFont());
            Style.centred(g, c.text(), c.x() + c.width() / 2.0, c.y() + c.height() / 2.0);
            if (weights != null) {
                int u = c.row() - weightsRow, v = c.col() - weightsCol;
                if (u >= 0 && v >= 0 && u < weights.length && v < weights[0].length) {
                    // the weight on a small white label: red on white reads on any cell colour
                    g.setFont(subFont);
                    String s = weightText(weights[u][v]);
                    var fm = g.getFontMetrics();
                    int sw = fm.stringWidth(s), sx = c.x() + c.width() - sw - 3, base = c.y() + c.height() - 3;
                    g.setColor(Color.WHITE);
                    g.fillRect(sx - 1, base - fm.getAscent() + 1, sw + 2, fm.getAscent() + 1);
                    g.setColor(Style.WINDOW);
                    g.drawString(s, sx, base);
                }
            }
        }
        for (Box b : boxes) {
            g.setColor(b.color());
            g.setStroke(Style.stroke(3f));
            g.drawRect(left + b.col() * cellW, top + b.row() * cellH, b.width() * cellW, b.height() * cellH);
        }
        g.setStroke(Style.stroke(1f));
        if (L.colorBar()) {
            BufferedImage bar = Pictures.colorBar(L.lo(), L.hi(), true, h * cellH);
            g.drawImage(bar, left + w * cellW + 12, top, null);
        }
        g.setColor(Style.INK);
        if (title != null) {
            g.setFont(Style.bold(16));
            g.drawString(title, margin, margin + 18);
        }
        g.setFont(labelFont);
        if (rowLabels != null) {
            for (int i = 0; i < h; i++) {
                String s = rowLabels.get(i);
                g.drawString(s, left - 6 - g.getFontMetrics().stringWidth(s), top + i * cellH + cellH / 2 + 5);
            }
        }
        if (colLabels != null) {
            for (int j = 0; j < w; j++) {
                Graphics2D r = (Graphics2D) g.create();
                r.translate(left + j * cellW + cellW / 2 + 5, top - 6);
                r.rotate(-Math.PI / 2);
                r.drawString(colLabels.get(j), 0, 0);
                r.dispose();
            }
        }
        g.setFont(Style.font(14));
        for (int k = 0; k < capLines.length; k++) g.drawString(capLines[k], margin, top + h * cellH + margin + 14 + k * 20);
        g.dispose();
        return img;
    }

    private static double[] toDoubles(Tensor t) {
        float[] f = t.toArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    @Override
    public String toString() {
        return "MatrixView " + values.length + "x" + values[0].length + (title == null ? "" : " \"" + title + "\"")
                + " (call render() for the picture)";
    }
}

package convkit.viz;

import convkit.conv.ConvSpec;
import convkit.conv.Explanation;
import convkit.conv.Kernel2d;
import convkit.pool.Pool;
import convkit.pool.PoolSpec;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sliding window, one position at a time: for every output cell a frame shows the (padded)
 * input with the window outlined and the weights written in its cells, the output filled in up
 * to that cell, and the multiply-add terms with their partial sums. The frames can be shown one
 * by one, tiled on one sheet, or saved as an animated GIF.
 *
 * <pre>{@code
 * jshell> var s = SlidingWindow.correlate(X, Kernel2d.parse("1 0 1\n0 1 0\n1 0 1"))
 * jshell> s.positions()        // 9 for a 5x5 input and a 3x3 kernel
 * jshell> s.frame(0)           // window at the top left: 18 + 51 + 121 + 35 + 204 = 429
 * jshell> s.saveGif(Path.of("l09.gif"), 700)
 * }</pre>
 */
public final class SlidingWindow {
    private enum Op { CORRELATE, CONVOLVE, MAX, AVG }

    private final Tensor x;          // the input (H, W), unpadded
    private final Tensor kernelShown;  // the weights as applied (rotated for convolution), or null for pooling
    private final Kernel2d kernel;     // as applied (rotated for convolution)
    private final Pool pool;
    private final Op op;
    private final int window;        // window height (pooling: square)
    private final int windowW;
    private final int stride;
    private final int pad;
    private final Tensor y;          // the output (H2, W2)

    private SlidingWindow(Tensor x, Kernel2d kernel, Pool pool, Op op) {
        if (x.rank() != 2) {
            throw new ShapeException("SlidingWindow: x must be an (H, W) matrix, got shape " + x.shape());
        }
        this.x = x.copy();
        this.op = op;
        this.pool = pool;
        if (kernel != null) {
            this.kernel = op == Op.CONVOLVE ? kernel.rot180() : kernel;
            this.kernelShown = this.kernel.weights();
            ConvSpec s = kernel.spec();
            if (s.dilationH() != 1) throw new ShapeException("SlidingWindow: dilation " + s.dilationH() + " is not drawn; use dilation 1");
            this.window = kernel.height();
            this.windowW = kernel.width();
            this.stride = s.strideH();
            this.pad = s.padH();
            this.y = this.kernel.correlate(x);
        } else {
            this.kernel = null;
            this.kernelShown = null;
            PoolSpec s = pool.spec();
            this.window = s.window();
            this.windowW = s.window();
            this.stride = s.stride();
            this.pad = s.padding();
            this.y = pool.apply(x);
        }
    }

    /** Cross-correlation (互相关): the kernel slides as it is; stride and padding come from the kernel. */
    public static SlidingWindow correlate(Tensor x, Kernel2d k) {
        return new SlidingWindow(x, k, null, Op.CORRELATE);
    }

    /** True convolution (卷积): the frames show the kernel already rotated by 180 degrees. */
    public static SlidingWindow convolve(Tensor x, Kernel2d k) {
        return new SlidingWindow(x, k, null, Op.CONVOLVE);
    }

    /** Max or average pooling (池化) with the pool's window, stride and padding. */
    public static SlidingWindow pool(Tensor x, Pool p) {
        return new SlidingWindow(x, null, p, p.spec().kind() == PoolSpec.Kind.MAX ? Op.MAX : Op.AVG);
    }

    /** The result the frames build up. */
    public Tensor output() {
        return y.copy();
    }

    /** Number of window positions: output height x output width. */
    public int positions() {
        return y.dim(0) * y.dim(1);
    }

    /** The window positions, row-major, as (row, col) of its top-left cell in the padded input. */
    public List<int[]> windowCorners() {
        List<int[]> c = new ArrayList<>();
        for (int i = 0; i < y.dim(0); i++) for (int j = 0; j < y.dim(1); j++) c.add(new int[] {i * stride, j * stride});
        return c;
    }

    /** The sum for output position {@code n} (row-major) as text, with its partial sums. */
    public String explain(int n) {
        int i = n / y.dim(1), j = n % y.dim(1);
        if (kernel != null) {
            Explanation e = kernel.explain(x, i, j);
            StringBuilder partial = new StringBuilder();
            double acc = 0;
            for (Explanation.Term t : e.terms()) {
                if (t.w() == 0) continue;
                acc += t.x() * t.w();
                partial.append(partial.length() == 0 ? "" : " → ").append(Style.num(acc, 4));
            }
            String sum = e.toString().replace("*", "·");
            String head = op == Op.CONVOLVE ? "(kernel rotated 180°) " : "";
            return head + sum.substring(sum.lastIndexOf('\n') + 1) + "\npartial sums: " + (partial.length() == 0 ? "0" : partial);
        }
        List<String> vals = new ArrayList<>();
        int r0 = i * stride - pad, c0 = j * stride - pad;
        for (int u = 0; u < window; u++)
            for (int v = 0; v < windowW; v++) {
                int r = r0 + u, c = c0 + v;
                boolean inside = r >= 0 && c >= 0 && r < x.dim(0) && c < x.dim(1);
                if (inside) vals.add(Style.num(x.get(r, c), 4));
                else if (op == Op.AVG) vals.add("0(pad)");
            }
        String fn = op == Op.MAX ? "max" : "mean";
        return "y[" + i + "][" + j + "] = " + fn + "(" + String.join(", ", vals) + ") = " + Style.num(y.get(i, j), 4);
    }

    /** The frame for output position {@code n} (0-based, row-major). */
    public BufferedImage frame(int n) {
        if (n < 0 || n >= positions()) {
            throw new IndexOutOfBoundsException("frame " + n + " is outside 0.." + (positions() - 1)
                    + " (output " + y.dim(0) + "x" + y.dim(1) + ")");
        }
        int i = n / y.dim(1), j = n % y.dim(1);
        MatrixView in = MatrixView.of(padded()).padding(pad)
                .title(pad > 0 ? "input, zero padding P=" + pad : "input")
                .highlight(i * stride, j * stride, window, windowW);
        if (kernelShown != null) in = in.weights(kernelShown, i * stride, j * stride);
        MatrixView out = MatrixView.of(y).firstCells(n + 1).highlight(i, j, 1, 1, Style.OUTPUT).title("output");
        BufferedImage row;
        if (kernelShown != null) {
            MatrixView k = MatrixView.of(kernelShown).plain().title(op == Op.CONVOLVE ? "rot180(K)" : "K");
            row = Panels.row(in.render(), "⊗", k.render(), "=", out.render());
        } else {
            row = Panels.row(in.render(), op == Op.MAX ? "max" : "mean", "→", out.render());
        }
        String header = "position " + (n + 1) + " of " + positions() + ": stride " + stride + ", padding " + pad;
        return Panels.column(Panels.text(header, 16), row, Panels.text(explain(n), 15));
    }

    public List<BufferedImage> frames() {
        List<BufferedImage> f = new ArrayList<>();
        for (int n = 0; n < positions(); n++) f.add(frame(n));
        return f;
    }

    /** All frames on one sheet, each shrunk to {@code scale} (e.g. 0.5) of its size, {@code cols} per row. */
    public BufferedImage sheet(int cols, double scale) {
        List<BufferedImage> small = new ArrayList<>();
        for (BufferedImage f : frames()) small.add(shrink(f, scale));
        return Panels.grid(small, cols);
    }

    /**
     * Where the window goes: one small copy of the (padded) input per position with that window
     * outlined, numbered in order, and the output-size formula with the numbers filled in.
     */
    public BufferedImage positionsSheet(int cols) {
        List<BufferedImage> tiles = new ArrayList<>();
        int n = 0;
        for (int[] c : windowCorners()) {
            n++;
            tiles.add(MatrixView.of(padded()).padding(pad).plain().cellSize(22).title("#" + n)
                    .highlight(c[0], c[1], window, windowW, Style.CYCLE[(n - 1) % Style.CYCLE.length]).render());
        }
        int h = x.dim(0);
        String formula = "H2 = (H1 - F + 2P)/S + 1 = (" + h + " - " + window + " + " + (2 * pad) + ")/" + stride
                + " + 1 = " + y.dim(0) + ";  output " + y.dim(0) + "x" + y.dim(1) + " = " + positions() + " positions";
        return Panels.column(Panels.grid(tiles, cols), Panels.text(formula, 16));
    }

    /** An animated GIF of the frames, {@code delayMs} per frame, looping. */
    public byte[] gif(int delayMs) {
        return ImageFiles.gifBytes(frames(), delayMs);
    }

    public Path saveGif(Path file, int delayMs) {
        return ImageFiles.saveGif(frames(), delayMs, file);
    }

    /** The input with P rings of zeros, as the window sees it. */
    private Tensor padded() {
        if (pad == 0) return x;
        int h = x.dim(0), w = x.dim(1);
        Tensor p = Tensor.zeros(h + 2 * pad, w + 2 * pad);
        for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) p.set(x.get(i, j), i + pad, j + pad);
        return p;
    }

    static BufferedImage shrink(BufferedImage img, double scale) {
        if (!(scale > 0 && scale <= 1)) throw new IllegalArgumentException("scale " + scale + " must be in (0, 1]");
        int w = Math.max(1, (int) Math.round(img.getWidth() * scale)), h = Math.max(1, (int) Math.round(img.getHeight() * scale));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    @Override
    public String toString() {
        Shape s = y.shape();
        return "SlidingWindow " + op.name().toLowerCase() + ": input " + x.shape() + ", window " + window + "x" + windowW
                + ", stride " + stride + ", padding " + pad + " -> output " + s + ", " + positions() + " positions";
    }
}

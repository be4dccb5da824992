package convkit.conv;

import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A 2D kernel (filter, 卷积核) with the way it slides over an (H, W) image: stride S, zero padding P
 * (explicit, narrow, wide or same: 窄 / 宽 / 等宽) and dilation D, the same {@link KernelSettings} as {@link Kernel1d}. Immutable: every setting returns a new kernel.
 * The final call is the verb that says what is computed: {@link #correlate} (互相关, no flip) or
 * {@link #convolve} (卷积, the kernel rotated 180 degrees first).
 *
 * <pre>{@code
 * cross-correlation  y_ij = sum_u sum_v w_uv x_{i+u-1, j+v-1}     (lecture, 1-based)
 * convolution        y_ij = sum_u sum_v w_uv x_{i-u+1, j-v+1}  =  rot180(W) correlated with X
 * output size        H2 = (H - U + 2P)/S + 1,   W2 = (W - V + 2P)/S + 1
 * }</pre>
 *
 * <pre>{@code
 * jshell> var X = Tensor.parse("2 10 8\n5 15 20\n6 11 9")
 * X ==> Tensor (3, 3)
 *   2 10  8
 *   5 15 20
 *   6 11  9
 * jshell> var K = Kernel2d.parse("1 8\n-5 6")
 * K ==> Kernel2d 2x2 (stride 1, narrow (P=0))
 *   1  8
 *  -5  6
 * jshell> K.correlate(X)
 * $3 ==> Tensor (2, 2)
 *  147 119
 *  161 174
 * jshell> K.convolve(X)
 * $4 ==> Tensor (2, 2)
 *   17 160
 *   14  87
 * jshell> K.explain(X, 0, 0)
 * $5 ==> y[0][0] = 2*1 + 10*8 + 5*(-5) + 15*6 = 147
 * jshell> K.padding(1).outputShape(3, 3)
 * $6 ==> (4, 4)
 * }</pre>
 *
 * <p>Computation goes through {@link Conv2dKernels#standard()} unless {@code using} names an
 * implementation, e.g. {@code K.using(Conv2dKernels.reference())}.
 */
public final class Kernel2d extends SlidingKernel<Kernel2d> {

    /** This type's constructor for {@link SlidingKernel#with}: a class, not {@code Kernel2d::new}, whose first use links method handles (ms in a fresh JVM). */
    private static final class Make implements Maker<Kernel2d> {
        @Override
        public Kernel2d make(Tensor weights, KernelSettings settings, Conv2dKernels kernels) {
            return new Kernel2d(weights, settings, kernels);
        }
    }

    private static final Maker<Kernel2d> MAKER = new Make();

    private Kernel2d(Tensor weights, KernelSettings settings, Conv2dKernels kernels) {
        super(weights, settings, kernels, MAKER);
    }

    /**
     * A kernel from its rows, e.g. {@code Kernel2d.of(new double[][] {{1, 0, 1}, {0, 1, 0}, {1, 0, 1}})};
     * narrow (no padding), stride 1.
     *
     * @throws ShapeException when the rows differ in length or hold NaN or infinity
     */
    public static Kernel2d of(double[][] rows) {
        Objects.requireNonNull(rows, "Kernel2d.of: rows must not be null; pass the kernel's rows, e.g. new double[][] {{1, 8}, {-5, 6}}");
        return of(Tensor.of(rows));
    }

    /** A kernel from a (U, V) tensor (copied). */
    public static Kernel2d of(Tensor w) {
        Objects.requireNonNull(w, "Kernel2d.of: the weights must not be null; pass a (U, V) tensor, e.g. Tensor.parse(\"1 8\\n-5 6\")");
        if (w.rank() != 2) {
            throw new ShapeException("Kernel2d: weights must be a (U, V) matrix, got shape " + w.shape()
                    + (w.rank() == 1 ? "; for a 1D kernel use Kernel1d" : "; for (F, C, U, V) weights use Conv.correlate2d"));
        }
        Conv.requireFinite(w, "Kernel2d: weights");
        return new Kernel2d(w.copy(), KernelSettings.DEFAULT, Conv2dKernels.standard());
    }

    /**
     * A kernel written as the slides print it, one row per line: {@code Kernel2d.parse("1 8\n-5 6")}.
     * A single line gives a 1 x V kernel.
     *
     * @throws ShapeException when the text is not a matrix of numbers (see {@link Tensor#parse})
     */
    public static Kernel2d parse(String text) {
        Tensor t = Tensor.parse(text);
        return of(t.rank() == 1 ? t.reshape(1, t.dim(0)) : t);
    }

    // ---------------------------------------------------------------- the verbs

    /**
     * Cross-correlation (互相关): the kernel slides over the image without flipping, and each
     * output is the sum of the element-wise products of kernel and window.
     *
     * <pre>{@code y_ij = sum_u sum_v w_uv x_{i+u-1, j+v-1}    (1-based, lecture §6.1; zero outside the image)}</pre>
     *
     * @param x an (H, W) image or feature map
     * @return (H2, W2) with {@code H2 = (H - U + 2P)/S + 1} and {@code W2 = (W - V + 2P)/S + 1}
     * @throws ShapeException when x is not (H, W), the kernel is larger than the padded input, or
     *         (with the default strict rounding) a size is not a whole number; the message shows the formula
     * @throws IllegalArgumentException when x holds NaN or infinity
     */
    public Tensor correlate(Tensor x) {
        check(x, "correlate");
        ConvSpec s = spec();
        if (kernels == Conv2dKernels.reference()) return Reference2d.correlate(x, weights, s);   // the lecture's loops over i, j, u, v
        Tensor y = kernels.forward(x.reshape(1, 1, x.dim(0), x.dim(1)), weights.reshape(1, 1, height(), width()), null, s);
        return Tensor.wrap(y.buffer(), Shape.of(y.dim(2), y.dim(3)));
    }

    /**
     * True convolution (卷积): the kernel is rotated by 180 degrees, then correlated.
     *
     * <pre>{@code y_ij = sum_u sum_v w_uv x_{i-u+1, j-v+1}  =  (rot180(W) correlated with X)_ij}</pre>
     *
     * @param x an (H, W) image or feature map
     * @return (H2, W2), sizes as for {@link #correlate}
     * @throws ShapeException as for {@link #correlate}
     */
    public Tensor convolve(Tensor x) {
        if (kernels == Conv2dKernels.reference()) {
            check(x, "convolve");
            return Reference2d.convolve(x, weights, spec());
        }
        return rot180().correlate(x);
    }

    /** The kernel rotated by 180 degrees, with the same settings. */
    public Kernel2d rot180() {
        return new Kernel2d(Conv.rot180(weights), settings, kernels);
    }

    /**
     * The multiply-add terms of output cell (i, j) of {@link #correlate}, padded zeros marked:
     * {@code y[0][0] = 18*1 + 51*1 + 121*1 + 35*1 + 204*1 = 429}.
     *
     * @throws ShapeException when (i, j) is outside the output
     */
    public Explanation explain(Tensor x, int i, int j) {
        return explain(x, i, j, false);
    }

    /** The terms of output cell (i, j) of {@link #convolve}: the flipped kernel slid over x. */
    public Explanation explainConvolve(Tensor x, int i, int j) {
        return rot180().explain(x, i, j, true);
    }

    private Explanation explain(Tensor x, int i, int j, boolean flipped) {
        check(x, flipped ? "explainConvolve" : "explain");
        Shape out = outputShape(x.dim(0), x.dim(1));
        if (i < 0 || i >= out.dim(0) || j < 0 || j >= out.dim(1)) {
            throw new ShapeException("explain: output cell (" + i + ", " + j + ") is outside the output " + out);
        }
        ConvSpec s = spec();
        List<Explanation.Term> terms = new ArrayList<>();
        double sum = 0;
        for (int u = 0; u < height(); u++)
            for (int v = 0; v < width(); v++) {
                int r = i * s.strideH() + u * s.dilationH() - s.padH();
                int q = j * s.strideW() + v * s.dilationW() - s.padW();
                boolean pad = r < 0 || r >= x.dim(0) || q < 0 || q >= x.dim(1);
                double xv = pad ? 0 : x.get(r, q);
                double wv = weights.get(u, v);
                terms.add(new Explanation.Term(xv, wv, "x[" + r + "][" + q + "]", pad));
                sum += xv * wv;
            }
        return new Explanation("y[" + i + "][" + j + "]", terms, sum, weights.copy(), flipped);
    }

    // ---------------------------------------------------------------- facts about the kernel

    /** U, the number of rows. */
    public int height() {
        return weights.dim(0);
    }

    /** V, the number of columns. */
    public int width() {
        return weights.dim(1);
    }

    /** The stride, padding and dilation this kernel slides with, padding resolved for its size. */
    public ConvSpec spec() {
        int s = settings.stride(), d = settings.dilation();
        return new ConvSpec(s, s, settings.pad(height()), settings.pad(width()), d, d, settings.rounding());
    }

    /** The output shape for an (h, w) input: {@code ((h - U + 2P)/S + 1, (w - V + 2P)/S + 1)}. */
    public Shape outputShape(int h, int w) {
        Shape s = OutputSize.conv2d(Shape.of(1, 1, h, w), Shape.of(1, 1, height(), width()), spec());
        return Shape.of(s.dim(2), s.dim(3));
    }

    private void check(Tensor x, String verb) {
        if (x == null) throw new NullPointerException("Kernel2d." + verb + ": x must not be null; pass an (H, W) image or feature map"); // not a message supplier: a lambda is linked on first use
        if (x.rank() != 2) {
            throw new ShapeException("Kernel2d." + verb + ": x must be an (H, W) matrix, got shape " + x.shape()
                    + (x.rank() == 4 ? "; for (N, C, H, W) batches use Conv.correlate2d with (F, C, U, V) weights" : "")
                    + (x.rank() == 1 ? "; for a 1D signal use Kernel1d" : ""));
        }
        if (x.firstNonFinite() >= 0) Conv.requireFinite(x, "Kernel2d." + verb + ": x"); // the message only when it is needed: a first string concatenation costs ms
    }

    @Override
    public String toString() {
        String t = weights.toString();
        return "Kernel2d " + height() + "x" + width() + " (" + settings + ")" + t.substring(t.indexOf('\n'));
    }
}

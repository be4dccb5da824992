package convkit.conv;

import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A 1D kernel (filter) and the way it slides over a signal: stride S, zero padding P (explicit,
 * narrow, wide or same) and dilation, the same {@link KernelSettings} as {@link Kernel2d}. Immutable. Lecture §6.1, 一维卷积.
 *
 * <pre>{@code
 * convolution    y_t = sum_k w_k x_{t-k+1}     (lecture §6.1, 1-based)
 * correlation    y_t = sum_k w_k x_{t+k-1}
 * output length  (M - F + 2P)/S + 1:  narrow M - F + 1,  wide M + F - 1,  same M   (S = 1)
 * }</pre>
 *
 * <pre>{@code
 * jshell> var x = Tensor.of(1, 2, 3, 4, 5, 6, 7)
 * x ==> Tensor (7)
 *  1 2 3 4 5 6 7
 * jshell> Kernel1d.of(-1, 0, 1).correlate(x)                    // narrow: M - F + 1 = 5 outputs
 * $2 ==> Tensor (5)
 *  2 2 2 2 2
 * jshell> Kernel1d.of(-1, 0, 1).stride(2).padding(1).convolve(x) // (7 - 3 + 2)/2 + 1 = 4 outputs
 * $3 ==> Tensor (4)
 *  -2 -2 -2  6
 * jshell> Kernel1d.of(1, -2, 1).wide().convolve(x)              // M + F - 1 = 9 outputs
 * $4 ==> Tensor (9)
 *   1  0  0  0  0  0  0 -8  7
 * jshell> Kernel1d.of(1, 0.5, 0.25).explainConvolve(x, 0)
 * $5 ==> kernel rotated 180 degrees (true convolution): [0.25, 0.5, 1]
 * y[0] = 1*0.25 + 2*0.5 + 3*1 = 4.25
 * }</pre>
 */
public final class Kernel1d extends SlidingKernel<Kernel1d> {

    /** This type's constructor for {@link SlidingKernel#with}: a class, not {@code Kernel1d::new}, whose first use links method handles (ms in a fresh JVM). */
    private static final class Make implements Maker<Kernel1d> {
        @Override
        public Kernel1d make(Tensor weights, KernelSettings settings, Conv2dKernels kernels) {
            return new Kernel1d(weights, settings, kernels);
        }
    }

    private static final Maker<Kernel1d> MAKER = new Make();

    private Kernel1d(Tensor weights, KernelSettings settings, Conv2dKernels kernels) {
        super(weights, settings, kernels, MAKER);
    }

    /** A kernel from its weights w_1 ... w_F, e.g. {@code Kernel1d.of(1, 0.5, 0.25)}: narrow, stride 1. */
    public static Kernel1d of(double... w) {
        return of(Tensor.of(w));
    }

    /**
     * A kernel from a rank-1 tensor of weights (copied).
     *
     * @throws ShapeException when w is not rank 1
     */
    public static Kernel1d of(Tensor w) {
        Objects.requireNonNull(w, "Kernel1d.of: the weights must not be null; pass a rank-1 tensor, e.g. Tensor.of(1, 0, -1)");
        if (w.rank() != 1) {
            throw new ShapeException("Kernel1d: weights must be a rank-1 vector, got shape " + w.shape()
                    + (w.rank() == 2 ? "; for a 2D kernel use Kernel2d" : ""));
        }
        Conv.requireFinite(w, "Kernel1d: weights");
        return new Kernel1d(w.copy(), KernelSettings.DEFAULT, Conv2dKernels.standard());
    }

    /**
     * Cross-correlation: {@code y_t = sum_k w_k x_{t+k-1}} (1-based), with stride and zero padding.
     *
     * @param x a rank-1 signal of length M
     * @return length {@code (M - F + 2P)/S + 1}
     * @throws ShapeException when x is not rank 1, the kernel is longer than the padded signal, or the length is not whole
     */
    public Tensor correlate(Tensor x) {
        check(x, "correlate");
        int m = x.dim(0), f = length();
        outputLength(m); // a size that does not fit is reported in 1D terms
        if (kernels == Conv2dKernels.reference()) return Reference1d.correlate(x, weights, settings);   // the lecture's loops over t and k
        Tensor y = kernels.forward(x.reshape(1, 1, 1, m), weights.reshape(1, 1, 1, f), null, spec());
        return Tensor.wrap(y.buffer(), Shape.of(y.dim(3)));
    }

    /**
     * True convolution: {@code y_t = sum_k w_k x_{t-k+1}} (lecture §6.1), i.e. the reversed kernel correlated with x.
     *
     * @param x a rank-1 signal of length M
     * @return length {@code (M - F + 2P)/S + 1}
     * @throws ShapeException as for {@link #correlate}
     */
    public Tensor convolve(Tensor x) {
        if (kernels == Conv2dKernels.reference()) {
            check(x, "convolve");
            return Reference1d.convolve(x, weights, settings);
        }
        return flip().correlate(x);
    }

    /** The kernel reversed (w_F ... w_1), with the same settings. */
    public Kernel1d flip() {
        float[] w = weights.toArray();
        float[] r = new float[w.length];
        for (int k = 0; k < w.length; k++) r[k] = w[w.length - 1 - k];
        return new Kernel1d(Tensor.wrap(r, weights.shape()), settings, kernels);
    }

    /** The terms of output t of {@link #correlate}. */
    public Explanation explain(Tensor x, int t) {
        return explain(x, t, false);
    }

    /** The terms of output t of {@link #convolve} (the reversed kernel slid over x). */
    public Explanation explainConvolve(Tensor x, int t) {
        return flip().explain(x, t, true);
    }

    private Explanation explain(Tensor x, int t, boolean flipped) {
        check(x, "explain");
        int len = outputLength(x.dim(0));
        if (t < 0 || t >= len) throw new ShapeException("explain: output " + t + " is outside 0.." + (len - 1));
        int p = settings.pad(length()), stride = settings.stride(), dilation = settings.dilation();
        List<Explanation.Term> terms = new ArrayList<>();
        double sum = 0;
        for (int k = 0; k < length(); k++) {
            int idx = t * stride + k * dilation - p;
            boolean pad = idx < 0 || idx >= x.dim(0);
            double xv = pad ? 0 : x.get(idx);
            terms.add(new Explanation.Term(xv, weights.get(k), "x[" + idx + "]", pad));
            sum += xv * weights.get(k);
        }
        return new Explanation("y[" + t + "]", terms, sum, weights.copy(), flipped);
    }

    /** Output length for an input of length M: {@code (M - F + 2P)/S + 1}. */
    public int outputLength(int m) {
        ConvSpec s = spec();
        return OutputSize.input(m).kernel(length()).stride(s.strideW()).padding(s.padW()).dilation(s.dilationW())
                .rounding(s.rounding()).named("conv1d: output length").length();
    }

    /** The stride, resolved padding and dilation, as a spec for (N, C, 1, M) inputs. */
    public ConvSpec spec() {
        return new ConvSpec(1, settings.stride(), 0, settings.pad(length()), 1, settings.dilation(), settings.rounding());
    }

    /** F, the number of weights. */
    public int length() {
        return weights.dim(0);
    }

    private void check(Tensor x, String verb) {
        if (x == null) throw new NullPointerException("Kernel1d." + verb + ": x must not be null; pass a rank-1 signal"); // not a message supplier: a lambda is linked on first use
        if (x.rank() != 1) {
            throw new ShapeException("Kernel1d." + verb + ": x must be a rank-1 signal, got shape " + x.shape()
                    + (x.rank() == 2 ? "; for an (H, W) image use Kernel2d" : ""));
        }
        if (x.firstNonFinite() >= 0) Conv.requireFinite(x, "Kernel1d." + verb + ": x"); // the message only when needed (a first string concatenation costs ms)
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Kernel1d [");
        for (int k = 0; k < length(); k++) sb.append(k == 0 ? "" : ", ").append(Explanation.num(weights.get(k)));
        return sb.append("] (").append(settings).append(")").toString();
    }
}

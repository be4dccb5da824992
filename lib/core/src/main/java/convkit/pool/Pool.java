package convkit.pool;

import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.util.Objects;

/**
 * Max and average pooling (池化, §6.3) with a fluent, immutable builder: each output summarises one
 * K x K window of one channel. The stride defaults to the window size, as in PyTorch.
 *
 * <pre>{@code
 * max pooling      y_mn = max over the window R_mn of x
 * average pooling  y_mn = (1/K^2) * sum over R_mn of x      (padded positions count as 0)
 * output size      H2 = (H - K + 2P)/S + 1
 * }</pre>
 *
 * <pre>{@code
 * jshell> var P = Tensor.parse("1 1 2 0\n0 1 1 2\n0 0 1 3\n0 0 1 1")
 * P ==> Tensor (4, 4)
 *  1 1 2 0
 *  0 1 1 2
 *  0 0 1 3
 *  0 0 1 1
 * jshell> Pool.max(2).apply(P)
 * $2 ==> Tensor (2, 2)
 *  1 2
 *  0 3
 * jshell> Pool.avg(2).apply(P)
 * $3 ==> Tensor (2, 2)
 *  0.7500 1.2500
 *  0.0000 1.5000
 * jshell> Pool.max(3).stride(1).padding(1).apply(P).shape()
 * $4 ==> (4, 4)
 * jshell> Pool.globalAvg(Tensor.of(2, 10))
 * $5 ==> Tensor (1)
 *  6
 * }</pre>
 */
public final class Pool {
    private final PoolSpec spec;
    private final Pool2dKernels kernels;

    private Pool(PoolSpec spec, Pool2dKernels kernels) {
        this.spec = spec;
        this.kernels = kernels;
    }

    /** Max pooling over k x k windows, stride k. */
    public static Pool max(int window) {
        return new Pool(PoolSpec.max(window), Pool2dKernels.standard());
    }

    /** Average pooling over k x k windows, stride k. */
    public static Pool avg(int window) {
        return new Pool(PoolSpec.avg(window), Pool2dKernels.standard());
    }

    /** Pooling described by a spec. */
    public static Pool of(PoolSpec spec) {
        Objects.requireNonNull(spec, "Pool.of: spec must not be null; use PoolSpec.max(2) or PoolSpec.avg(2)");
        return new Pool(spec, Pool2dKernels.standard());
    }

    /** The same pooling with windows {@code s} positions apart (overlapping when s is less than the window). */
    public Pool stride(int s) {
        return new Pool(spec.withStride(s), kernels);
    }

    /** The same pooling with {@code p} rings of padding (never the max; zeros for the average). */
    public Pool padding(int p) {
        return new Pool(spec.withPadding(p), kernels);
    }

    /** Drop partial windows at the end instead of rejecting a size that does not divide. */
    public Pool floor() {
        return new Pool(spec.floor(), kernels);
    }

    /** Compute with a chosen implementation, e.g. {@code Pool2dKernels.reference()}. */
    public Pool using(Pool2dKernels impl) {
        Objects.requireNonNull(impl, "Pool.using: the implementation must not be null; use Pool2dKernels.standard() or Pool2dKernels.reference()");
        return new Pool(spec, impl);
    }

    /** Kind, window, stride, padding and rounding. */
    public PoolSpec spec() {
        return spec;
    }

    /**
     * Pools an (H, W) feature map, or every channel of an (N, C, H, W) batch on its own.
     *
     * @param x an (H, W) feature map or an (N, C, H, W) batch
     * @return (H2, W2) or (N, C, H2, W2) with {@code H2 = (H - K + 2P)/S + 1}
     * @throws ShapeException when x has another rank, the window is larger than the padded map, or
     *         (strict rounding) a size is not whole; the message shows the formula
     * @throws IllegalArgumentException when x holds NaN or infinity
     */
    public Tensor apply(Tensor x) {
        requireFinite(x);
        if (x.rank() == 2) {
            Tensor y = kernels.forward(x.reshape(1, 1, x.dim(0), x.dim(1)), spec);
            return Tensor.wrap(y.buffer(), Shape.of(y.dim(2), y.dim(3)));
        }
        if (x.rank() == 4) return kernels.forward(x, spec);
        throw new ShapeException("Pool.apply: x must be (H, W) or (N, C, H, W), got shape " + x.shape()
                + (x.rank() == 1 ? "; for a whole 1D region use Pool.globalMax / Pool.globalAvg" : "")
                + (x.rank() == 3 ? "; reshape a (C, H, W) map to (1, C, H, W)" : ""));
    }

    /**
     * How output cell (i, j) of {@link #apply} on an (H, W) map is formed: the window's inputs, the
     * winner (max, the first largest row-major) or the sum and count (average; padding counts 0).
     *
     * @throws ShapeException when x is not (H, W) or (i, j) is outside the output
     */
    public PoolExplanation explain(Tensor x, int i, int j) {
        requireFinite(x);
        if (x.rank() != 2) throw new ShapeException("Pool.explain: x must be an (H, W) feature map, got shape " + x.shape());
        Shape out = outputShape(x.dim(0), x.dim(1));
        if (i < 0 || i >= out.dim(0) || j < 0 || j >= out.dim(1)) {
            throw new ShapeException("Pool.explain: output cell (" + i + ", " + j + ") is outside the output " + out);
        }
        int k = spec.window();
        java.util.List<PoolExplanation.Cell> cells = new java.util.ArrayList<>();
        double sum = 0, best = Double.NEGATIVE_INFINITY;
        int winner = -1;
        for (int u = 0; u < k; u++)
            for (int v = 0; v < k; v++) {
                int r = i * spec.stride() + u - spec.padding(), q = j * spec.stride() + v - spec.padding();
                boolean pad = r < 0 || r >= x.dim(0) || q < 0 || q >= x.dim(1);
                double xv = pad ? 0 : x.get(r, q);
                if (!pad && xv > best) {   // strictly larger: ties go to the first, as the backward pass does
                    best = xv;
                    winner = cells.size();
                }
                sum += xv;
                cells.add(new PoolExplanation.Cell(r, q, xv, pad));
            }
        boolean max = spec.kind() == PoolSpec.Kind.MAX;
        double value = (float) (max ? best : sum / (k * k));   // as the float output stores it
        return new PoolExplanation("y[" + i + "][" + j + "]", spec.kind(), cells, value, max ? winner : -1, sum);
    }

    /** The output shape for an (h, w) input. */
    public Shape outputShape(int h, int w) {
        Shape s = PoolChecks.outputShape(Shape.of(1, 1, h, w), spec);
        return Shape.of(s.dim(2), s.dim(3));
    }

    /** The largest value of a whole region: a vector or matrix gives a scalar tensor of shape (1); (N, C, H, W) gives (N, C, 1, 1). */
    public static Tensor globalMax(Tensor x) {
        return global(x, true);
    }

    /** The mean of a whole region, shaped as {@link #globalMax}. */
    public static Tensor globalAvg(Tensor x) {
        return global(x, false);
    }

    private static Tensor global(Tensor x, boolean max) {
        requireFinite(x);
        if (x.rank() <= 2) return Tensor.of(max ? x.max() : x.mean());
        if (x.rank() != 4) {
            throw new ShapeException("global pooling: x must be a vector, an (H, W) map or (N, C, H, W), got shape " + x.shape());
        }
        int n = x.dim(0), c = x.dim(1), hw = x.dim(2) * x.dim(3);
        float[] d = x.buffer();
        float[] out = new float[n * c];
        for (int p = 0; p < n * c; p++) {
            double acc = max ? Double.NEGATIVE_INFINITY : 0;
            for (int k = 0; k < hw; k++) acc = max ? Math.max(acc, d[p * hw + k]) : acc + d[p * hw + k];
            out[p] = (float) (max ? acc : acc / hw);
        }
        return Tensor.wrap(out, Shape.of(n, c, 1, 1));
    }

    private static void requireFinite(Tensor x) {
        Objects.requireNonNull(x, "pooling: x must not be null; pass an (H, W) feature map or an (N, C, H, W) batch");
        int k = x.firstNonFinite();
        if (k >= 0) {
            throw new IllegalArgumentException("pooling: x contains " + x.buffer()[k] + " at flat position " + k
                    + " of shape " + x.shape() + "; max pooling would pick it or average pooling spread it");
        }
    }

    @Override
    public String toString() {
        return "Pool(" + spec + ")";
    }
}

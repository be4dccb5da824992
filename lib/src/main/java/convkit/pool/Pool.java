package convkit.pool;

import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;

/**
 * Max and average pooling (池化, §6.3) with a fluent, immutable builder. The stride defaults to
 * the window size, as in PyTorch.
 *
 * <pre>{@code
 * jshell> var P = Tensor.parse("1 1 2 0\n0 1 1 2\n0 0 1 3\n0 0 1 1")
 * jshell> Pool.max(2).apply(P)                 // 1 2 / 0 3
 * jshell> Pool.avg(2).apply(P)                 // 0.75 1.25 / 0 1.5
 * jshell> Pool.max(3).stride(1).padding(1).apply(P)
 * jshell> Pool.globalAvg(Tensor.of(2, 10))     // 6
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

    public static Pool of(PoolSpec spec) {
        return new Pool(spec, Pool2dKernels.standard());
    }

    public Pool stride(int s) {
        return new Pool(spec.withStride(s), kernels);
    }

    public Pool padding(int p) {
        return new Pool(spec.withPadding(p), kernels);
    }

    public Pool floor() {
        return new Pool(spec.floor(), kernels);
    }

    public Pool using(Pool2dKernels impl) {
        return new Pool(spec, impl);
    }

    public PoolSpec spec() {
        return spec;
    }

    /**
     * Pools an (H, W) feature map, or every channel of an (N, C, H, W) batch on its own.
     *
     * @return (H2, W2) or (N, C, H2, W2) with {@code H2 = (H - K + 2P)/S + 1}
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

    /** The output shape for an (h, w) input. */
    public Shape outputShape(int h, int w) {
        Shape s = ReferencePool2d.outputShape(Shape.of(1, 1, h, w), spec);
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

package convkit.pool;

import convkit.exec.Exec;
import convkit.tensor.Tensor;

/**
 * The seam between the public pooling calls ({@link Pool}, the {@code nn} pooling layers) and an
 * implementation. Shapes: x (N, C, H, W) gives (N, C, H2, W2) with {@code H2 = (H - K + 2P)/S + 1};
 * each channel is pooled on its own.
 */
public interface Pool2dKernels {

    Tensor forward(Tensor x, PoolSpec spec);

    /**
     * Gradient with respect to x given dy. Max pooling sends each dy to the position that won
     * its window (the first one, row-major, on ties); average pooling spreads dy evenly.
     */
    Tensor backward(Tensor dy, Tensor x, PoolSpec spec);

    /** As {@link #forward(Tensor, PoolSpec)}, writing into {@code out} (null allocates). Returns the output. */
    default Tensor forward(Tensor x, PoolSpec spec, Tensor out) {
        Tensor y = forward(x, spec);
        if (out == null) return y;
        PoolChecks.outputOrNew(out, y.shape(), "forward: out");
        System.arraycopy(y.buffer(), 0, out.buffer(), 0, y.size());
        return out;
    }

    /** As {@link #backward(Tensor, Tensor, PoolSpec)}, writing into {@code dx} (null allocates). */
    default Tensor backward(Tensor dy, Tensor x, PoolSpec spec, Tensor dx) {
        Tensor g = backward(dy, x, spec);
        if (dx == null) return g;
        PoolChecks.outputOrNew(dx, g.shape(), "backward: dx");
        System.arraycopy(g.buffer(), 0, dx.buffer(), 0, g.size());
        return dx;
    }

    /**
     * As {@link #backward(Tensor, Tensor, PoolSpec, Tensor)}, then {@code then} applied to every
     * value of dx (null: nothing). This default runs it once over the whole of dx afterwards;
     * {@link #fast} runs it in each task on the feature maps it has just written. Same values
     * either way (see {@link convkit.exec.Epilogue}).
     */
    default Tensor backward(Tensor dy, Tensor x, PoolSpec spec, Tensor dx, convkit.exec.Epilogue then) {
        Tensor g = backward(dy, x, spec, dx);
        if (then != null) then.apply(g.buffer(), 0, g.size());
        return g;
    }

    /** The readable implementation that mirrors the lecture's formulas. */
    static Pool2dKernels reference() {
        return ReferencePool2d.INSTANCE;
    }

    /** The fast implementation ({@link FastPool2d}) on the given thread budget. */
    static Pool2dKernels fast(Exec exec) {
        if (exec == null) throw new IllegalArgumentException("Pool2dKernels.fast(exec): exec is null; use Exec.defaults() or Exec.threads(n)");
        return new FastPool2d(exec);
    }

    /** The implementation public calls use when none is named: the fast path on {@link Exec#defaults()}. */
    static Pool2dKernels standard() {
        return FastPool2d.STANDARD;
    }
}

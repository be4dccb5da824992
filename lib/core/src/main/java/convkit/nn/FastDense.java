package convkit.nn;

import convkit.exec.Exec;
import convkit.exec.Gemm;
import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;

/**
 * Dense-layer products on {@link Gemm} (SIMD, threads from the {@link Exec}). Holds no scratch
 * state, so one instance can serve every layer. Results do not depend on the thread count.
 */
final class FastDense implements DenseKernels {
    /** Behind {@link DenseKernels#standard()}. */
    static final FastDense STANDARD = new FastDense(Exec.defaults());

    private final Gemm gemm;

    FastDense(Exec exec) {
        this.gemm = Gemm.of(exec);
    }

    @Override
    public Tensor forward(Tensor x, Tensor w, Tensor b) {
        return forward(x, w, b, null);
    }

    /** {@link #forward(Tensor, Tensor, Tensor)} into {@code out} (N, O), or a new tensor when it is null. */
    Tensor forward(Tensor x, Tensor w, Tensor b, Tensor out) {
        check(x, 1, w, 1, "forward: x (N, I) and w (O, I)");
        int n = x.dim(0), in = x.dim(1), o = w.dim(0);
        Tensor yt = outOrNew(out, Shape.of(n, o));
        float[] y = yt.buffer();
        if (b != null) for (int r = 0; r < n; r++) System.arraycopy(b.buffer(), 0, y, r * o, o);
        gemm.multiply(false, true, n, o, in, x.buffer(), 0, in, w.buffer(), 0, in, y, 0, o, b != null); // y (+)= x w^T
        return yt;
    }

    @Override
    public Tensor backwardInput(Tensor dy, Tensor w) {
        return backwardInput(dy, w, null);
    }

    /** {@link #backwardInput(Tensor, Tensor)} into {@code out} (N, I), or a new tensor when it is null. */
    Tensor backwardInput(Tensor dy, Tensor w, Tensor out) {
        check(dy, 1, w, 0, "backwardInput: dy (N, O) and w (O, I)");
        int n = dy.dim(0), o = w.dim(0), in = w.dim(1);
        Tensor dx = outOrNew(out, Shape.of(n, in));
        gemm.multiply(false, false, n, in, o, dy.buffer(), 0, o, w.buffer(), 0, in, dx.buffer(), 0, in, false); // dy w
        return dx;
    }

    @Override
    public Tensor backwardWeights(Tensor dy, Tensor x) {
        return backwardWeights(dy, x, null);
    }

    /** {@link #backwardWeights(Tensor, Tensor)} into {@code out} (O, I), or a new tensor when it is null. */
    Tensor backwardWeights(Tensor dy, Tensor x, Tensor out) {
        check(dy, 0, x, 0, "backwardWeights: dy (N, O) and x (N, I)");
        int n = dy.dim(0), o = dy.dim(1), in = x.dim(1);
        Tensor dw = outOrNew(out, Shape.of(o, in));
        gemm.multiply(true, false, o, in, n, dy.buffer(), 0, o, x.buffer(), 0, in, dw.buffer(), 0, in, false); // dy^T x
        return dw;
    }

    /** {@code db[o] = sum_n dy[n][o]} into {@code out} (O), summed in row order as the default method. */
    Tensor backwardBias(Tensor dy, Tensor out) {
        int n = dy.dim(0), o = dy.dim(1);
        Tensor dbt = outOrNew(out, Shape.of(o));
        float[] g = dy.buffer(), db = dbt.buffer();
        java.util.Arrays.fill(db, 0f);
        for (int r = 0; r < n; r++)
            for (int k = 0; k < o; k++) db[k] += g[r * o + k];
        return dbt;
    }

    private static Tensor outOrNew(Tensor out, Shape shape) {
        if (out == null) return Tensor.zeros(shape);
        if (!out.shape().equals(shape)) throw new ShapeException("dense: out has shape " + out.shape() + ", the result " + shape);
        return out;
    }

    /** Both rank 2 and {@code a.dim(da) == b.dim(db)}. */
    private static void check(Tensor a, int da, Tensor b, int db, String what) {
        if (a.rank() != 2 || b.rank() != 2 || a.dim(da) != b.dim(db)) {
            throw new ShapeException("dense " + what + " do not fit: got " + a.shape() + " and " + b.shape());
        }
    }

    @Override
    public String toString() {
        return "FastDense(" + gemm.exec() + ")";
    }
}

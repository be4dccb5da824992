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
        check(x, 1, w, 1, "forward: x (N, I) and w (O, I)");
        int n = x.dim(0), in = x.dim(1), out = w.dim(0);
        float[] y = new float[n * out];
        if (b != null) for (int r = 0; r < n; r++) System.arraycopy(b.buffer(), 0, y, r * out, out);
        gemm.multiply(false, true, n, out, in, x.buffer(), 0, in, w.buffer(), 0, in, y, 0, out, b != null); // y (+)= x w^T
        return Tensor.wrap(y, Shape.of(n, out));
    }

    @Override
    public Tensor backwardInput(Tensor dy, Tensor w) {
        check(dy, 1, w, 0, "backwardInput: dy (N, O) and w (O, I)");
        int n = dy.dim(0), out = w.dim(0), in = w.dim(1);
        float[] dx = new float[n * in];
        gemm.multiply(false, false, n, in, out, dy.buffer(), 0, out, w.buffer(), 0, in, dx, 0, in, false); // dy w
        return Tensor.wrap(dx, Shape.of(n, in));
    }

    @Override
    public Tensor backwardWeights(Tensor dy, Tensor x) {
        check(dy, 0, x, 0, "backwardWeights: dy (N, O) and x (N, I)");
        int n = dy.dim(0), out = dy.dim(1), in = x.dim(1);
        float[] dw = new float[out * in];
        gemm.multiply(true, false, out, in, n, dy.buffer(), 0, out, x.buffer(), 0, in, dw, 0, in, false); // dy^T x
        return Tensor.wrap(dw, Shape.of(out, in));
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

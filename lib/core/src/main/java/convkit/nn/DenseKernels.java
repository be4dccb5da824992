package convkit.nn;

import convkit.tensor.Tensor;

/**
 * The matrix products of a fully-connected layer, behind one seam so a faster GEMM can replace
 * the loops. Shapes: x (N, I), w (O, I), b (O), y (N, O) with {@code y = x w^T + b}.
 */
public interface DenseKernels {

    /** {@code y[n][o] = b[o] + sum_i x[n][i] * w[o][i]}. */
    Tensor forward(Tensor x, Tensor w, Tensor b);

    /** {@code dx[n][i] = sum_o dy[n][o] * w[o][i]}, i.e. {@code dy w}. */
    Tensor backwardInput(Tensor dy, Tensor w);

    /** {@code dw[o][i] = sum_n dy[n][o] * x[n][i]}, i.e. {@code dy^T x}. */
    Tensor backwardWeights(Tensor dy, Tensor x);

    /** {@code db[o] = sum_n dy[n][o]}. */
    default Tensor backwardBias(Tensor dy) {
        int n = dy.dim(0), o = dy.dim(1);
        float[] g = dy.buffer();
        float[] db = new float[o];
        for (int r = 0; r < n; r++)
            for (int k = 0; k < o; k++) db[k] += g[r * o + k];
        return Tensor.of(db, o);
    }

    /** Plain loops, summing in double. */
    static DenseKernels reference() {
        return ReferenceDense.INSTANCE;
    }

    /** The matrix products on {@link convkit.exec.Gemm}: SIMD and {@code exec.threads()} threads. */
    static DenseKernels fast(convkit.exec.Exec exec) {
        if (exec == null) throw new IllegalArgumentException("DenseKernels.fast(exec): exec is null; use Exec.defaults() or Exec.threads(n)");
        return new FastDense(exec);
    }

    /** The fast kernels on {@link convkit.exec.Exec#defaults()}, shared. */
    static DenseKernels standard() {
        return FastDense.STANDARD;
    }
}

final class ReferenceDense implements DenseKernels {
    static final ReferenceDense INSTANCE = new ReferenceDense();

    @Override
    public Tensor forward(Tensor x, Tensor w, Tensor b) {
        int n = x.dim(0), in = x.dim(1), out = w.dim(0);
        float[] xs = x.buffer(), ws = w.buffer(), bs = b.buffer();
        float[] y = new float[n * out];
        for (int r = 0; r < n; r++)
            for (int o = 0; o < out; o++) {
                double sum = bs[o];
                for (int i = 0; i < in; i++) sum += xs[r * in + i] * ws[o * in + i];
                y[r * out + o] = (float) sum;
            }
        return Tensor.of(y, n, out);
    }

    @Override
    public Tensor backwardInput(Tensor dy, Tensor w) {
        int n = dy.dim(0), out = w.dim(0), in = w.dim(1);
        float[] g = dy.buffer(), ws = w.buffer();
        float[] dx = new float[n * in];
        for (int r = 0; r < n; r++)
            for (int i = 0; i < in; i++) {
                double sum = 0;
                for (int o = 0; o < out; o++) sum += g[r * out + o] * ws[o * in + i];
                dx[r * in + i] = (float) sum;
            }
        return Tensor.of(dx, n, in);
    }

    @Override
    public Tensor backwardWeights(Tensor dy, Tensor x) {
        int n = dy.dim(0), out = dy.dim(1), in = x.dim(1);
        float[] g = dy.buffer(), xs = x.buffer();
        float[] dw = new float[out * in];
        for (int o = 0; o < out; o++)
            for (int i = 0; i < in; i++) {
                double sum = 0;
                for (int r = 0; r < n; r++) sum += g[r * out + o] * xs[r * in + i];
                dw[o * in + i] = (float) sum;
            }
        return Tensor.of(dw, out, in);
    }
}

package convkit.exec;

/**
 * Element-wise loops of the fast path (ReLU forward and backward, copying rows out, optimiser steps), SIMD through the Vector API when
 * {@code exec.simd()}, and split over threads in coarse chunks when the arrays are large. Each
 * element is computed on its own, so the results are bit-identical for any thread count and with
 * or without SIMD. The arrays may be the same (in place): {@code relu(e, x, x, n)} is allowed.
 *
 * <pre>{@code
 * relu:          y[i]  = x[i] > 0 ? x[i] : 0        (NaN and -0 give +0, as the plain loop)
 * reluBackward:  dx[i] = x[i] > 0 ? g[i] : 0        (x may be the ReLU's input or its output)
 * }</pre>
 */
public final class Elementwise {
    /** Elements per task: below this, handing half the work to another thread costs more than it saves. */
    static final int CHUNK = 1 << 16;

    private Elementwise() {}

    /** {@code y[i] = max(0, x[i])} for {@code i < n}; NaN gives 0. */
    public static void relu(Exec exec, float[] x, float[] y, int n) {
        check(n, x, y, y);
        ElementKernels k = Simd.elements(exec.simd());
        chunks(exec, n, (from, to) -> k.relu(x, y, from, to));
    }

    /** {@code dx[i] = x[i] > 0 ? g[i] : 0} for {@code i < n}: the gradient passes where the ReLU was open. */
    public static void reluBackward(Exec exec, float[] x, float[] g, float[] dx, int n) {
        check(n, x, g, dx);
        ElementKernels k = Simd.elements(exec.simd());
        chunks(exec, n, (from, to) -> k.reluBackward(x, g, dx, from, to));
    }

    /**
     * {@code dst[dstOff + r*cols + j] = src[srcOff + r*srcStride + j] + add} for {@code r < rows, j < cols},
     * on the calling thread: rows copied out of a wider matrix into packed ones, plus a constant
     * (a convolution's output map, cut from its padded-width scratch, plus the filter's bias).
     * Writes nothing outside the {@code rows * cols} destination values.
     */
    public static void copyRowsPlus(Exec exec, float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int rows, int cols, float add) {
        if (rows < 0 || cols < 0 || srcStride < cols || srcOff < 0 || dstOff < 0
                || (rows > 0 && cols > 0 && ((long) srcOff + (long) (rows - 1) * srcStride + cols > src.length || (long) dstOff + (long) rows * cols > dst.length))) {
            throw new IllegalArgumentException("copyRowsPlus: " + rows + " rows of " + cols + " from offset " + srcOff + " (row stride " + srcStride
                    + ") of " + src.length + " values to offset " + dstOff + " of " + dst.length);
        }
        Simd.elements(exec.simd()).copyRowsPlus(src, srcOff, srcStride, dst, dstOff, rows, cols, add);
    }

    /**
     * One step of SGD with classic momentum, PyTorch's form, in float arithmetic as PyTorch does
     * for float32 parameters (the coefficients rounded to float once, every operation rounded to
     * float, no fused multiply-add), so the SIMD loop and the plain loop give the same bits:
     * <pre>{@code
     * g = grad[i] + decay * w[i];   v[i] = momentum * v[i] + g;   w[i] -= lr * v[i]
     * }</pre>
     * One thread: the arrays are small next to a training step.
     */
    public static void momentumStep(float[] w, float[] grad, float[] v, double momentum, double decay, double lr) {
        if (grad.length < w.length || v.length < w.length) {
            throw new IllegalArgumentException("momentumStep: w has " + w.length + " values, grad " + grad.length + ", v " + v.length);
        }
        float mu = (float) momentum, dc = (float) decay, eta = (float) lr;
        int done = Simd.AVAILABLE ? Simd.optimizer().momentumStep(w, grad, v, mu, dc, eta) : 0;
        for (int i = done; i < w.length; i++) {
            float g = grad[i] + dc * w[i];
            float vi = mu * v[i] + g;
            v[i] = vi;
            w[i] -= eta * vi;
        }
    }

    /**
     * One Adam step with bias corrections {@code c1 = 1 - beta1^t}, {@code c2 = 1 - beta2^t}, in
     * float arithmetic like {@link #momentumStep} (coefficients rounded to float once; the SIMD loop
     * gives the same bits as the plain one):
     * <pre>{@code
     * g = grad[i] + decay * w[i]
     * m[i] = beta1 * m[i] + (1 - beta1) * g
     * v[i] = beta2 * v[i] + (1 - beta2) * g * g
     * w[i] -= lr * (m[i] / c1) / (sqrt(v[i] / c2) + eps)
     * }</pre>
     */
    public static void adamStep(float[] w, float[] grad, float[] m, float[] v, double beta1, double beta2, double c1, double c2,
                                double eps, double decay, double lr) {
        if (grad.length < w.length || m.length < w.length || v.length < w.length) {
            throw new IllegalArgumentException("adamStep: w has " + w.length + " values, grad " + grad.length + ", m " + m.length + ", v " + v.length);
        }
        float b1 = (float) beta1, b2 = (float) beta2, o1 = (float) (1 - beta1), o2 = (float) (1 - beta2);
        float fc1 = (float) c1, fc2 = (float) c2, e = (float) eps, dc = (float) decay, eta = (float) lr;
        int done = Simd.AVAILABLE ? Simd.optimizer().adamStep(w, grad, m, v, b1, b2, o1, o2, fc1, fc2, e, dc, eta) : 0;
        for (int i = done; i < w.length; i++) {
            float g = grad[i] + dc * w[i];
            m[i] = b1 * m[i] + o1 * g;
            v[i] = b2 * v[i] + o2 * g * g;
            w[i] -= eta * (m[i] / fc1) / ((float) Math.sqrt(v[i] / fc2) + e); // sqrt in double then rounded: the float square root
        }
    }

    /** The SIMD optimiser loops: each returns how many leading elements it did. */
    interface OptimizerKernels {
        int momentumStep(float[] w, float[] grad, float[] v, float momentum, float decay, float lr);

        int adamStep(float[] w, float[] grad, float[] m, float[] v, float beta1, float beta2, float one1, float one2,
                     float c1, float c2, float eps, float decay, float lr);
    }

    private interface Range {
        void run(int from, int to);
    }

    /** Fixed chunks of {@link #CHUNK} elements (independent of the thread count), one task each. */
    private static void chunks(Exec exec, int n, Range body) {
        int tasks = Math.max(1, (n + CHUNK - 1) / CHUNK);
        if (tasks == 1 || exec.threads() == 1) {
            body.run(0, n);
            return;
        }
        int per = (n + tasks - 1) / tasks;
        exec.forEach(tasks, (t, worker) -> body.run(t * per, Math.min(n, (t + 1) * per)));
    }

    private static void check(int n, float[] a, float[] b, float[] c) {
        if (n < 0 || a.length < n || b.length < n || c.length < n) {
            throw new IllegalArgumentException("elementwise: n=" + n + " but the arrays hold " + a.length + ", " + b.length + ", " + c.length);
        }
    }

    /** The loops themselves; {@link ScalarElements} is the plain version. */
    interface ElementKernels {
        void relu(float[] x, float[] y, int from, int to);

        void reluBackward(float[] x, float[] g, float[] dx, int from, int to);

        void copyRowsPlus(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int rows, int cols, float add);
    }

    static final class ScalarElements implements ElementKernels {
        static final ScalarElements INSTANCE = new ScalarElements();

        @Override
        public void relu(float[] x, float[] y, int from, int to) {
            for (int i = from; i < to; i++) y[i] = x[i] > 0 ? x[i] : 0f;
        }

        @Override
        public void reluBackward(float[] x, float[] g, float[] dx, int from, int to) {
            for (int i = from; i < to; i++) dx[i] = x[i] > 0 ? g[i] : 0f;
        }

        @Override
        public void copyRowsPlus(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int rows, int cols, float add) {
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < cols; j++) dst[dstOff + r * cols + j] = src[srcOff + r * srcStride + j] + add;
        }
    }
}

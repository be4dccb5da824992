package convkit.nn;

import convkit.conv.Conv2dKernels;
import convkit.exec.Exec;
import convkit.pool.Pool2dKernels;

/**
 * Where a network's arithmetic runs: the convolution, pooling and dense kernels its layers call,
 * and the thread budget they may use. Every layer does its heavy math through the backend it was
 * given ({@link Layer#use(Backend)}), so switching a model between the reference and the fast
 * path is one call, and switching the library's default is one change in {@link #standard(int)}.
 *
 * @param threads threads the kernels may use; results must not depend on it
 */
public record Backend(Conv2dKernels conv, Pool2dKernels pool, DenseKernels dense, int threads) {

    public Backend {
        if (conv == null || pool == null || dense == null) throw new IllegalArgumentException("backend kernels must not be null");
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }

    /** The readable kernels that mirror the lecture's formulas, on one thread. Slow; for teaching and tests. */
    public static Backend reference() {
        return new Backend(Conv2dKernels.reference(), Pool2dKernels.reference(), DenseKernels.reference(), 1);
    }

    /**
     * The fast kernels (SIMD, im2col + GEMM) on {@code threads} threads. Each call makes its own
     * thread budget and scratch space: make one per model (e.g. per training run) and share it
     * with {@code model.use(backend)}.
     */
    public static Backend standard(int threads) {
        Exec exec = Exec.threads(threads);
        return new Backend(Conv2dKernels.fast(exec), Pool2dKernels.fast(exec), DenseKernels.fast(exec), threads);
    }

    /** The kernels layers use unless told otherwise: the shared fast kernels, one thread per available processor. */
    public static Backend standard() {
        return new Backend(Conv2dKernels.standard(), Pool2dKernels.standard(), DenseKernels.standard(), Exec.defaults().threads());
    }

    private static final Exec[] ELEMENTWISE = new Exec[65];

    /**
     * The thread budget for element-wise work (ReLU) on {@link #threads()} threads: one shared
     * {@code Exec} per thread count (the helper threads behind every {@code Exec} are shared anyway).
     */
    Exec elementwiseExec() {
        synchronized (ELEMENTWISE) {
            if (threads == Exec.defaults().threads()) return Exec.defaults();
            if (threads >= ELEMENTWISE.length) return Exec.threads(threads);
            if (ELEMENTWISE[threads] == null) ELEMENTWISE[threads] = Exec.threads(threads);
            return ELEMENTWISE[threads];
        }
    }
}

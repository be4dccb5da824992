package convkit.nn;

import convkit.conv.Conv2dKernels;
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

    /** The kernels layers use unless told otherwise, with {@code threads} threads. */
    public static Backend standard(int threads) {
        return new Backend(Conv2dKernels.standard(), Pool2dKernels.standard(), DenseKernels.reference(), threads);
    }

    /** {@link #standard(int)} with one thread per available processor. */
    public static Backend standard() {
        return standard(Runtime.getRuntime().availableProcessors());
    }
}

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
 * @param exec the thread budget of the element-wise work (ReLU) and the one the fast kernels were
 *             made with; results must not depend on its thread count
 */
public record Backend(Conv2dKernels conv, Pool2dKernels pool, DenseKernels dense, Exec exec) {

    public Backend {
        if (conv == null || pool == null || dense == null || exec == null) {
            throw new IllegalArgumentException("backend kernels and exec must not be null; start from Backend.standard(threads) or Backend.reference()");
        }
    }

    // equals and hashCode written out, as a record would generate them: the generated ones are
    // linked on first use (~10-30 ms of method handles), which every model build paid through the
    // set of standard backends below.
    @Override
    public boolean equals(Object o) {
        return o instanceof Backend b && conv.equals(b.conv) && pool.equals(b.pool) && dense.equals(b.dense) && exec.equals(b.exec);
    }

    @Override
    public int hashCode() {
        return ((conv.hashCode() * 31 + pool.hashCode()) * 31 + dense.hashCode()) * 31 + exec.hashCode();
    }

    /** The threads the kernels may use ({@code exec().threads()}). */
    public int threads() {
        return exec.threads();
    }

    /** The readable kernels that mirror the lecture's formulas, on one thread. Slow; for teaching and tests. */
    public static Backend reference() {
        return new Backend(Conv2dKernels.reference(), Pool2dKernels.reference(), DenseKernels.reference(), Exec.threads(1));
    }

    /**
     * The fast kernels (SIMD, im2col + GEMM) on {@code threads} threads. Each call makes its own
     * thread budget and scratch space: make one per model (e.g. per training run) and share it
     * with {@code model.use(backend)}.
     */
    public static Backend standard(int threads) {
        return fast(Exec.threads(threads));
    }

    /** The kernels layers use unless told otherwise: the shared fast kernels, one thread per available processor. */
    public static Backend standard() {
        return marked(new Backend(Conv2dKernels.standard(), Pool2dKernels.standard(), DenseKernels.standard(), Exec.defaults()));
    }

    /**
     * For a backend of {@link #standard(int)} or {@link #standard()}: the same fast kernels made
     * afresh (their own scratch space) for one thread, with the same SIMD choice, as one part of a
     * data-parallel training step runs on. Empty for any other backend (the reference kernels, or
     * kernels put together by hand), whose models keep the layer-by-layer path.
     */
    java.util.Optional<Backend> forOnePart() {
        return STANDARD.containsKey(this) ? java.util.Optional.of(fast(exec.single())) : java.util.Optional.empty();
    }

    /** The backends made by {@link #standard}: a record has no room for a private flag. */
    private static final java.util.Map<Backend, Boolean> STANDARD = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private static Backend fast(Exec exec) {
        return marked(new Backend(Conv2dKernels.fast(exec), Pool2dKernels.fast(exec), DenseKernels.fast(exec), exec));
    }

    private static Backend marked(Backend b) {
        STANDARD.put(b, Boolean.TRUE);
        return b;
    }
}

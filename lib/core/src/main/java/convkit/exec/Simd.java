package convkit.exec;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the Vector API can be used. The classes that touch {@code jdk.incubator.vector} are
 * only loaded when this says yes, so the library loads and works on a JVM started without
 * {@code --add-modules jdk.incubator.vector} (with the scalar kernels).
 */
final class Simd {
    private Simd() {}

    static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /** The kernels for an {@link Exec}: vector ones when allowed and available, else scalar. */
    static GemmKernels kernels(boolean simd) {
        return simd && AVAILABLE ? VectorHolder.KERNELS : ScalarGemmKernels.INSTANCE;
    }

    /** The element-wise loops for an {@link Exec}: vector ones when allowed and available, else scalar. */
    static Elementwise.ElementKernels elements(boolean simd) {
        return simd && AVAILABLE ? VectorHolder.ELEMENTS : Elementwise.ScalarElements.INSTANCE;
    }

    /** The vector 2x2 max-pool loops; call only when AVAILABLE. */
    static MaxPool2x2.Kernels pool() {
        return VectorHolder.POOL;
    }

    /** The vector optimiser loops; call only when AVAILABLE. */
    static Elementwise.OptimizerKernels optimizer() {
        return VectorHolder.OPTIMIZER;
    }

    static String describe() {
        return AVAILABLE ? VectorHolder.KERNELS.toString() : "unavailable";
    }

    /** Initialised (and VectorGemmKernels loaded) only on first use, which happens only when AVAILABLE. */
    private static final class VectorHolder {
        static final GemmKernels KERNELS = new VectorGemmKernels();
        static final Elementwise.ElementKernels ELEMENTS = new VectorElements();
        static final MaxPool2x2.Kernels POOL = new VectorMaxPool2x2();
        static final Elementwise.OptimizerKernels OPTIMIZER = new VectorOptimizer();
    }

    static final AtomicBoolean WARMED = new AtomicBoolean(); // package-private for the test

    /** See {@link Exec#warmUp()}: the first call runs {@link VectorWarmUp}, later ones return at once. */
    static boolean warmUp() {
        if (!AVAILABLE || !VectorWarmUp.enabled() || !WARMED.compareAndSet(false, true)) return false;
        try {
            VectorWarmUp.run(VectorHolder.KERNELS, VectorHolder.ELEMENTS, VectorHolder.POOL, VectorHolder.OPTIMIZER,
                    VectorGemmKernels.lanes(), VectorWarmUp.CALLS);
        } catch (RuntimeException e) { // only a speed-up: a failure here must not stop the caller's work
            System.err.println("convkit: the JIT warm-up of the vector kernels failed and was skipped: " + e);
        }
        return true;
    }
}

package convkit.exec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * Whether the Vector API can be used. The matrix multiply's vector kernels are only loaded when
 * this says yes, so the library loads and works on a JVM started without
 * {@code --add-modules jdk.incubator.vector} (with the scalar kernels). Other packages' vector
 * loops follow the same rule through {@link Exec#vectorApi()}.
 */
final class Simd {
    private Simd() {}

    static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /** The kernels for an {@link Exec}: vector ones when allowed and available, else scalar. */
    static GemmKernels kernels(boolean simd) {
        return simd && AVAILABLE ? VectorHolder.KERNELS : ScalarGemmKernels.INSTANCE;
    }

    static String describe() {
        return AVAILABLE ? VectorHolder.KERNELS.toString() : "unavailable";
    }

    /** Initialised (and VectorGemmKernels loaded) only on first use, which happens only when AVAILABLE. */
    private static final class VectorHolder {
        static final GemmKernels KERNELS = new VectorGemmKernels();
    }

    static final AtomicBoolean WARMED = new AtomicBoolean(); // package-private for the test
    /** The other packages' vector loops (see {@link Exec#addWarmUp}), one per owner. */
    static final Map<Class<?>, IntConsumer> MORE = new ConcurrentHashMap<>();

    static void addWarmUp(Class<?> owner, IntConsumer warmUp) {
        if (owner == null || warmUp == null) throw new IllegalArgumentException("Exec.addWarmUp: owner and warmUp must not be null");
        MORE.putIfAbsent(owner, warmUp);
    }

    /** See {@link Exec#warmUp()}: the first call runs {@link VectorWarmUp} and the registered loops, later ones return at once. */
    static boolean warmUp() {
        if (!AVAILABLE || !VectorWarmUp.enabled() || !WARMED.compareAndSet(false, true)) return false;
        try {
            VectorWarmUp.run(VectorHolder.KERNELS, VectorGemmKernels.lanes(), VectorWarmUp.CALLS);
            for (IntConsumer more : MORE.values()) more.accept(VectorWarmUp.CALLS);
        } catch (RuntimeException e) { // only a speed-up: a failure here must not stop the caller's work
            System.err.println("convkit: the JIT warm-up of the vector kernels failed and was skipped: " + e);
        }
        return true;
    }
}

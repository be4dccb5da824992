package convkit.exec;

import java.util.function.BooleanSupplier;

/**
 * Whether the Vector API can be used, and which matrix-multiply kernels run. The vector kernels
 * are only loaded when the module is present, so the library loads and works on a JVM started
 * without {@code --add-modules jdk.incubator.vector} (with the scalar kernels). Other packages'
 * vector loops follow the same rule through {@link Exec#vectorApi()}.
 *
 * <p>With the module, a multiply runs on the vector kernels once they are warm and on their plain
 * twins until then ({@link TwinGemmKernels}: the same bits; see {@link WarmUps}).
 */
final class Simd {
    private Simd() {}

    static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /** The kernels for an {@link Exec}: vector ones (or their twins, until warm) when allowed and available, else scalar. */
    static GemmKernels kernels(boolean simd) {
        return simd && AVAILABLE ? Auto.INSTANCE : ScalarGemmKernels.INSTANCE;
    }

    static String describe() {
        if (!AVAILABLE) return "unavailable";
        int lanes = TwinHolder.KERNELS.lanes(); // the vector kernels' width, without loading them
        return lanes * Float.SIZE + "-bit, " + lanes + " float lanes";
    }

    /** The vector kernels; initialised (and VectorGemmKernels loaded: ~0.1 s of Vector API set-up) only on first use. */
    static final class VectorHolder {
        static final GemmKernels KERNELS = new VectorGemmKernels();
    }

    /** The twins, for the preferred vector width, found without setting up the Vector API's species (~1 ms instead of ~0.1 s). */
    static final class TwinHolder {
        static final TwinGemmKernels KERNELS = twins();

        private static TwinGemmKernels twins() {
            TwinGemmKernels k = new TwinGemmKernels(jdk.incubator.vector.VectorShape.preferredShape().vectorBitSize() / Float.SIZE);
            k.rowLoopsCompiled = WarmUps.MODE != WarmUps.Mode.BACKGROUND; // with the background warm-up: once its plain stage is done
            return k;
        }
    }

    /** Picks vector kernels or twins per call; registers (and so starts) the matrix multiply's warm-up when first used. */
    static final class Auto implements GemmKernels {
        static final Auto INSTANCE = new Auto();
        private static final BooleanSupplier WARM = WarmUps.register(Gemm.class, new WarmUp(false), new WarmUp(true));

        /** The warm-up of the twins or the vector kernels (a class, not a lambda: a lambda's first use costs a few ms at start-up). */
        private static final class WarmUp implements java.util.function.IntConsumer {
            private final boolean vector;

            WarmUp(boolean vector) {
                this.vector = vector;
            }

            @Override
            public void accept(int calls) {
                if (vector) VectorWarmUp.run(VectorHolder.KERNELS, VectorGemmKernels.lanes(), calls);
                else {
                    TwinHolder.KERNELS.warmUp(calls);
                    TwinHolder.KERNELS.rowLoopsCompiled = true; // C2 has them (or will within ms): faster than the tiles from now on
                }
            }
        }

        private Auto() {}

        @Override
        public void broadcast(int m, int n, int k, float[] a, int aOff, int ars, int acs,
                              float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean accumulate) {
            if (WARM.getAsBoolean()) {
                VectorHolder.KERNELS.broadcast(m, n, k, a, aOff, ars, acs, b, bRows, c, cOff, ldc, accumulate);
                return;
            }
            long t = System.nanoTime();
            TwinHolder.KERNELS.broadcast(m, n, k, a, aOff, ars, acs, b, bRows, c, cOff, ldc, accumulate);
            WarmUps.twinTime(System.nanoTime() - t);
        }

        @Override
        public void dot(int m, int n, int k, float[] a, int aOff, int lda,
                        float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean accumulate) {
            if (WARM.getAsBoolean()) {
                VectorHolder.KERNELS.dot(m, n, k, a, aOff, lda, b, bRows, c, cOff, ldc, accumulate);
                return;
            }
            long t = System.nanoTime();
            TwinHolder.KERNELS.dot(m, n, k, a, aOff, lda, b, bRows, c, cOff, ldc, accumulate);
            WarmUps.twinTime(System.nanoTime() - t);
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}

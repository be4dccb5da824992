package convkit.conv;

import convkit.exec.Exec;

/**
 * Copies rows out of a wider matrix into packed ones, plus a constant: a convolution's output map,
 * cut from its padded-width scratch, plus the filter's bias. SIMD through the Vector API when
 * {@code exec.simd()}; every value is computed on its own, so both give the same bits.
 */
final class RowCopy {
    private RowCopy() {}

    /** The vector loop, created (and VectorRowCopy loaded) on first use, which happens only with the Vector API module. */
    private static final class Vector {
        static final Kernels KERNELS = new VectorRowCopy();
    }

    /** Whether the vector loop is warm; the plain one (same bits) runs until then. Registered when this class loads. */
    private static final java.util.function.BooleanSupplier WARM = Exec.addWarmUp(RowCopy.class, new WarmUp(false), new WarmUp(true));

    /** The warm-up of the plain or the vector loop (a class, not a lambda: a lambda's first use costs a few ms at start-up). */
    private static final class WarmUp implements java.util.function.IntConsumer {
        private final boolean vector;

        WarmUp(boolean vector) {
            this.vector = vector;
        }

        @Override
        public void accept(int calls) {
            if (vector) warmUp(Vector.KERNELS, Exec.vectorLanes(), calls);
            else warmUp(Plain.INSTANCE, 16, calls);
        }
    }

    /** Registers the vector loop with the warm-up (done when this class loads; see {@link Exec#addWarmUp}). */
    static void registerWarmUp() {
        // the static initialiser above did it
    }

    /** Calls the loop {@code calls} times on rows of one vector and 3 single values ({@code lanes} floats per vector). */
    static void warmUp(Kernels k, int lanes, int calls) {
        float[] x = new float[8 * lanes + 16], y = new float[8 * lanes + 16];
        for (int i = 0; i < x.length; i++) x[i] = (i % 2 == 0 ? 1 : -1) * (1 + i % 3);
        for (int call = 0; call < calls; call++) k.copyRowsPlus(x, 0, lanes + 5, y, 0, 2, lanes + 3, 1f);
    }

    /**
     * {@code dst[dstOff + r*cols + j] = src[srcOff + r*srcStride + j] + add} for {@code r < rows, j < cols},
     * on the calling thread. Writes nothing outside the {@code rows * cols} destination values.
     */
    static void copyRowsPlus(Exec exec, float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int rows, int cols, float add) {
        if (rows < 0 || cols < 0 || srcStride < cols || srcOff < 0 || dstOff < 0
                || (rows > 0 && cols > 0 && ((long) srcOff + (long) (rows - 1) * srcStride + cols > src.length || (long) dstOff + (long) rows * cols > dst.length))) {
            throw new IllegalArgumentException("copyRowsPlus: " + rows + " rows of " + cols + " from offset " + srcOff + " (row stride " + srcStride
                    + ") of " + src.length + " values to offset " + dstOff + " of " + dst.length);
        }
        (exec.simd() && WARM.getAsBoolean() ? Vector.KERNELS : Plain.INSTANCE).copyRowsPlus(src, srcOff, srcStride, dst, dstOff, rows, cols, add);
    }

    /** The loop itself; {@link Plain} is the plain version. */
    interface Kernels {
        void copyRowsPlus(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int rows, int cols, float add);
    }

    static final class Plain implements Kernels {
        static final Plain INSTANCE = new Plain();

        @Override
        public void copyRowsPlus(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int rows, int cols, float add) {
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < cols; j++) dst[dstOff + r * cols + j] = src[srcOff + r * srcStride + j] + add;
        }
    }
}

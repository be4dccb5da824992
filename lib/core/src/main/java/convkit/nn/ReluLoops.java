package convkit.nn;

import convkit.exec.Exec;

/**
 * ReLU's loops, SIMD through the Vector API when {@code exec.simd()}, and split over threads in
 * coarse chunks when the arrays are large. Each element is computed on its own, so the results
 * are bit-identical for any thread count and with or without SIMD. The arrays may be the same
 * (in place): {@code relu(e, x, x, n)} is allowed.
 *
 * <pre>{@code
 * relu:          y[i]  = x[i] > 0 ? x[i] : 0        (NaN and -0 give +0, as the plain loop)
 * reluBackward:  dx[i] = x[i] > 0 ? g[i] : 0        (x may be the ReLU's input or its output)
 * }</pre>
 */
final class ReluLoops {
    /** Elements per task: below this, handing half the work to another thread costs more than it saves. */
    static final int CHUNK = 1 << 16;

    private ReluLoops() {}

    /** The vector loops, created (and VectorRelu loaded) on first use, which happens only with the Vector API module. */
    private static final class Vector {
        static final Kernels KERNELS = new VectorRelu();
    }

    /** Whether the vector loops are warm; the plain ones (same bits) run until then. Registered when this class loads. */
    private static final java.util.function.BooleanSupplier WARM = Exec.addWarmUp(ReluLoops.class, new WarmUp(false), new WarmUp(true));

    /** The warm-up of the plain or the vector loops (a class, not a lambda: a lambda's first use costs a few ms at start-up). */
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

    /** Registers the vector loops with the warm-up (done when this class loads; see {@link Exec#addWarmUp}). */
    static void registerWarmUp() {
        // the static initialiser above did it
    }

    /** The vector loops when allowed and warm, else the plain ones (the same bits). */
    static Kernels kernels(Exec exec) {
        return exec.simd() && WARM.getAsBoolean() ? Vector.KERNELS : Plain.INSTANCE;
    }

    /**
     * Calls each loop {@code calls} times on one vector and 3 single values ({@code lanes} floats
     * per vector): one vector step per call enters the vector loop and leaves it, for the fewest
     * vector operations run before C2 has compiled them.
     */
    static void warmUp(Kernels k, int lanes, int calls) {
        int n = lanes + 3;
        float[] x = new float[n], y = new float[n], g = new float[n];
        for (int i = 0; i < n; i++) x[i] = g[i] = (i % 2 == 0 ? 1 : -1) * (1 + i % 3);
        for (int call = 0; call < calls; call++) {
            k.relu(x, y, 0, n);
            k.reluBackward(x, g, y, 0, n);
        }
    }

    /** {@code y[i] = max(0, x[i])} for {@code i < n}; NaN gives 0. */
    static void relu(Exec exec, float[] x, float[] y, int n) {
        check(n, x, y, y);
        Kernels k = kernels(exec);
        chunks(exec, n, (from, to) -> k.relu(x, y, from, to));
    }

    /** {@code dx[i] = x[i] > 0 ? g[i] : 0} for {@code i < n}: the gradient passes where the ReLU was open. */
    static void reluBackward(Exec exec, float[] x, float[] g, float[] dx, int n) {
        check(n, x, g, dx);
        Kernels k = kernels(exec);
        chunks(exec, n, (from, to) -> k.reluBackward(x, g, dx, from, to));
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
            throw new IllegalArgumentException("relu: n=" + n + " but the arrays hold " + a.length + ", " + b.length + ", " + c.length);
        }
    }

    /** The loops themselves; {@link Plain} is the plain version. */
    interface Kernels {
        void relu(float[] x, float[] y, int from, int to);

        void reluBackward(float[] x, float[] g, float[] dx, int from, int to);
    }

    /**
     * The plain loops, without a branch per element: {@code x > 0 ? v : 0} as a bit mask. A branch
     * on the sign of activations is taken about half the time in no pattern, and the processor
     * guesses it wrong that often (~3x slower here); the mask gives the same bits.
     */
    static final class Plain implements Kernels {
        static final Plain INSTANCE = new Plain();

        @Override
        public void relu(float[] x, float[] y, int from, int to) {
            for (int i = from; i < to; i++) {
                int b = Float.floatToRawIntBits(x[i]);
                y[i] = Float.intBitsToFloat(b & open(b));
            }
        }

        @Override
        public void reluBackward(float[] x, float[] g, float[] dx, int from, int to) {
            for (int i = from; i < to; i++) dx[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & open(Float.floatToRawIntBits(x[i])));
        }

        /**
         * All ones when the float with bits {@code b} is {@code > 0} (bits 1 to 0x7f800000: the
         * positive numbers up to +infinity), else 0 (zeros, negatives, NaN): with {@code t = b - 1},
         * t is in [0, 0x7f800000) exactly then, i.e. t is not negative and t - 0x7f800000 is.
         */
        static int open(int b) {
            int t = b - 1;
            return ((t - 0x7f800000) & ~t) >> 31;
        }
    }
}

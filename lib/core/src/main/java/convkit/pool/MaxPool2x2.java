package convkit.pool;

import convkit.exec.Exec;

/**
 * The loops of 2x2, stride-2 max pooling over whole feature maps, for the fast pooling kernels: SIMD
 * through the Vector API when allowed and the maps are wide enough (forward: a vector, backward: 3/4
 * of one; read as whole rows, corners brought together with shuffles, winners picked with lane
 * masks, without branches), plain loops otherwise. All versions
 * give the same bits: the forward value is {@code max(max(a, b), max(c, d))} with {@link Math#max}
 * semantics, and the backward sends each window's gradient to its first largest value in row-major
 * order ({@code a, b} on the top row, {@code c, d} below), zeros to the other three.
 *
 * <p>Maps are (h, w) with h and w even, stored one after another; outputs are (h/2, w/2).
 */
final class MaxPool2x2 {
    private MaxPool2x2() {}

    /** The vector loops, created (and VectorMaxPool2x2 loaded) on first use, which happens only with the Vector API module. */
    private static final class Vector {
        static final Kernels KERNELS = new VectorMaxPool2x2();
    }

    /** Whether the vector loops are warm; the plain ones (same bits) run until then. Registered when this class loads. */
    private static final java.util.function.BooleanSupplier WARM = Exec.addWarmUp(MaxPool2x2.class, new WarmUp(false), new WarmUp(true));

    /** The warm-up of the plain or the vector loops (a class, not a lambda: a lambda's first use costs a few ms at start-up). */
    private static final class WarmUp implements java.util.function.IntConsumer {
        private final boolean vector;

        WarmUp(boolean vector) {
            this.vector = vector;
        }

        @Override
        public void accept(int calls) {
            if (vector) warmUp(Vector.KERNELS, Exec.vectorLanes(), calls);
            else warmUpPlain(calls);
        }
    }

    /** Registers the vector loops with the warm-up (done when this class loads; see {@link Exec#addWarmUp}). */
    static void registerWarmUp() {
        // the static initialiser above did it
    }

    /**
     * Calls each loop about {@code calls} times ({@code lanes} floats per vector). What counts for
     * the JIT is how often each loop is entered; what costs is every vector operation run before
     * C2 has compiled it (interpreted or compiled by C1, each allocates and is ~100x slower). So
     * every call runs one vector step of each loop: the forward pass on two window rows of maps one
     * vector wide, the backward on one (rows) and (from 16 lanes on) on maps between 3/4 of a vector
     * and a vector wide (rows with overlap). Every 4th call also runs maps wider than two vectors
     * and not a multiple of one, so that every loop also repeats (a branch the JIT never saw would
     * cost a deoptimisation later).
     */
    static void warmUp(Kernels pool, int lanes, int calls) {
        int l = lanes;
        float[] x = new float[8 * l + 16], y = new float[8 * l + 16], g = new float[8 * l + 16];
        for (int i = 0; i < x.length; i++) x[i] = g[i] = (i % 2 == 0 ? 1 : -1) * (1 + i % 3); // both signs: comparisons go both ways
        int[] wide = corners(1, 4, 2 * l + 4); // 2L + 4 windows
        int[] rows = corners(1, 4, l); // L windows in two rows
        int[] row = corners(1, 2, l); // L/2 windows
        int[] mid = corners(1, 4, l - 2); // maps narrower than a vector, wider than 3/4 of one (the backward's rows with overlap)
        for (int call = 0; call < calls; call++) {
            pool.forward(x, 0, l, y, 0, l, rows);
            pool.backward(x, 0, l, g, 0, y, l / 2, row);
            if (l >= 16) pool.backward(x, 0, l - 2, g, 0, y, l - 2, mid); // (no such width below 16 lanes)
            if ((call & 3) != 3) continue;
            pool.forward(x, 0, 2 * l + 4, y, 0, 2 * l + 4, wide);
            pool.backward(x, 0, 2 * l + 4, g, 0, y, 2 * l + 4, wide);
        }
    }

    /** Calls the plain loops (the tails of {@link #forward} and {@link #backward}) {@code calls} times on 4x6 maps. */
    static void warmUpPlain(int calls) {
        float[] x = new float[24], y = new float[6], g = new float[6], dx = new float[24];
        for (int i = 0; i < x.length; i++) x[i] = (i % 2 == 0 ? 1 : -1) * (1 + i % 5);
        for (int i = 0; i < g.length; i++) g[i] = i + 1;
        int[] corners = corners(1, 4, 6);
        for (int call = 0; call < calls; call++) {
            forward(false, x, 0, 6, y, 0, 6, corners);
            backward(false, x, 0, 6, g, 0, dx, 6, corners);
        }
    }

    /**
     * The offsets of the top-left corner of every window of {@code maps} consecutive (h, w) maps,
     * relative to the first map, in output order. Built once per shape by the caller and shared.
     */
    static int[] corners(int maps, int h, int w) {
        int h2 = h / 2, w2 = w / 2;
        int[] idx = new int[maps * h2 * w2];
        int o = 0;
        for (int m = 0; m < maps; m++)
            for (int i = 0; i < h2; i++)
                for (int j = 0; j < w2; j++) idx[o++] = m * h * w + 2 * i * w + 2 * j;
        return idx;
    }

    /** y[o] = max of window o, for the {@code outputs} windows starting at x[xOff] / y[yOff]; corners from {@link #corners}. */
    static void forward(boolean simd, float[] x, int xOff, int w, float[] y, int yOff, int outputs, int[] corners) {
        int done = simd && Exec.vectorApi() && WARM.getAsBoolean() ? Vector.KERNELS.forward(x, xOff, w, y, yOff, outputs, corners) : 0;
        for (int o = done; o < outputs; o++) {
            int p = xOff + corners[o];
            y[yOff + o] = Math.max(Math.max(x[p], x[p + 1]), Math.max(x[p + w], x[p + w + 1]));
        }
    }

    /** Writes every dx value of the windows: dy[o] at the first largest of window o, 0 at the others. */
    static void backward(boolean simd, float[] x, int xOff, int w, float[] dy, int yOff, float[] dx, int outputs, int[] corners) {
        int done = simd && Exec.vectorApi() && WARM.getAsBoolean() ? Vector.KERNELS.backward(x, xOff, w, dy, yOff, dx, outputs, corners) : 0;
        for (int o = done; o < outputs; o++) {
            int p0 = xOff + corners[o], p2 = p0 + w;
            int g = Float.floatToRawIntBits(dy[yOff + o]);
            float a = x[p0], b = x[p0 + 1], c = x[p2], d = x[p2 + 1];
            // The winner by the rule above, without a branch per window (which way the comparisons
            // go has no pattern, so a branch would be guessed wrong half the time): six comparisons
            // as masks (-1 or 0, which the JIT computes with conditional moves), then b beats a;
            // c beats the better of a and b; d beats the better of those three.
            int ba = b > a ? -1 : 0, ca = c > a ? -1 : 0, cb = c > b ? -1 : 0;
            int da = d > a ? -1 : 0, db = d > b ? -1 : 0, dc = d > c ? -1 : 0;
            int cBeats = (ba & cb) | (~ba & ca);
            int dMask = (cBeats & dc) | (~cBeats & ((ba & db) | (~ba & da)));
            int cMask = cBeats & ~dMask, bMask = ba & ~(cBeats | dMask);
            int aMask = ~(bMask | cMask | dMask);
            dx[p0] = Float.intBitsToFloat(g & aMask);
            dx[p0 + 1] = Float.intBitsToFloat(g & bMask);
            dx[p2] = Float.intBitsToFloat(g & cMask);
            dx[p2 + 1] = Float.intBitsToFloat(g & dMask);
        }
    }

    /** The vector loops; each returns how many windows it did (a multiple of the lane count), the rest is done by the plain loop. */
    interface Kernels {
        int forward(float[] x, int xOff, int w, float[] y, int yOff, int outputs, int[] corners);

        int backward(float[] x, int xOff, int w, float[] dy, int yOff, float[] dx, int outputs, int[] corners);
    }
}

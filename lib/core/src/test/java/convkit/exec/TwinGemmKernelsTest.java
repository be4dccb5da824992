package convkit.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The plain twin of the vector matrix-multiply kernels gives their bits exactly, on random shapes
 * (every register tile and tail: m and n not multiples of the tiles, k and n not multiples of the
 * lane count), in both forms, with and without accumulation; the values include zeros of both
 * signs, so the +0 / -0 of an empty or cancelled sum must match too.
 */
class TwinGemmKernelsTest {

    @Test
    void theTwinsLaneCountIsTheVectorKernelsOne() {
        assumeTrue(Simd.AVAILABLE, "needs --add-modules jdk.incubator.vector");
        assertEquals(VectorGemmKernels.lanes(), Simd.TwinHolder.KERNELS.lanes());
        assertThrows(IllegalArgumentException.class, () -> new TwinGemmKernels(6));
    }

    @Test
    void sameBitsAsTheVectorKernelsOnRandomShapes() {
        assumeTrue(Simd.AVAILABLE, "needs --add-modules jdk.incubator.vector");
        int lanes = VectorGemmKernels.lanes();
        TwinGemmKernels scalar = new TwinGemmKernels(lanes);
        scalar.rowLoopsCompiled = false; // the tiles and the dot products one by one: what runs before the row loops are compiled
        GemmKernels vector = Simd.VectorHolder.KERNELS;
        GemmKernels[] twins = {new TwinGemmKernels(lanes), scalar};
        Random r = new Random(2020);
        for (int trial = 0; trial < 1500; trial++) {
            int m = 1 + r.nextInt(trial % 5 == 0 ? 40 : 14), n = 1 + r.nextInt(trial % 3 == 0 ? 8 * lanes + 9 : 2 * lanes + 3);
            int k = r.nextInt(trial % 4 == 0 ? 6 * lanes + 5 : 2 * lanes + 2) + (trial % 11 == 0 ? 0 : 1);
            boolean acc = r.nextBoolean(), dotForm = r.nextBoolean();
            GemmKernels twin = twins[trial % 2];
            String what = (dotForm ? "dot" : "broadcast") + " m=" + m + " n=" + n + " k=" + k + " accumulate=" + acc + " " + (trial % 2 == 0 ? "row loops" : "scalar");
            compareOnce(r, vector, twin, m, n, k, acc, dotForm, true, what);
        }
    }

    /**
     * The row loops (SIMD through C2's auto-vectorizer) on shapes that cross their blocks: more
     * rows of C than a block ({@link RowLoops#ROWS}, {@link RowLoops#DOT_ROWS}), more columns
     * ({@link RowLoops#COLUMNS}, {@link RowLoops#DOT_COLUMNS}), more steps of p than one copy of B
     * ({@link RowLoops#STEPS}, 4 L), k = 1, m = 1, n and k not multiples of the lanes or of 4:
     * the vector kernels' bits.
     */
    @Test
    void theRowLoopsGiveTheVectorKernelsBitsOnLargeShapes() {
        assumeTrue(Simd.AVAILABLE, "needs --add-modules jdk.incubator.vector");
        int lanes = VectorGemmKernels.lanes();
        GemmKernels vector = Simd.VectorHolder.KERNELS, twin = new TwinGemmKernels(lanes);
        Random r = new Random(4242);
        for (int trial = 0; trial < 160; trial++) {
            int m = trial % 9 == 0 ? 1 : 1 + r.nextInt(trial % 2 == 0 ? 80 : 20);
            int n = TwinGemmKernels.ROW_LOOP_MIN_COLUMNS + r.nextInt(trial % 3 == 0 ? 420 : 60);
            int k = trial % 7 == 0 ? 1 : trial % 13 == 0 ? 0 : 1 + r.nextInt(trial % 2 == 1 ? 300 : 5 * lanes);
            boolean acc = r.nextBoolean(), dotForm = trial % 2 == 1;
            if (dotForm) n = Math.max(n, TwinGemmKernels.DOT_ROW_LOOP_MIN_COLUMNS);
            String what = (dotForm ? "dot" : "broadcast") + " m=" + m + " n=" + n + " k=" + k + " accumulate=" + acc;
            compareOnce(r, vector, twin, m, n, k, acc, dotForm, false, what);
        }
    }

    /**
     * One random case: random strides, offsets and B rows for an m x n x k product (dot or
     * broadcast form, accumulating or not), run by both kernels on the same inputs; the same bits
     * or a failure naming the case. {@code edgeRows}: sometimes a B row that ends at the array's end.
     */
    private static void compareOnce(Random r, GemmKernels vector, GemmKernels twin, int m, int n, int k,
                                    boolean acc, boolean dotForm, boolean edgeRows, String what) {
        int ldc = n + r.nextInt(3), cOff = r.nextInt(4);
        float[] c0 = values(r, cOff + (m - 1) * ldc + n + r.nextInt(3));
        float[] cv = c0.clone(), ct = c0.clone();
        if (dotForm) {
            int lda = k + r.nextInt(3), aOff = r.nextInt(4);
            float[] a = values(r, aOff + (m - 1) * lda + k + 1), b = values(r, k + 2 * n + 3);
            int[] bRows = new int[n];
            for (int j = 0; j < n; j++) bRows[j] = r.nextInt(b.length - k + 1);
            if (edgeRows && r.nextBoolean()) bRows[n - 1] = b.length - k; // a row ending at the array's end
            vector.dot(m, n, k, a, aOff, lda, b, bRows, cv, cOff, ldc, acc);
            twin.dot(m, n, k, a, aOff, lda, b, bRows, ct, cOff, ldc, acc);
        } else {
            boolean transA = r.nextBoolean();
            int ars = transA ? 1 : k + r.nextInt(3), acs = transA ? m + r.nextInt(3) : 1, aOff = r.nextInt(4);
            float[] a = values(r, aOff + (m - 1) * ars + Math.max(0, k - 1) * acs + 1), b = values(r, n + 2 * k + 3);
            int[] bRows = new int[k];
            for (int p = 0; p < k; p++) bRows[p] = r.nextInt(b.length - n + 1);
            if (edgeRows && k > 0 && r.nextBoolean()) bRows[k - 1] = b.length - n;
            vector.broadcast(m, n, k, a, aOff, ars, acs, b, bRows, cv, cOff, ldc, acc);
            twin.broadcast(m, n, k, a, aOff, ars, acs, b, bRows, ct, cOff, ldc, acc);
        }
        assertBitsEqual(cv, ct, what);
    }

    /** The row loops against the twin's other paths (scalar tiles, dot products one by one), for 4, 8 and 16 lanes: no vector module needed. */
    @Test
    void theRowLoopsGiveTheScalarPathsBits() {
        Random r = new Random(99);
        for (int lanes : new int[] {4, 8, 16}) {
            TwinGemmKernels rows = new TwinGemmKernels(lanes), single = new TwinGemmKernels(lanes);
            single.rowLoops = false;
            for (int trial = 0; trial < 120; trial++) {
                int m = 1 + r.nextInt(trial % 2 == 0 ? 40 : 6), n = 32 + r.nextInt(trial % 3 == 0 ? 300 : 40), k = r.nextInt(trial % 2 == 0 ? 200 : 20);
                boolean acc = r.nextBoolean();
                String what = lanes + " lanes, m=" + m + " n=" + n + " k=" + k + " accumulate=" + acc;
                float[] c0 = values(r, m * n), cr = c0.clone(), cs = c0.clone();
                float[] a = values(r, m * k + 1), b = values(r, (n + 3) * (k + 3));
                int[] dRows = new int[n], bRows = new int[k];
                for (int j = 0; j < n; j++) dRows[j] = r.nextInt(b.length - k + 1);
                for (int p = 0; p < k; p++) bRows[p] = r.nextInt(b.length - n + 1);
                rows.dot(m, n, k, a, 0, k, b, dRows, cr, 0, n, acc);
                single.dot(m, n, k, a, 0, k, b, dRows, cs, 0, n, acc);
                assertBitsEqual(cs, cr, "dot, " + what);
                cr = c0.clone();
                cs = c0.clone();
                rows.broadcast(m, n, k, a, 0, k, 1, b, bRows, cr, 0, n, acc);
                TwinGemmKernels.tiles(m, n, k, a, 0, k, 1, b, bRows, cs, 0, n, acc);
                assertBitsEqual(cs, cr, "broadcast, " + what);
            }
        }
    }

    /** The plain stage of the warm-up runs every path without failing (its inputs stay inside their arrays for any lane count). */
    @Test
    void thePlainWarmUpRunsForEveryLaneCount() {
        for (int lanes : new int[] {4, 8, 16, 32}) assertDoesNotThrow(() -> new TwinGemmKernels(lanes).warmUp(3), lanes + " lanes");
    }

    /** The 16-lane dot product in locals gives the bits of the generic one (any lane count), as does the vector kernel above. */
    @Test
    void theUnrolledSixteenLaneDotIsTheGenericOne() {
        TwinGemmKernels unrolled = new TwinGemmKernels(16), generic = new TwinGemmKernels(16);
        generic.unrolled = false;
        Random r = new Random(77);
        for (int trial = 0; trial < 400; trial++) {
            int m = 1 + r.nextInt(9), n = 1 + r.nextInt(9), k = r.nextInt(100), lda = k + r.nextInt(3);
            float[] a = values(r, m * lda + 1), b = values(r, k + 2 * n + 3), c0 = values(r, m * n);
            int[] bRows = new int[n];
            for (int j = 0; j < n; j++) bRows[j] = r.nextInt(b.length - k + 1);
            boolean acc = r.nextBoolean();
            float[] cu = c0.clone(), cg = c0.clone();
            unrolled.dot(m, n, k, a, 0, lda, b, bRows, cu, 0, n, acc);
            generic.dot(m, n, k, a, 0, lda, b, bRows, cg, 0, n, acc);
            assertBitsEqual(cg, cu, "m=" + m + " n=" + n + " k=" + k + " accumulate=" + acc);
        }
    }

    /** Floats compared as raw bits, zeros' signs included. */
    static void assertBitsEqual(float[] want, float[] got, String what) {
        int[] w = new int[want.length], g = new int[got.length];
        for (int i = 0; i < want.length; i++) w[i] = Float.floatToRawIntBits(want[i]);
        for (int i = 0; i < got.length; i++) g[i] = Float.floatToRawIntBits(got[i]);
        assertArrayEquals(w, g, what);
    }

    /** Gaussian values, with some exact zeros of both signs and some values that cancel. */
    private static float[] values(Random r, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            int kind = r.nextInt(10);
            v[i] = kind == 0 ? 0f : kind == 1 ? -0f : kind == 2 ? (i % 2 == 0 ? 1f : -1f) : (float) r.nextGaussian();
        }
        return v;
    }
}

package convkit.exec;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The loops of {@link GemmKernels} on the Vector API, with the width the CPU prefers
 * ({@code SPECIES_PREFERRED}: 16 floats with AVX-512, 8 with AVX2). Loaded only when the
 * {@code jdk.incubator.vector} module is present (see {@link Simd}).
 *
 * <p>Register tiles: 4 rows x 4 vectors for the broadcast form (16 accumulators; per step 4
 * loads and 4 broadcasts feed 16 fused multiply-adds), or 6 x 4 when the rows leave a remainder of
 * 2 or 3 (6 filters, as in LeNet's first layer), 8 x 3 for blocks of 8 rows (16 filters, as in
 * LeNet's second layer: 144 columns are exactly 3 tiles), then 8 x 2 and 8 x 1 for the vectors left
 * (the wide CNN's 224 and 848 columns); 4 x 4 dot products for the dot form,
 * 4 x 2 or 2 x 4 for the rows and columns left over. What is left of a row after its last whole
 * vector also runs on vector lanes, with the lanes past its end set to 0 (a blend) and never
 * stored: in the broadcast form the last n % L columns, 8 rows at a time (bTail); in the dot form
 * the last k % L products, as one masked step after the dot-product kernels (dTail).
 * Each micro-kernel is a small method of its own so that the JIT inlines the vector calls into
 * it; if it did not, every vector would become a heap object and the speed would drop ~20x.
 * All arithmetic is fused multiply-add, and lane sums are added in a fixed tree (see fold), so a result
 * does not depend on which thread computed it, nor on whether the loop was JIT-compiled yet.
 */
final class VectorGemmKernels implements GemmKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** TAIL[t]: the first t lanes, for the columns (broadcast form) or products (dot form) after the last whole vector. */
    private static final VectorMask<Float>[] TAIL = tailMasks();

    /**
     * Scratch of one thread: the dot form's lane partial sums and sums, the tails' staging rows.
     * Reused across calls (every value read is written first in the same call, or masked off), so
     * a call allocates nothing; per thread, because the kernels are shared by all of Exec's threads.
     */
    private static final class Scratch {
        final float[] lanes = new float[16 * L], sums = new float[2 * W], pad = new float[8 * L], tile = new float[9 * L];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    @SuppressWarnings("unchecked")
    private static VectorMask<Float>[] tailMasks() {
        VectorMask<Float>[] masks = new VectorMask[L + 1];
        for (int t = 0; t <= L; t++) masks[t] = S.indexInRange(0, t);
        return masks;
    }

    /** Floats per vector (the preferred species). */
    static int lanes() {
        return L;
    }

    @Override
    public void broadcast(int m, int n, int k, float[] a, int aOff, int ars, int acs,
                          float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean accumulate) {
        int i = 0;
        if (m % 4 >= 2 && m >= 6) { // e.g. 6 filters: one block of 6 rows instead of 4 rows and two single ones
            int j = 0;
            for (; j + 4 * L <= n; j += 4 * L) b6x4(k, a, aOff, ars, acs, b, bRows, j, c, cOff + j, ldc, accumulate);
            for (; j + L <= n; j += L) {
                for (int r = 0; r < 6; r++) b1x1(k, a, aOff + r * ars, acs, b, bRows, j, c, cOff + r * ldc + j, accumulate);
            }
            i = 6;
        }
        for (; i + 8 <= m; i += 8) { // e.g. 16 filters: two blocks of 8 rows x 3 vectors
            int j = 0;
            for (; j + 3 * L <= n; j += 3 * L) b8x3(k, a, aOff + i * ars, ars, acs, b, bRows, j, c, cOff + i * ldc + j, ldc, accumulate);
            if (j + 2 * L <= n) { // two vectors left (the wide CNN's 14x16 and 28x30 maps): one 8 x 2 tile, not two 8 x 1
                b8x2(k, a, aOff + i * ars, ars, acs, b, bRows, j, c, cOff + i * ldc + j, ldc, accumulate);
                j += 2 * L;
            }
            for (; j + L <= n; j += L) b8x1(k, a, aOff + i * ars, ars, acs, b, bRows, j, c, cOff + i * ldc + j, ldc, accumulate);
        }
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; j + 4 * L <= n; j += 4 * L) {
                b4x4(k, a, aOff + i * ars, ars, acs, b, bRows, j, c, cOff + i * ldc + j, ldc, accumulate);
            }
            for (; j + L <= n; j += L) {
                for (int r = 0; r < 4; r++) b1x1(k, a, aOff + (i + r) * ars, acs, b, bRows, j, c, cOff + (i + r) * ldc + j, accumulate);
            }
        }
        for (; i < m; i++) {
            int j = 0;
            for (; j + 4 * L <= n; j += 4 * L) b1x4(k, a, aOff + i * ars, acs, b, bRows, j, c, cOff + i * ldc + j, accumulate);
            for (; j + L <= n; j += L) b1x1(k, a, aOff + i * ars, acs, b, bRows, j, c, cOff + i * ldc + j, accumulate);
        }
        int nv = n - n % L;
        if (nv < n) { // the last n - nv columns (fewer than one vector) of every row, 8 rows at a time
            float[] tile = SCRATCH.get().tile;
            for (i = 0; i < m; i += 8) {
                bTail(Math.min(8, m - i), k, a, aOff + i * ars, ars, acs, b, bRows, nv, n - nv, c, cOff + i * ldc + nv, ldc, accumulate, tile);
            }
        }
    }

    private static void b4x4(int k, float[] a, int a0, int ars, int acs, float[] b, int[] bRows, int j,
                             float[] c, int c0, int ldc, boolean accumulate) {
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, c0); c01 = FloatVector.fromArray(S, c, c0 + L);
            c02 = FloatVector.fromArray(S, c, c0 + 2 * L); c03 = FloatVector.fromArray(S, c, c0 + 3 * L);
            c10 = FloatVector.fromArray(S, c, c0 + ldc); c11 = FloatVector.fromArray(S, c, c0 + ldc + L);
            c12 = FloatVector.fromArray(S, c, c0 + ldc + 2 * L); c13 = FloatVector.fromArray(S, c, c0 + ldc + 3 * L);
            c20 = FloatVector.fromArray(S, c, c0 + 2 * ldc); c21 = FloatVector.fromArray(S, c, c0 + 2 * ldc + L);
            c22 = FloatVector.fromArray(S, c, c0 + 2 * ldc + 2 * L); c23 = FloatVector.fromArray(S, c, c0 + 2 * ldc + 3 * L);
            c30 = FloatVector.fromArray(S, c, c0 + 3 * ldc); c31 = FloatVector.fromArray(S, c, c0 + 3 * ldc + L);
            c32 = FloatVector.fromArray(S, c, c0 + 3 * ldc + 2 * L); c33 = FloatVector.fromArray(S, c, c0 + 3 * ldc + 3 * L);
        } else {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = FloatVector.zero(S);
        }
        for (int p = 0; p < k; p++) {
            int bp = bRows[p] + j;
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2v = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3v = FloatVector.fromArray(S, b, bp + 3 * L);
            int ap = a0 + p * acs;
            FloatVector av = FloatVector.broadcast(S, a[ap]);
            c00 = av.fma(b0v, c00); c01 = av.fma(b1v, c01); c02 = av.fma(b2v, c02); c03 = av.fma(b3v, c03);
            av = FloatVector.broadcast(S, a[ap + ars]);
            c10 = av.fma(b0v, c10); c11 = av.fma(b1v, c11); c12 = av.fma(b2v, c12); c13 = av.fma(b3v, c13);
            av = FloatVector.broadcast(S, a[ap + 2 * ars]);
            c20 = av.fma(b0v, c20); c21 = av.fma(b1v, c21); c22 = av.fma(b2v, c22); c23 = av.fma(b3v, c23);
            av = FloatVector.broadcast(S, a[ap + 3 * ars]);
            c30 = av.fma(b0v, c30); c31 = av.fma(b1v, c31); c32 = av.fma(b2v, c32); c33 = av.fma(b3v, c33);
        }
        c00.intoArray(c, c0); c01.intoArray(c, c0 + L); c02.intoArray(c, c0 + 2 * L); c03.intoArray(c, c0 + 3 * L);
        c10.intoArray(c, c0 + ldc); c11.intoArray(c, c0 + ldc + L); c12.intoArray(c, c0 + ldc + 2 * L); c13.intoArray(c, c0 + ldc + 3 * L);
        c20.intoArray(c, c0 + 2 * ldc); c21.intoArray(c, c0 + 2 * ldc + L); c22.intoArray(c, c0 + 2 * ldc + 2 * L); c23.intoArray(c, c0 + 2 * ldc + 3 * L);
        c30.intoArray(c, c0 + 3 * ldc); c31.intoArray(c, c0 + 3 * ldc + L); c32.intoArray(c, c0 + 3 * ldc + 2 * L); c33.intoArray(c, c0 + 3 * ldc + 3 * L);
    }

    /** 6 rows x 4 vectors: 24 accumulators, per step 4 loads and 6 broadcasts feed 24 fused multiply-adds. */
    private static void b6x4(int k, float[] a, int a0, int ars, int acs, float[] b, int[] bRows, int j,
                             float[] c, int c0, int ldc, boolean accumulate) {
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, c0); c01 = FloatVector.fromArray(S, c, c0 + L);
            c02 = FloatVector.fromArray(S, c, c0 + 2 * L); c03 = FloatVector.fromArray(S, c, c0 + 3 * L);
            c10 = FloatVector.fromArray(S, c, c0 + ldc); c11 = FloatVector.fromArray(S, c, c0 + ldc + L);
            c12 = FloatVector.fromArray(S, c, c0 + ldc + 2 * L); c13 = FloatVector.fromArray(S, c, c0 + ldc + 3 * L);
            c20 = FloatVector.fromArray(S, c, c0 + 2 * ldc); c21 = FloatVector.fromArray(S, c, c0 + 2 * ldc + L);
            c22 = FloatVector.fromArray(S, c, c0 + 2 * ldc + 2 * L); c23 = FloatVector.fromArray(S, c, c0 + 2 * ldc + 3 * L);
            c30 = FloatVector.fromArray(S, c, c0 + 3 * ldc); c31 = FloatVector.fromArray(S, c, c0 + 3 * ldc + L);
            c32 = FloatVector.fromArray(S, c, c0 + 3 * ldc + 2 * L); c33 = FloatVector.fromArray(S, c, c0 + 3 * ldc + 3 * L);
            c40 = FloatVector.fromArray(S, c, c0 + 4 * ldc); c41 = FloatVector.fromArray(S, c, c0 + 4 * ldc + L);
            c42 = FloatVector.fromArray(S, c, c0 + 4 * ldc + 2 * L); c43 = FloatVector.fromArray(S, c, c0 + 4 * ldc + 3 * L);
            c50 = FloatVector.fromArray(S, c, c0 + 5 * ldc); c51 = FloatVector.fromArray(S, c, c0 + 5 * ldc + L);
            c52 = FloatVector.fromArray(S, c, c0 + 5 * ldc + 2 * L); c53 = FloatVector.fromArray(S, c, c0 + 5 * ldc + 3 * L);
        } else {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = FloatVector.zero(S);
            c30 = c31 = c32 = c33 = c40 = c41 = c42 = c43 = c50 = c51 = c52 = c53 = c00;
        }
        for (int p = 0; p < k; p++) {
            int bp = bRows[p] + j;
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2v = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3v = FloatVector.fromArray(S, b, bp + 3 * L);
            int ap = a0 + p * acs;
            FloatVector av = FloatVector.broadcast(S, a[ap]);
            c00 = av.fma(b0v, c00); c01 = av.fma(b1v, c01); c02 = av.fma(b2v, c02); c03 = av.fma(b3v, c03);
            av = FloatVector.broadcast(S, a[ap + ars]);
            c10 = av.fma(b0v, c10); c11 = av.fma(b1v, c11); c12 = av.fma(b2v, c12); c13 = av.fma(b3v, c13);
            av = FloatVector.broadcast(S, a[ap + 2 * ars]);
            c20 = av.fma(b0v, c20); c21 = av.fma(b1v, c21); c22 = av.fma(b2v, c22); c23 = av.fma(b3v, c23);
            av = FloatVector.broadcast(S, a[ap + 3 * ars]);
            c30 = av.fma(b0v, c30); c31 = av.fma(b1v, c31); c32 = av.fma(b2v, c32); c33 = av.fma(b3v, c33);
            av = FloatVector.broadcast(S, a[ap + 4 * ars]);
            c40 = av.fma(b0v, c40); c41 = av.fma(b1v, c41); c42 = av.fma(b2v, c42); c43 = av.fma(b3v, c43);
            av = FloatVector.broadcast(S, a[ap + 5 * ars]);
            c50 = av.fma(b0v, c50); c51 = av.fma(b1v, c51); c52 = av.fma(b2v, c52); c53 = av.fma(b3v, c53);
        }
        c00.intoArray(c, c0); c01.intoArray(c, c0 + L); c02.intoArray(c, c0 + 2 * L); c03.intoArray(c, c0 + 3 * L);
        c10.intoArray(c, c0 + ldc); c11.intoArray(c, c0 + ldc + L); c12.intoArray(c, c0 + ldc + 2 * L); c13.intoArray(c, c0 + ldc + 3 * L);
        c20.intoArray(c, c0 + 2 * ldc); c21.intoArray(c, c0 + 2 * ldc + L); c22.intoArray(c, c0 + 2 * ldc + 2 * L); c23.intoArray(c, c0 + 2 * ldc + 3 * L);
        c30.intoArray(c, c0 + 3 * ldc); c31.intoArray(c, c0 + 3 * ldc + L); c32.intoArray(c, c0 + 3 * ldc + 2 * L); c33.intoArray(c, c0 + 3 * ldc + 3 * L);
        c40.intoArray(c, c0 + 4 * ldc); c41.intoArray(c, c0 + 4 * ldc + L); c42.intoArray(c, c0 + 4 * ldc + 2 * L); c43.intoArray(c, c0 + 4 * ldc + 3 * L);
        c50.intoArray(c, c0 + 5 * ldc); c51.intoArray(c, c0 + 5 * ldc + L); c52.intoArray(c, c0 + 5 * ldc + 2 * L); c53.intoArray(c, c0 + 5 * ldc + 3 * L);
    }

    /** 8 rows x 3 vectors: 24 accumulators, per step 3 loads and 8 broadcasts feed 24 fused multiply-adds. */
    private static void b8x3(int k, float[] a, int a0, int ars, int acs, float[] b, int[] bRows, int j,
                             float[] c, int c0, int ldc, boolean accumulate) {
        FloatVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32, c40, c41, c42, c50, c51, c52, c60, c61, c62, c70, c71, c72;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, c0 + 0 * ldc + 0 * L); c01 = FloatVector.fromArray(S, c, c0 + 0 * ldc + 1 * L); c02 = FloatVector.fromArray(S, c, c0 + 0 * ldc + 2 * L);
            c10 = FloatVector.fromArray(S, c, c0 + 1 * ldc + 0 * L); c11 = FloatVector.fromArray(S, c, c0 + 1 * ldc + 1 * L); c12 = FloatVector.fromArray(S, c, c0 + 1 * ldc + 2 * L);
            c20 = FloatVector.fromArray(S, c, c0 + 2 * ldc + 0 * L); c21 = FloatVector.fromArray(S, c, c0 + 2 * ldc + 1 * L); c22 = FloatVector.fromArray(S, c, c0 + 2 * ldc + 2 * L);
            c30 = FloatVector.fromArray(S, c, c0 + 3 * ldc + 0 * L); c31 = FloatVector.fromArray(S, c, c0 + 3 * ldc + 1 * L); c32 = FloatVector.fromArray(S, c, c0 + 3 * ldc + 2 * L);
            c40 = FloatVector.fromArray(S, c, c0 + 4 * ldc + 0 * L); c41 = FloatVector.fromArray(S, c, c0 + 4 * ldc + 1 * L); c42 = FloatVector.fromArray(S, c, c0 + 4 * ldc + 2 * L);
            c50 = FloatVector.fromArray(S, c, c0 + 5 * ldc + 0 * L); c51 = FloatVector.fromArray(S, c, c0 + 5 * ldc + 1 * L); c52 = FloatVector.fromArray(S, c, c0 + 5 * ldc + 2 * L);
            c60 = FloatVector.fromArray(S, c, c0 + 6 * ldc + 0 * L); c61 = FloatVector.fromArray(S, c, c0 + 6 * ldc + 1 * L); c62 = FloatVector.fromArray(S, c, c0 + 6 * ldc + 2 * L);
            c70 = FloatVector.fromArray(S, c, c0 + 7 * ldc + 0 * L); c71 = FloatVector.fromArray(S, c, c0 + 7 * ldc + 1 * L); c72 = FloatVector.fromArray(S, c, c0 + 7 * ldc + 2 * L);
        } else {
            c00 = FloatVector.zero(S);
            c01 = c02 = c10 = c11 = c12 = c20 = c21 = c22 = c00;
            c30 = c31 = c32 = c40 = c41 = c42 = c50 = c51 = c00;
            c52 = c60 = c61 = c62 = c70 = c71 = c72 = c00;
        }
        for (int p = 0; p < k; p++) {
            int bp = bRows[p] + j;
            FloatVector b0v = FloatVector.fromArray(S, b, bp + 0 * L);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + 1 * L);
            FloatVector b2v = FloatVector.fromArray(S, b, bp + 2 * L);
            int ap = a0 + p * acs;
            FloatVector av;
            av = FloatVector.broadcast(S, a[ap + 0 * ars]);
            c00 = av.fma(b0v, c00); c01 = av.fma(b1v, c01); c02 = av.fma(b2v, c02);
            av = FloatVector.broadcast(S, a[ap + 1 * ars]);
            c10 = av.fma(b0v, c10); c11 = av.fma(b1v, c11); c12 = av.fma(b2v, c12);
            av = FloatVector.broadcast(S, a[ap + 2 * ars]);
            c20 = av.fma(b0v, c20); c21 = av.fma(b1v, c21); c22 = av.fma(b2v, c22);
            av = FloatVector.broadcast(S, a[ap + 3 * ars]);
            c30 = av.fma(b0v, c30); c31 = av.fma(b1v, c31); c32 = av.fma(b2v, c32);
            av = FloatVector.broadcast(S, a[ap + 4 * ars]);
            c40 = av.fma(b0v, c40); c41 = av.fma(b1v, c41); c42 = av.fma(b2v, c42);
            av = FloatVector.broadcast(S, a[ap + 5 * ars]);
            c50 = av.fma(b0v, c50); c51 = av.fma(b1v, c51); c52 = av.fma(b2v, c52);
            av = FloatVector.broadcast(S, a[ap + 6 * ars]);
            c60 = av.fma(b0v, c60); c61 = av.fma(b1v, c61); c62 = av.fma(b2v, c62);
            av = FloatVector.broadcast(S, a[ap + 7 * ars]);
            c70 = av.fma(b0v, c70); c71 = av.fma(b1v, c71); c72 = av.fma(b2v, c72);
        }
        c00.intoArray(c, c0 + 0 * ldc + 0 * L); c01.intoArray(c, c0 + 0 * ldc + 1 * L); c02.intoArray(c, c0 + 0 * ldc + 2 * L);
        c10.intoArray(c, c0 + 1 * ldc + 0 * L); c11.intoArray(c, c0 + 1 * ldc + 1 * L); c12.intoArray(c, c0 + 1 * ldc + 2 * L);
        c20.intoArray(c, c0 + 2 * ldc + 0 * L); c21.intoArray(c, c0 + 2 * ldc + 1 * L); c22.intoArray(c, c0 + 2 * ldc + 2 * L);
        c30.intoArray(c, c0 + 3 * ldc + 0 * L); c31.intoArray(c, c0 + 3 * ldc + 1 * L); c32.intoArray(c, c0 + 3 * ldc + 2 * L);
        c40.intoArray(c, c0 + 4 * ldc + 0 * L); c41.intoArray(c, c0 + 4 * ldc + 1 * L); c42.intoArray(c, c0 + 4 * ldc + 2 * L);
        c50.intoArray(c, c0 + 5 * ldc + 0 * L); c51.intoArray(c, c0 + 5 * ldc + 1 * L); c52.intoArray(c, c0 + 5 * ldc + 2 * L);
        c60.intoArray(c, c0 + 6 * ldc + 0 * L); c61.intoArray(c, c0 + 6 * ldc + 1 * L); c62.intoArray(c, c0 + 6 * ldc + 2 * L);
        c70.intoArray(c, c0 + 7 * ldc + 0 * L); c71.intoArray(c, c0 + 7 * ldc + 1 * L); c72.intoArray(c, c0 + 7 * ldc + 2 * L);
    }

    /**
     * 8 rows x 2 vectors, for two vectors of columns an 8 x 3 tile leaves: 16 accumulators, per
     * step 2 loads and 8 broadcasts feed 16 fused multiply-adds (8 x 1 gets 8 from 1 load and 8
     * broadcasts). Each C value is the same fused multiply-add chain over p as in every other tile.
     */
    private static void b8x2(int k, float[] a, int a0, int ars, int acs, float[] b, int[] bRows, int j,
                             float[] c, int c0, int ldc, boolean accumulate) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, c0); c01 = FloatVector.fromArray(S, c, c0 + L);
            c10 = FloatVector.fromArray(S, c, c0 + ldc); c11 = FloatVector.fromArray(S, c, c0 + ldc + L);
            c20 = FloatVector.fromArray(S, c, c0 + 2 * ldc); c21 = FloatVector.fromArray(S, c, c0 + 2 * ldc + L);
            c30 = FloatVector.fromArray(S, c, c0 + 3 * ldc); c31 = FloatVector.fromArray(S, c, c0 + 3 * ldc + L);
            c40 = FloatVector.fromArray(S, c, c0 + 4 * ldc); c41 = FloatVector.fromArray(S, c, c0 + 4 * ldc + L);
            c50 = FloatVector.fromArray(S, c, c0 + 5 * ldc); c51 = FloatVector.fromArray(S, c, c0 + 5 * ldc + L);
            c60 = FloatVector.fromArray(S, c, c0 + 6 * ldc); c61 = FloatVector.fromArray(S, c, c0 + 6 * ldc + L);
            c70 = FloatVector.fromArray(S, c, c0 + 7 * ldc); c71 = FloatVector.fromArray(S, c, c0 + 7 * ldc + L);
        } else {
            c00 = FloatVector.zero(S);
            c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = c00;
        }
        for (int p = 0; p < k; p++) {
            int bp = bRows[p] + j;
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + L);
            int ap = a0 + p * acs;
            FloatVector av = FloatVector.broadcast(S, a[ap]);
            c00 = av.fma(b0v, c00); c01 = av.fma(b1v, c01);
            av = FloatVector.broadcast(S, a[ap + ars]);
            c10 = av.fma(b0v, c10); c11 = av.fma(b1v, c11);
            av = FloatVector.broadcast(S, a[ap + 2 * ars]);
            c20 = av.fma(b0v, c20); c21 = av.fma(b1v, c21);
            av = FloatVector.broadcast(S, a[ap + 3 * ars]);
            c30 = av.fma(b0v, c30); c31 = av.fma(b1v, c31);
            av = FloatVector.broadcast(S, a[ap + 4 * ars]);
            c40 = av.fma(b0v, c40); c41 = av.fma(b1v, c41);
            av = FloatVector.broadcast(S, a[ap + 5 * ars]);
            c50 = av.fma(b0v, c50); c51 = av.fma(b1v, c51);
            av = FloatVector.broadcast(S, a[ap + 6 * ars]);
            c60 = av.fma(b0v, c60); c61 = av.fma(b1v, c61);
            av = FloatVector.broadcast(S, a[ap + 7 * ars]);
            c70 = av.fma(b0v, c70); c71 = av.fma(b1v, c71);
        }
        c00.intoArray(c, c0); c01.intoArray(c, c0 + L);
        c10.intoArray(c, c0 + ldc); c11.intoArray(c, c0 + ldc + L);
        c20.intoArray(c, c0 + 2 * ldc); c21.intoArray(c, c0 + 2 * ldc + L);
        c30.intoArray(c, c0 + 3 * ldc); c31.intoArray(c, c0 + 3 * ldc + L);
        c40.intoArray(c, c0 + 4 * ldc); c41.intoArray(c, c0 + 4 * ldc + L);
        c50.intoArray(c, c0 + 5 * ldc); c51.intoArray(c, c0 + 5 * ldc + L);
        c60.intoArray(c, c0 + 6 * ldc); c61.intoArray(c, c0 + 6 * ldc + L);
        c70.intoArray(c, c0 + 7 * ldc); c71.intoArray(c, c0 + 7 * ldc + L);
    }

    /** 8 rows x 1 vector, for the columns an 8 x 3 tile leaves. */
    private static void b8x1(int k, float[] a, int a0, int ars, int acs, float[] b, int[] bRows, int j,
                             float[] c, int c0, int ldc, boolean accumulate) {
        FloatVector c00, c10, c20, c30, c40, c50, c60, c70;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, c0 + 0 * ldc + 0 * L);
            c10 = FloatVector.fromArray(S, c, c0 + 1 * ldc + 0 * L);
            c20 = FloatVector.fromArray(S, c, c0 + 2 * ldc + 0 * L);
            c30 = FloatVector.fromArray(S, c, c0 + 3 * ldc + 0 * L);
            c40 = FloatVector.fromArray(S, c, c0 + 4 * ldc + 0 * L);
            c50 = FloatVector.fromArray(S, c, c0 + 5 * ldc + 0 * L);
            c60 = FloatVector.fromArray(S, c, c0 + 6 * ldc + 0 * L);
            c70 = FloatVector.fromArray(S, c, c0 + 7 * ldc + 0 * L);
        } else {
            c00 = FloatVector.zero(S);
            c10 = c20 = c30 = c40 = c50 = c60 = c70 = c00;
        }
        for (int p = 0; p < k; p++) {
            int bp = bRows[p] + j;
            FloatVector b0v = FloatVector.fromArray(S, b, bp + 0 * L);
            int ap = a0 + p * acs;
            FloatVector av;
            av = FloatVector.broadcast(S, a[ap + 0 * ars]);
            c00 = av.fma(b0v, c00);
            av = FloatVector.broadcast(S, a[ap + 1 * ars]);
            c10 = av.fma(b0v, c10);
            av = FloatVector.broadcast(S, a[ap + 2 * ars]);
            c20 = av.fma(b0v, c20);
            av = FloatVector.broadcast(S, a[ap + 3 * ars]);
            c30 = av.fma(b0v, c30);
            av = FloatVector.broadcast(S, a[ap + 4 * ars]);
            c40 = av.fma(b0v, c40);
            av = FloatVector.broadcast(S, a[ap + 5 * ars]);
            c50 = av.fma(b0v, c50);
            av = FloatVector.broadcast(S, a[ap + 6 * ars]);
            c60 = av.fma(b0v, c60);
            av = FloatVector.broadcast(S, a[ap + 7 * ars]);
            c70 = av.fma(b0v, c70);
        }
        c00.intoArray(c, c0 + 0 * ldc + 0 * L);
        c10.intoArray(c, c0 + 1 * ldc + 0 * L);
        c20.intoArray(c, c0 + 2 * ldc + 0 * L);
        c30.intoArray(c, c0 + 3 * ldc + 0 * L);
        c40.intoArray(c, c0 + 4 * ldc + 0 * L);
        c50.intoArray(c, c0 + 5 * ldc + 0 * L);
        c60.intoArray(c, c0 + 6 * ldc + 0 * L);
        c70.intoArray(c, c0 + 7 * ldc + 0 * L);
    }

    private static void b1x4(int k, float[] a, int a0, int acs, float[] b, int[] bRows, int j, float[] c, int c0, boolean accumulate) {
        FloatVector c0v, c1v, c2v, c3v;
        if (accumulate) {
            c0v = FloatVector.fromArray(S, c, c0); c1v = FloatVector.fromArray(S, c, c0 + L);
            c2v = FloatVector.fromArray(S, c, c0 + 2 * L); c3v = FloatVector.fromArray(S, c, c0 + 3 * L);
        } else {
            c0v = c1v = c2v = c3v = FloatVector.zero(S);
        }
        for (int p = 0; p < k; p++) {
            int bp = bRows[p] + j;
            FloatVector av = FloatVector.broadcast(S, a[a0 + p * acs]);
            c0v = av.fma(FloatVector.fromArray(S, b, bp), c0v);
            c1v = av.fma(FloatVector.fromArray(S, b, bp + L), c1v);
            c2v = av.fma(FloatVector.fromArray(S, b, bp + 2 * L), c2v);
            c3v = av.fma(FloatVector.fromArray(S, b, bp + 3 * L), c3v);
        }
        c0v.intoArray(c, c0); c1v.intoArray(c, c0 + L); c2v.intoArray(c, c0 + 2 * L); c3v.intoArray(c, c0 + 3 * L);
    }

    private static void b1x1(int k, float[] a, int a0, int acs, float[] b, int[] bRows, int j, float[] c, int c0, boolean accumulate) {
        FloatVector cv = accumulate ? FloatVector.fromArray(S, c, c0) : FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            cv = FloatVector.broadcast(S, a[a0 + p * acs]).fma(FloatVector.fromArray(S, b, bRows[p] + j), cv);
        }
        cv.intoArray(c, c0);
    }

    /**
     * The columns j, ..., j + t - 1 (0 < t < L) of {@code rows} <= 8 rows, a lane for each column:
     * per step one load of B's row tail (lanes from t on set to 0, never stored) and 8 broadcasts
     * feed 8 fused multiply-adds. A lane is one chain of fused multiply-adds in k order, as in the
     * other kernels, so the results are those of a scalar {@code Math.fma} chain, bit for bit. With
     * fewer than 8 rows the last row is computed again in the spare accumulators and dropped.
     * <p>C goes through {@code tile} (9 vectors: 8 rows, then room for one row of B), row by row with
     * the t valid lanes only: the lanes past a row's end belong to other rows, possibly another
     * thread's (and a masked store, {@code intoArray(c, o, mask)}, is a scalar loop on JDK 17). A row
     * of B that ends less than a vector before its array's end is copied to the tile first. No masked
     * loads: JDK 17's {@code fromArray(S, x, o, mask)} builds its vector on the heap on its slow path
     * (near the array's end); with masked loads in this kernel and in the dot form's last step,
     * C2's code allocated ~0.5 MB per dense forward (64 x 120 -> 84) instead of 32 KB (vectors
     * on the heap). Keep the method above C2's inlining limit (325 bytes) so it is compiled on its
     * own, like the other micro-kernels.
     */
    private static void bTail(int rows, int k, float[] a, int a0, int ars, int acs, float[] b, int[] bRows, int j,
                              int t, float[] c, int c0, int ldc, boolean accumulate, float[] tile) {
        VectorMask<Float> tail = TAIL[t];
        FloatVector zero = FloatVector.zero(S);
        int last = rows - 1;
        int r1 = Math.min(1, last), r2 = Math.min(2, last), r3 = Math.min(3, last);
        int r4 = Math.min(4, last), r5 = Math.min(5, last), r6 = Math.min(6, last), r7 = Math.min(7, last);
        FloatVector c0v, c1v, c2v, c3v, c4v, c5v, c6v, c7v;
        if (accumulate) {
            for (int r = 0; r < rows; r++) System.arraycopy(c, c0 + r * ldc, tile, r * L, t);
            c0v = FloatVector.fromArray(S, tile, 0);
            c1v = FloatVector.fromArray(S, tile, r1 * L);
            c2v = FloatVector.fromArray(S, tile, r2 * L);
            c3v = FloatVector.fromArray(S, tile, r3 * L);
            c4v = FloatVector.fromArray(S, tile, r4 * L);
            c5v = FloatVector.fromArray(S, tile, r5 * L);
            c6v = FloatVector.fromArray(S, tile, r6 * L);
            c7v = FloatVector.fromArray(S, tile, r7 * L);
        } else {
            c0v = c1v = c2v = c3v = c4v = c5v = c6v = c7v = zero;
        }
        int o1 = r1 * ars, o2 = r2 * ars, o3 = r3 * ars, o4 = r4 * ars, o5 = r5 * ars, o6 = r6 * ars, o7 = r7 * ars;
        for (int p = 0; p < k; p++) {
            float[] row = b;
            int bp = bRows[p] + j;
            if (bp > b.length - L) { // too near the end for a whole vector
                System.arraycopy(b, bp, tile, 8 * L, t);
                row = tile;
                bp = 8 * L;
            }
            FloatVector bv = zero.blend(FloatVector.fromArray(S, row, bp), tail);
            int ap = a0 + p * acs;
            c0v = FloatVector.broadcast(S, a[ap]).fma(bv, c0v);
            c1v = FloatVector.broadcast(S, a[ap + o1]).fma(bv, c1v);
            c2v = FloatVector.broadcast(S, a[ap + o2]).fma(bv, c2v);
            c3v = FloatVector.broadcast(S, a[ap + o3]).fma(bv, c3v);
            c4v = FloatVector.broadcast(S, a[ap + o4]).fma(bv, c4v);
            c5v = FloatVector.broadcast(S, a[ap + o5]).fma(bv, c5v);
            c6v = FloatVector.broadcast(S, a[ap + o6]).fma(bv, c6v);
            c7v = FloatVector.broadcast(S, a[ap + o7]).fma(bv, c7v);
        }
        c0v.intoArray(tile, 0); c1v.intoArray(tile, L); c2v.intoArray(tile, 2 * L); c3v.intoArray(tile, 3 * L);
        c4v.intoArray(tile, 4 * L); c5v.intoArray(tile, 5 * L); c6v.intoArray(tile, 6 * L); c7v.intoArray(tile, 7 * L);
        for (int r = 0; r < rows; r++) System.arraycopy(tile, r * L, c, c0 + r * ldc, t);
    }

    @Override
    public void dot(int m, int n, int k, float[] a, int aOff, int lda,
                    float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean accumulate) {
        Scratch scratch = SCRATCH.get();
        float[] lanes = scratch.lanes, sums = scratch.sums;
        int kv = k - k % L;
        float[] pad = scratch.pad; // for dTail
        for (int i = 0; i < m; i += 4) {
            int rows = Math.min(4, m - i);
            // a partial block repeats its last row or column to fill a tile: the copies are computed and dropped
            int a0 = aOff + i * lda, a1 = aOff + Math.min(i + 1, m - 1) * lda;
            int a2 = aOff + Math.min(i + 2, m - 1) * lda, a3 = aOff + Math.min(i + 3, m - 1) * lda;
            for (int j = 0; j < n; j += 4) {
                int cols = Math.min(4, n - j);
                int b0 = bRows[j], b1 = bRows[Math.min(j + 1, n - 1)], b2 = bRows[Math.min(j + 2, n - 1)], b3 = bRows[Math.min(j + 3, n - 1)];
                int[] slots = SLOTS; // which slots hold dot products (8 per group of the lane sums' tree), and where their sums go
                int groups = 1, at[] = AT;
                if (rows >= 3 && cols >= 3) {
                    d4x4(kv, a, a0, a1, a2, a3, b, b0, b1, b2, b3, lanes);
                    if (kv < k) dTail(k, a, a0, a1, a2, a3, b, b0, b1, b2, b3, 4, 1, true, lanes, pad);
                    groups = 2;
                } else if (rows >= 3) { // 1 or 2 columns left
                    d4x2(kv, a, a0, a1, a2, a3, b, b0, b1, 4, 1, lanes);
                    if (kv < k) dTail(k, a, a0, a1, a2, a3, b, b0, b1, b1, b1, 4, 1, false, lanes, pad);
                    slots = SLOTS_4X2; at = AT_4X2;
                } else { // 1 or 2 rows left: the columns take the 4 slots (0 to 7)
                    d4x2(kv, b, b0, b1, b2, b3, a, a0, a1, 1, 4, lanes);
                    if (kv < k) dTail(k, b, b0, b1, b2, b3, a, a0, a1, a1, a1, 1, 4, false, lanes, pad);
                }
                finishTile(lanes, sums, slots, groups, at, rows, cols, c, cOff + i * ldc + j, ldc, accumulate);
            }
        }
    }

    /**
     * Completes a tile from its slots of lane partial sums (row r, column q at lanes[(4r + q) L]): the
     * lane sums as a tree (see fold), 8 slots at a time (slots[8g], ..., slots[8g + 7] for group g;
     * the sum of slot t lands at sums[at[t]]), then the store. The tree is here and not in d4x4:
     * after d4x4's loop, or with all 15 folds of a tile in one method, C2 hit its NodeCountInliningCutoff (each rearrange brings its index checks along on JDK
     * 17) and the vectors left became heap objects (~4x slower). Keep this method, too, above C2's
     * inlining limit (325 bytes) so it is compiled on its own with the 7 folds of its loop body.
     */
    private static void finishTile(float[] lanes, float[] sums, int[] slots, int groups, int[] at, int rows, int cols,
                                   float[] c, int c0, int ldc, boolean accumulate) {
        for (int h = 0; h < groups; h++) {
            int o = 8 * h;
            FloatVector s0 = fold(FloatVector.fromArray(S, lanes, slots[o] * L), FloatVector.fromArray(S, lanes, slots[o + 1] * L), M0, X0);
            FloatVector s1 = fold(FloatVector.fromArray(S, lanes, slots[o + 2] * L), FloatVector.fromArray(S, lanes, slots[o + 3] * L), M0, X0);
            FloatVector s2 = fold(FloatVector.fromArray(S, lanes, slots[o + 4] * L), FloatVector.fromArray(S, lanes, slots[o + 5] * L), M0, X0);
            FloatVector s3 = fold(FloatVector.fromArray(S, lanes, slots[o + 6] * L), FloatVector.fromArray(S, lanes, slots[o + 7] * L), M0, X0);
            s0 = fold(s0, s1, M1, X1);
            s1 = fold(s2, s3, M1, X1);
            if (L <= 4) { // complete: 4 sums in each
                s0.intoArray(sums, h * W);
                s1.intoArray(sums, h * W + L);
            } else {
                s0 = fold(s0, s1, M2, X2);
                if (L >= 16) s0 = s0.add(s0.rearrange(X3)); // no partner left: folded with itself
                if (L > 16) for (int d = L >> 5; d > 0; d >>= 1) s0 = s0.add(s0.rearrange(swapAt(d))); // no such hardware yet
                s0.intoArray(sums, h * W);
            }
        }
        for (int r = 0; r < rows; r++)
            for (int q = 0; q < cols; q++) {
                int ci = c0 + r * ldc + q;
                float s = sums[at[4 * r + q]];
                c[ci] = accumulate ? c[ci] + s : s;
            }
    }

    /*
     * Lane sums as a tree in registers instead of one chain of L dependent adds per dot product.
     * fold(u, v, M, X) at distance d (L/2 at level 0, then L/4, ...) gives, in the lanes whose bit d is
     * clear, u[l] + u[l ^ d], and in the others v[l] + v[l ^ d]: two vectors of partial sums become one
     * with half as many partial sums per dot product. Folding a tile's accumulators, 8 at a time, in
     * pairs level by level ends with complete sums, L of them per vector (a vector without a partner,
     * when L > 8, is folded with itself). Every sum is thus the same tree for every dot product: with
     * c[l] the chain of lane l, for h = L/2, L/4, ..., 1: c[m] = c[m] + c[m + h] for m < h; the sum is
     * c[0] (x + y = y + x exactly, so which operand comes first does not matter). Only lane-wise adds,
     * blends and fixed rearranges, so the interpreter and C2 give the same bits (unlike reduceLanes).
     * Needs L >= 4, which the preferred species always has (at least 128 bits).
     */
    private static final VectorMask<Float> M0 = upper(0), M1 = upper(1), M2 = upper(2);
    private static final VectorShuffle<Float> X0 = swap(0), X1 = swap(1), X2 = swap(2), X3 = swap(3);
    /** Room for the sums of 8 slots (one vector, or two of 4). */
    private static final int W = Math.max(8, L);
    /** The slots of a 4 x 4 tile (two groups), or of 2 rows x 4 columns (the first group): in order. */
    private static final int[] SLOTS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    /** The slots of 4 rows x 2 columns (one group). */
    private static final int[] SLOTS_4X2 = {0, 1, 4, 5, 8, 9, 12, 13};
    /** Where finishTile leaves the sum of slot 4r + q (tile row r, column q), for SLOTS and for SLOTS_4X2. */
    private static final int[] AT = new int[16], AT_4X2 = new int[16];
    static {
        for (int t = 0; t < 16; t++) {
            AT[t] = (t >> 3) * W + position(t & 7);
            if ((t & 3) < 2) AT_4X2[t] = position(2 * (t >> 2) + (t & 3));
        }
    }

    private static int distance(int level) {
        return Math.max(1, L >> (level + 1));
    }

    private static VectorMask<Float> upper(int level) {
        int d = distance(level);
        boolean[] bits = new boolean[L];
        for (int l = 0; l < L; l++) bits[l] = (l & d) != 0;
        return VectorMask.fromArray(S, bits, 0);
    }

    private static VectorShuffle<Float> swap(int level) {
        return swapAt(distance(level));
    }

    private static VectorShuffle<Float> swapAt(int d) {
        return VectorShuffle.fromOp(S, l -> l ^ d);
    }

    /**
     * Where the tree leaves the sum of slot t of 8 (paired as 2i, 2i + 1 at the first level, then the
     * results likewise): level j puts bit j of t into lane bit L >> (j + 1); when L = 4 the third bit
     * picks the vector. With L > 8 the lane bits left over hold copies (folded with themselves).
     */
    private static int position(int t) {
        int pos = 0, j = 0;
        for (; j < 3 && (L >> (j + 1)) > 0; j++) pos |= ((t >> j) & 1) * (L >> (j + 1));
        return (t >> j) * L + pos;
    }

    private static FloatVector fold(FloatVector u, FloatVector v, VectorMask<Float> upper, VectorShuffle<Float> swap) {
        return u.blend(v, upper).add(v.blend(u, upper).rearrange(swap));
    }

    /** 16 vector dot products over p < kv (a multiple of L), left lane by lane in {@code lanes}: row r, column q at (4r + q) L. */
    private static void d4x4(int kv, float[] a, int a0, int a1, int a2, int a3, float[] b, int b0, int b1, int b2, int b3, float[] lanes) {
        FloatVector s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33;
        s00 = s01 = s02 = s03 = s10 = s11 = s12 = s13 = s20 = s21 = s22 = s23 = s30 = s31 = s32 = s33 = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(S, a, a2 + p);
            FloatVector x3 = FloatVector.fromArray(S, a, a3 + p);
            FloatVector y = FloatVector.fromArray(S, b, b0 + p);
            s00 = x0.fma(y, s00); s10 = x1.fma(y, s10); s20 = x2.fma(y, s20); s30 = x3.fma(y, s30);
            y = FloatVector.fromArray(S, b, b1 + p);
            s01 = x0.fma(y, s01); s11 = x1.fma(y, s11); s21 = x2.fma(y, s21); s31 = x3.fma(y, s31);
            y = FloatVector.fromArray(S, b, b2 + p);
            s02 = x0.fma(y, s02); s12 = x1.fma(y, s12); s22 = x2.fma(y, s22); s32 = x3.fma(y, s32);
            y = FloatVector.fromArray(S, b, b3 + p);
            s03 = x0.fma(y, s03); s13 = x1.fma(y, s13); s23 = x2.fma(y, s23); s33 = x3.fma(y, s33);
        }
        s00.intoArray(lanes, 0); s01.intoArray(lanes, L); s02.intoArray(lanes, 2 * L); s03.intoArray(lanes, 3 * L);
        s10.intoArray(lanes, 4 * L); s11.intoArray(lanes, 5 * L); s12.intoArray(lanes, 6 * L); s13.intoArray(lanes, 7 * L);
        s20.intoArray(lanes, 8 * L); s21.intoArray(lanes, 9 * L); s22.intoArray(lanes, 10 * L); s23.intoArray(lanes, 11 * L);
        s30.intoArray(lanes, 12 * L); s31.intoArray(lanes, 13 * L); s32.intoArray(lanes, 14 * L); s33.intoArray(lanes, 15 * L);
    }

    /**
     * 8 vector dot products for the rows and columns a 4 x 4 tile leaves: x row u with y row v, left
     * at (u us + v vs) L, so 4 rows x 2 columns (x = A, us = 4, vs = 1) or 2 rows x 4 columns
     * (x = B, us = 1, vs = 4) land where {@link #d4x4} puts them. Eight chains side by side instead of
     * one keep the fused multiply-adds from waiting on each other; fma(x, y, s) = fma(y, x, s) exactly,
     * so the swap does not change a bit. Keep it, like d4x4, above C2's inlining limit for hot methods
     * (FreqInlineSize, 325 bytes of bytecode; this is ~340) so it is compiled on its own: inlined into
     * dot() at both call sites it ran out of C2's node budget, its vector stores were not intrinsified,
     * and conv1's backward took ~4x as long in 3 of 8 runs.
     */
    private static void d4x2(int kv, float[] x, int x0, int x1, int x2, int x3, float[] y, int y0, int y1, int us, int vs, float[] lanes) {
        FloatVector s00, s01, s10, s11, s20, s21, s30, s31;
        s00 = s01 = s10 = s11 = s20 = s21 = s30 = s31 = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            FloatVector u = FloatVector.fromArray(S, y, y0 + p), v = FloatVector.fromArray(S, y, y1 + p);
            FloatVector w = FloatVector.fromArray(S, x, x0 + p);
            s00 = w.fma(u, s00); s01 = w.fma(v, s01);
            w = FloatVector.fromArray(S, x, x1 + p);
            s10 = w.fma(u, s10); s11 = w.fma(v, s11);
            w = FloatVector.fromArray(S, x, x2 + p);
            s20 = w.fma(u, s20); s21 = w.fma(v, s21);
            w = FloatVector.fromArray(S, x, x3 + p);
            s30 = w.fma(u, s30); s31 = w.fma(v, s31);
        }
        s00.intoArray(lanes, 0); s01.intoArray(lanes, vs * L);
        s10.intoArray(lanes, us * L); s11.intoArray(lanes, (us + vs) * L);
        s20.intoArray(lanes, 2 * us * L); s21.intoArray(lanes, (2 * us + vs) * L);
        s30.intoArray(lanes, 3 * us * L); s31.intoArray(lanes, (3 * us + vs) * L);
    }

    /**
     * The last k % L products of a tile's dot products (k % L != 0), after d4x4 or d4x2: one masked
     * step on the lane partial sums they left, x row u with y row v at lanes[(u us + v vs) L], for 4
     * rows of y ({@code fourY}) or 2 (y0, y1). Both operands have the lanes from k - kv on set to 0,
     * so lane l ends as the chain of all products p = l mod L in increasing p (in the lanes past the
     * end it adds 0 * 0, which leaves a partial sum as it is, or turns -0 into +0). Loads of whole
     * vectors and blends, no masked loads (see bTail); when a row ends less than a vector before its
     * array's end, the tails are copied to {@code pad} first.
     * <p>A method of its own, at the cost of reloading and storing the tile's partial sums, rather
     * than a last step inside d4x4 and d4x2: there it made them slower even where it does not run
     * (dense forward 64 x 400 -> 120, k a multiple of L, 2 threads: medians ~165 us against ~90-130
     * us without it). Keep it above C2's inlining limit (325 bytes) so it is compiled on its own.
     */
    private static void dTail(int k, float[] x, int x0, int x1, int x2, int x3, float[] y, int y0, int y1, int y2, int y3,
                              int us, int vs, boolean fourY, float[] lanes, float[] pad) {
        int kv = k - k % L, t = k - kv;
        float[] xs = x, ys = y;
        int p0 = x0 + kv, p1 = x1 + kv, p2 = x2 + kv, p3 = x3 + kv, q0 = y0 + kv, q1 = y1 + kv, q2 = y2 + kv, q3 = y3 + kv;
        if (Math.max(Math.max(p0, p1), Math.max(p2, p3)) > x.length - L || Math.max(Math.max(q0, q1), Math.max(q2, q3)) > y.length - L) {
            System.arraycopy(x, p0, pad, 0, t); System.arraycopy(x, p1, pad, L, t);
            System.arraycopy(x, p2, pad, 2 * L, t); System.arraycopy(x, p3, pad, 3 * L, t);
            System.arraycopy(y, q0, pad, 4 * L, t); System.arraycopy(y, q1, pad, 5 * L, t);
            System.arraycopy(y, q2, pad, 6 * L, t); System.arraycopy(y, q3, pad, 7 * L, t);
            xs = ys = pad;
            p0 = 0; p1 = L; p2 = 2 * L; p3 = 3 * L; q0 = 4 * L; q1 = 5 * L; q2 = 6 * L; q3 = 7 * L;
        }
        VectorMask<Float> m = TAIL[t];
        FloatVector z = FloatVector.zero(S);
        FloatVector w0 = z.blend(FloatVector.fromArray(S, xs, p0), m), w1 = z.blend(FloatVector.fromArray(S, xs, p1), m);
        FloatVector w2 = z.blend(FloatVector.fromArray(S, xs, p2), m), w3 = z.blend(FloatVector.fromArray(S, xs, p3), m);
        FloatVector v = z.blend(FloatVector.fromArray(S, ys, q0), m);
        int o = 0, u1 = us * L, u2 = 2 * us * L, u3 = 3 * us * L;
        w0.fma(v, FloatVector.fromArray(S, lanes, o)).intoArray(lanes, o);
        w1.fma(v, FloatVector.fromArray(S, lanes, o + u1)).intoArray(lanes, o + u1);
        w2.fma(v, FloatVector.fromArray(S, lanes, o + u2)).intoArray(lanes, o + u2);
        w3.fma(v, FloatVector.fromArray(S, lanes, o + u3)).intoArray(lanes, o + u3);
        v = z.blend(FloatVector.fromArray(S, ys, q1), m);
        o = vs * L;
        w0.fma(v, FloatVector.fromArray(S, lanes, o)).intoArray(lanes, o);
        w1.fma(v, FloatVector.fromArray(S, lanes, o + u1)).intoArray(lanes, o + u1);
        w2.fma(v, FloatVector.fromArray(S, lanes, o + u2)).intoArray(lanes, o + u2);
        w3.fma(v, FloatVector.fromArray(S, lanes, o + u3)).intoArray(lanes, o + u3);
        if (fourY) {
            v = z.blend(FloatVector.fromArray(S, ys, q2), m);
            o = 2 * vs * L;
            w0.fma(v, FloatVector.fromArray(S, lanes, o)).intoArray(lanes, o);
            w1.fma(v, FloatVector.fromArray(S, lanes, o + u1)).intoArray(lanes, o + u1);
            w2.fma(v, FloatVector.fromArray(S, lanes, o + u2)).intoArray(lanes, o + u2);
            w3.fma(v, FloatVector.fromArray(S, lanes, o + u3)).intoArray(lanes, o + u3);
            v = z.blend(FloatVector.fromArray(S, ys, q3), m);
            o = 3 * vs * L;
            w0.fma(v, FloatVector.fromArray(S, lanes, o)).intoArray(lanes, o);
            w1.fma(v, FloatVector.fromArray(S, lanes, o + u1)).intoArray(lanes, o + u1);
            w2.fma(v, FloatVector.fromArray(S, lanes, o + u2)).intoArray(lanes, o + u2);
            w3.fma(v, FloatVector.fromArray(S, lanes, o + u3)).intoArray(lanes, o + u3);
        }
    }

    @Override
    public String toString() {
        return S.vectorBitSize() + "-bit, " + L + " float lanes";
    }
}

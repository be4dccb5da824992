package convkit.exec;

import java.util.Arrays;

/**
 * The broadcast form of {@link TwinGemmKernels} as loops along a row of C that C2's
 * auto-vectorizer (SuperWord) turns into SIMD code: per C value still the one fused
 * multiply-add chain over p in increasing order, {@code c = fma(A(i, p), B[p][j], c)} from C
 * (accumulate) or +0, so the same bits as the vector kernels, at ~50-65 GFLOP/s once C2 has
 * compiled these small methods (tens of ms, against 1-3 s for the Vector API kernels) instead of
 * ~10 for the scalar 4 x 4 tiles.
 *
 * <p>Why the copies: on JDK 17, SuperWord packs a loop's array accesses only when it can order
 * them, and it can only compare two accesses whose index is the loop counter plus the same
 * loop-invariant term ({@code s[j]} and {@code b[j]} yes; {@code c[ci + j]} and {@code b[bp + j]}
 * no: such a loop stays scalar, ~4 GFLOP/s). So the rows of B and of C are copied into scratch
 * arrays of their own, indexed by j alone (copies are intrinsics: a few percent of the time), and
 * four steps of p are fused into one pass over the row: one load and store of C per four fused
 * multiply-adds, in the chain's order.
 */
final class RowLoops {
    private RowLoops() {}

    /** Blocks: rows of C, columns, steps of p per copy of B (scratch per thread: 2 x 64 x 256 floats). */
    static final int ROWS = 64, COLUMNS = 256, STEPS = 64;

    private static final class Scratch {
        final float[][] rows = new float[ROWS][COLUMNS], b = new float[STEPS][COLUMNS];
    }

    private static final ThreadLocal<Scratch> SCRATCH = new ThreadLocal<>(); // not withInitial: a lambda's first use costs ms

    private static Scratch scratch() {
        Scratch s = SCRATCH.get();
        if (s == null) SCRATCH.set(s = new Scratch());
        return s;
    }

    /** {@link GemmKernels#broadcast}, same arguments. */
    static void broadcast(int m, int n, int k, float[] a, int aOff, int ars, int acs,
                          float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean accumulate) {
        Scratch w = scratch();
        float[][] rows = w.rows, br = w.b;
        for (int i0 = 0; i0 < m; i0 += ROWS) {
            int mi = Math.min(ROWS, m - i0);
            for (int j0 = 0; j0 < n; j0 += COLUMNS) {
                int nj = Math.min(COLUMNS, n - j0);
                for (int i = 0; i < mi; i++) {
                    if (accumulate) System.arraycopy(c, cOff + (i0 + i) * ldc + j0, rows[i], 0, nj);
                    else Arrays.fill(rows[i], 0, nj, 0f);
                }
                for (int p0 = 0; p0 < k; p0 += STEPS) {
                    int np = Math.min(STEPS, k - p0);
                    for (int q = 0; q < np; q++) System.arraycopy(b, bRows[p0 + q] + j0, br[q], 0, nj);
                    for (int i = 0; i < mi; i++) {
                        float[] s = rows[i];
                        int ap = aOff + (i0 + i) * ars + p0 * acs, q = 0;
                        for (; q + 4 <= np; q += 4, ap += 4 * acs) {
                            fma4(nj, a[ap], a[ap + acs], a[ap + 2 * acs], a[ap + 3 * acs], br[q], br[q + 1], br[q + 2], br[q + 3], s);
                        }
                        for (; q < np; q++, ap += acs) fma1(nj, a[ap], br[q], s);
                    }
                }
                for (int i = 0; i < mi; i++) System.arraycopy(rows[i], 0, c, cOff + (i0 + i) * ldc + j0, nj);
            }
        }
    }

    /** Four steps of the chains of one row: s[j] = fma(a3, b3[j], fma(a2, b2[j], fma(a1, b1[j], fma(a0, b0[j], s[j])))). */
    static void fma4(int n, float a0, float a1, float a2, float a3, float[] b0, float[] b1, float[] b2, float[] b3, float[] s) {
        for (int j = 0; j < n; j++) s[j] = Math.fma(a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], s[j]))));
    }

    /** One step: s[j] = fma(a0, b0[j], s[j]). */
    static void fma1(int n, float a0, float[] b0, float[] s) {
        for (int j = 0; j < n; j++) s[j] = Math.fma(a0, b0[j], s[j]);
    }
}

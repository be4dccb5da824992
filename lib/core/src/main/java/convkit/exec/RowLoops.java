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
                int nj = Math.min(COLUMNS, n - j0), nv = whole(nj);
                for (int i = 0; i < mi; i++) {
                    if (accumulate) System.arraycopy(c, cOff + (i0 + i) * ldc + j0, rows[i], 0, nj);
                    Arrays.fill(rows[i], accumulate ? nj : 0, nv, 0f);
                }
                for (int p0 = 0; p0 < k; p0 += STEPS) {
                    int np = Math.min(STEPS, k - p0);
                    for (int q = 0; q < np; q++) {
                        System.arraycopy(b, bRows[p0 + q] + j0, br[q], 0, nj);
                        Arrays.fill(br[q], nj, nv, 0f);
                    }
                    for (int i = 0; i < mi; i++) {
                        float[] s = rows[i];
                        int ap = aOff + (i0 + i) * ars + p0 * acs, q = 0;
                        for (; q + 4 <= np; q += 4, ap += 4 * acs) {
                            fma4(nv, a[ap], a[ap + acs], a[ap + 2 * acs], a[ap + 3 * acs], br[q], br[q + 1], br[q + 2], br[q + 3], s);
                        }
                        for (; q < np; q++, ap += acs) fma1(nv, a[ap], br[q], s);
                    }
                }
                for (int i = 0; i < mi; i++) System.arraycopy(rows[i], 0, c, cOff + (i0 + i) * ldc + j0, nj);
            }
        }
    }

    /** Blocks of the dot form: rows of A, columns of C (scratch per thread: 16 lane rows per row of A). */
    static final int DOT_ROWS = 16, DOT_COLUMNS = 160;

    /**
     * {@link GemmKernels#dot} with {@code lanes} = L lanes, in the twin's order (see
     * {@link TwinGemmKernels}), along rows of C: B is transposed into rows (p) of the columns j,
     * and lane l of every dot product of a row of A becomes a row of its own, so that one step of
     * lane l's chain for all the columns is a loop over j, four steps (p, p + L, p + 2L, p + 3L) per
     * pass. The masked last step is a step with a row of zeros (fma(0, 0, s)), the lane tree rows
     * added to rows.
     */
    static void dot(int lanes, int m, int n, int k, float[] a, int aOff, int lda,
                    float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean accumulate) {
        DotScratch w = dotScratch(lanes);
        int l = lanes, kv = k - k % l, t = k - kv, chunk = 4 * l;
        float[][] s = w.lanes, bt = w.bt;
        float[] zeros = w.zeros;
        for (int j0 = 0; j0 < n; j0 += DOT_COLUMNS) {
            int nj = Math.min(DOT_COLUMNS, n - j0), nv = whole(nj);
            for (int i0 = 0; i0 < m; i0 += DOT_ROWS) {
                int mi = Math.min(DOT_ROWS, m - i0);
                for (int r = 0; r < mi * l; r++) Arrays.fill(s[r], 0, nv, 0f);
                for (int p0 = 0; p0 < k; p0 += chunk) {
                    int np = Math.min(chunk, k - p0);
                    transpose(b, bRows, j0, nj, p0, np, bt);
                    if (nv > nj) for (int q = 0; q < np; q++) Arrays.fill(bt[q], nj, nv, 0f);
                    boolean whole = np == chunk && p0 + chunk <= kv;
                    for (int i = 0; i < mi; i++) {
                        int ai = aOff + (i0 + i) * lda + p0, r0 = i * l;
                        if (whole) {
                            for (int q = 0; q < l; q++) {
                                fma4(nv, a[ai + q], a[ai + q + l], a[ai + q + 2 * l], a[ai + q + 3 * l], bt[q], bt[q + l], bt[q + 2 * l], bt[q + 3 * l], s[r0 + q]);
                            }
                            continue;
                        }
                        for (int q = 0; q < np; q++) { // a partial chunk: the steps one by one, in p order per lane
                            if (p0 + q < kv) fma1(nv, a[ai + q], bt[q], s[r0 + q % l]);
                        }
                        if (p0 + np == k && t > 0) { // the masked step: products kv + q in lanes q < t, 0 * 0 in the others
                            for (int q = 0; q < l; q++) {
                                int p = kv + q - p0;
                                if (q < t) fma1(nv, a[ai + p], bt[p], s[r0 + q]);
                                else fma1(nv, 0f, zeros, s[r0 + q]);
                            }
                        }
                    }
                }
                for (int i = 0; i < mi; i++) {
                    int r0 = i * l;
                    for (int h = l >> 1; h > 0; h >>= 1) {
                        for (int q = 0; q < h; q++) add(nv, s[r0 + q], s[r0 + q + h]);
                    }
                    float[] sum = s[r0];
                    int ci = cOff + (i0 + i) * ldc + j0;
                    if (accumulate) for (int j = 0; j < nj; j++) c[ci + j] = c[ci + j] + sum[j];
                    else System.arraycopy(sum, 0, c, ci, nj);
                }
            }
        }
    }

    /** bt[q][j] = B[j0 + j][p0 + q] for j < nj, q < np: four columns at a time, so that each row of bt is looked up once per four stores. */
    private static void transpose(float[] b, int[] bRows, int j0, int nj, int p0, int np, float[][] bt) {
        int j = 0;
        for (; j + 4 <= nj; j += 4) {
            int x0 = bRows[j0 + j] + p0, x1 = bRows[j0 + j + 1] + p0, x2 = bRows[j0 + j + 2] + p0, x3 = bRows[j0 + j + 3] + p0;
            for (int q = 0; q < np; q++) {
                float[] row = bt[q];
                row[j] = b[x0 + q];
                row[j + 1] = b[x1 + q];
                row[j + 2] = b[x2 + q];
                row[j + 3] = b[x3 + q];
            }
        }
        for (; j < nj; j++) {
            int x = bRows[j0 + j] + p0;
            for (int q = 0; q < np; q++) bt[q][j] = b[x + q];
        }
    }

    private static final class DotScratch {
        final float[][] lanes, bt;
        final float[] zeros = new float[DOT_COLUMNS];

        DotScratch(int l) {
            lanes = new float[DOT_ROWS * l][DOT_COLUMNS];
            bt = new float[4 * l][DOT_COLUMNS];
        }
    }

    private static final ThreadLocal<DotScratch> DOT_SCRATCH = new ThreadLocal<>();

    private static DotScratch dotScratch(int lanes) {
        DotScratch s = DOT_SCRATCH.get();
        if (s == null || s.bt.length != 4 * lanes) DOT_SCRATCH.set(s = new DotScratch(lanes));
        return s;
    }

    /** s[j] = s[j] + t[j]: one level of the lane tree for a row of columns. */
    static void add(int n, float[] s, float[] t) {
        for (int j = 0; j < n; j++) s[j] = s[j] + t[j];
    }

    /**
     * Columns rounded up to whole 512-bit vectors (16 floats; the blocks are multiples of it): the
     * loops then run without a scalar remainder (C2's vector loop leaves up to 4 vectors' worth of
     * a row to a scalar loop). The columns past nj are zeros in the scratch rows, and no result is
     * read from them.
     */
    private static int whole(int nj) {
        return (nj + 15) & ~15;
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

package convkit.exec;

/**
 * The plain-Java twin of {@link VectorGemmKernels}: the same sums in the same order, so the same
 * bits, in loops that are cheap before the JIT has compiled anything. It runs while the vector
 * kernels are still interpreted (a Vector API call interpreted is a chain of Java calls and
 * allocations, ~30x slower than these loops once C1 has compiled them, which takes milliseconds);
 * see {@link Simd}.
 *
 * <p>What "the same order" means, for {@code lanes} = L floats per vector:
 * <ul>
 * <li>broadcast form: each C value is one chain of fused multiply-adds over p in increasing
 *     order, {@code c = fma(A(i, p), B[p][j], c)}, starting from C (accumulate) or +0, whichever
 *     register tile or column tail the vector version used for it.</li>
 * <li>dot form: lane l of a dot product is the fused multiply-add chain of the products
 *     p = l, l + L, l + 2L, ... below {@code k - k % L}; then, if k % L != 0, one more step in
 *     every lane, with the product p = kv + l in the first k % L lanes and 0 * 0 in the others
 *     (which turns a -0 partial sum into +0, as the vector version's blended lanes do); then the
 *     lanes are added as a tree, for h = L/2, L/4, ..., 1: {@code s[m] = s[m] + s[m + h]} for m < h.
 *     The sum is s[0], added to C (accumulate) or stored.</li>
 * </ul>
 * {@link Math#fma(float, float, float)} is one rounding, as the Vector API's lanewise {@code fma}
 * (a {@code a * b + c} in Java would round twice and give other bits).
 */
final class TwinGemmKernels implements GemmKernels {
    private final int lanes;

    TwinGemmKernels(int lanes) {
        if (lanes < 4 || Integer.bitCount(lanes) != 1) throw new IllegalArgumentException("TwinGemmKernels: lanes must be a power of two >= 4, got " + lanes);
        this.lanes = lanes;
    }

    int lanes() {
        return lanes;
    }

    /** Below this many columns the rows are too short for vector loops: the 4 x 4 scalar tiles run instead. */
    static final int ROW_LOOP_MIN_COLUMNS = 16;

    @Override
    public void broadcast(int m, int n, int k, float[] a, int aOff, int ars, int acs,
                          float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean accumulate) {
        if (n >= ROW_LOOP_MIN_COLUMNS && rowLoopsCompiled) {
            RowLoops.broadcast(m, n, k, a, aOff, ars, acs, b, bRows, c, cOff, ldc, accumulate);
            return;
        }
        tiles(m, n, k, a, aOff, ars, acs, b, bRows, c, cOff, ldc, accumulate);
    }

    /** The broadcast form as 4 x 4 tiles of scalar chains (and single chains for the rest). */
    static void tiles(int m, int n, int k, float[] a, int aOff, int ars, int acs,
                      float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean accumulate) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; j + 4 <= n; j += 4) tile4x4(k, a, aOff + i * ars, ars, acs, b, bRows, j, c, cOff + i * ldc + j, ldc, accumulate);
            for (; j < n; j++) {
                for (int r = 0; r < 4; r++) chain(k, a, aOff + (i + r) * ars, acs, b, bRows, j, c, cOff + (i + r) * ldc + j, accumulate);
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) chain(k, a, aOff + i * ars, acs, b, bRows, j, c, cOff + i * ldc + j, accumulate);
        }
    }

    /** One C value: the fused multiply-add chain over p. */
    private static void chain(int k, float[] a, int ai, int acs, float[] b, int[] bRows, int j, float[] c, int ci, boolean accumulate) {
        float s = accumulate ? c[ci] : 0f;
        for (int p = 0; p < k; p++) s = Math.fma(a[ai + p * acs], b[bRows[p] + j], s);
        c[ci] = s;
    }

    /**
     * 4 x 4 C values, 16 chains side by side in locals (4 loads of A and 4 of B feed 16 fused
     * multiply-adds per step: ~3x the plain row loop's speed once compiled). Each chain is still
     * the one of {@link #chain}.
     */
    private static void tile4x4(int k, float[] a, int a0, int ars, int acs, float[] b, int[] bRows, int j,
                                float[] c, int c0, int ldc, boolean accumulate) {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        int r1 = c0 + ldc, r2 = c0 + 2 * ldc, r3 = c0 + 3 * ldc;
        if (accumulate) {
            c00 = c[c0]; c01 = c[c0 + 1]; c02 = c[c0 + 2]; c03 = c[c0 + 3];
            c10 = c[r1]; c11 = c[r1 + 1]; c12 = c[r1 + 2]; c13 = c[r1 + 3];
            c20 = c[r2]; c21 = c[r2 + 1]; c22 = c[r2 + 2]; c23 = c[r2 + 3];
            c30 = c[r3]; c31 = c[r3 + 1]; c32 = c[r3 + 2]; c33 = c[r3 + 3];
        }
        for (int p = 0; p < k; p++) {
            int bp = bRows[p] + j, ap = a0 + p * acs;
            float b0 = b[bp], b1 = b[bp + 1], b2 = b[bp + 2], b3 = b[bp + 3];
            float av = a[ap];
            c00 = Math.fma(av, b0, c00); c01 = Math.fma(av, b1, c01); c02 = Math.fma(av, b2, c02); c03 = Math.fma(av, b3, c03);
            av = a[ap + ars];
            c10 = Math.fma(av, b0, c10); c11 = Math.fma(av, b1, c11); c12 = Math.fma(av, b2, c12); c13 = Math.fma(av, b3, c13);
            av = a[ap + 2 * ars];
            c20 = Math.fma(av, b0, c20); c21 = Math.fma(av, b1, c21); c22 = Math.fma(av, b2, c22); c23 = Math.fma(av, b3, c23);
            av = a[ap + 3 * ars];
            c30 = Math.fma(av, b0, c30); c31 = Math.fma(av, b1, c31); c32 = Math.fma(av, b2, c32); c33 = Math.fma(av, b3, c33);
        }
        c[c0] = c00; c[c0 + 1] = c01; c[c0 + 2] = c02; c[c0 + 3] = c03;
        c[r1] = c10; c[r1 + 1] = c11; c[r1 + 2] = c12; c[r1 + 3] = c13;
        c[r2] = c20; c[r2 + 1] = c21; c[r2 + 2] = c22; c[r2 + 3] = c23;
        c[r3] = c30; c[r3 + 1] = c31; c[r3 + 2] = c32; c[r3 + 3] = c33;
    }

    /** False only in a test: the lane-count-generic dot product even for 16 lanes. */
    boolean unrolled = true;

    /** False only in a test: the dot products one by one even where the row loops would run. */
    boolean rowLoops = true;

    /**
     * Whether the row loops run yet. Before C2 has compiled them they are slower than the scalar
     * tiles and dot products (C1 makes scalar code of both, and the row loops load and store more
     * per fused multiply-add), so with the background warm-up they take over when its plain stage,
     * which gets them compiled, is done ({@link Simd}), and never where C2 is missing. Both give
     * the same bits, so switching at any moment changes no result.
     */
    volatile boolean rowLoopsCompiled = true;

    /** From this many columns on the dot form runs as row loops ({@link RowLoops#dot}); below, B's transposition costs more than it saves. */
    static final int DOT_ROW_LOOP_MIN_COLUMNS = 32;

    @Override
    public void dot(int m, int n, int k, float[] a, int aOff, int lda,
                    float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean accumulate) {
        if (rowLoops && n >= DOT_ROW_LOOP_MIN_COLUMNS && rowLoopsCompiled) {
            RowLoops.dot(lanes, m, n, k, a, aOff, lda, b, bRows, c, cOff, ldc, accumulate);
            return;
        }
        int l = lanes, kv = k - k % l, t = k - kv;
        float[] s = new float[l];
        boolean sixteen = l == 16 && unrolled;
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda;
            for (int j = 0; j < n; j++) {
                float sum = sixteen ? dot16(kv, t, a, ai, b, bRows[j]) : dot1(l, kv, t, a, ai, b, bRows[j], s);
                int ci = cOff + i * ldc + j;
                c[ci] = accumulate ? c[ci] + sum : sum;
            }
        }
    }

    /** One dot product of length kv + t, lane by lane in {@code s} (L = {@code l} lanes), then the lanes' tree. */
    private static float dot1(int l, int kv, int t, float[] a, int ai, float[] b, int bj, float[] s) {
        java.util.Arrays.fill(s, 0f);
        for (int p = 0; p < kv; p += l) {
            for (int q = 0; q < l; q++) s[q] = Math.fma(a[ai + p + q], b[bj + p + q], s[q]);
        }
        if (t > 0) {
            for (int q = 0; q < t; q++) s[q] = Math.fma(a[ai + kv + q], b[bj + kv + q], s[q]);
            for (int q = t; q < l; q++) s[q] = Math.fma(0f, 0f, s[q]);
        }
        for (int h = l >> 1; h > 0; h >>= 1) {
            for (int q = 0; q < h; q++) s[q] = s[q] + s[q + h];
        }
        return s[0];
    }

    /**
     * {@link #dot1} for 16 lanes (512-bit vectors), the 16 lane chains in locals instead of an
     * array (about twice as fast once compiled): the same operations in the same order.
     */
    private static float dot16(int kv, int t, float[] a, int ai, float[] b, int bj) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        float s8 = 0, s9 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0, s14 = 0, s15 = 0;
        for (int p = 0; p < kv; p += 16) {
            int x = ai + p, y = bj + p;
            s0 = Math.fma(a[x], b[y], s0); s1 = Math.fma(a[x + 1], b[y + 1], s1);
            s2 = Math.fma(a[x + 2], b[y + 2], s2); s3 = Math.fma(a[x + 3], b[y + 3], s3);
            s4 = Math.fma(a[x + 4], b[y + 4], s4); s5 = Math.fma(a[x + 5], b[y + 5], s5);
            s6 = Math.fma(a[x + 6], b[y + 6], s6); s7 = Math.fma(a[x + 7], b[y + 7], s7);
            s8 = Math.fma(a[x + 8], b[y + 8], s8); s9 = Math.fma(a[x + 9], b[y + 9], s9);
            s10 = Math.fma(a[x + 10], b[y + 10], s10); s11 = Math.fma(a[x + 11], b[y + 11], s11);
            s12 = Math.fma(a[x + 12], b[y + 12], s12); s13 = Math.fma(a[x + 13], b[y + 13], s13);
            s14 = Math.fma(a[x + 14], b[y + 14], s14); s15 = Math.fma(a[x + 15], b[y + 15], s15);
        }
        if (t > 0) { // the masked step: lane q takes product kv + q if q < t, else 0 * 0
            int x = ai + kv, y = bj + kv;
            s0 = Math.fma(a[x], b[y], s0); // t >= 1
            s1 = lane(t > 1, a, x + 1, b, y + 1, s1); s2 = lane(t > 2, a, x + 2, b, y + 2, s2);
            s3 = lane(t > 3, a, x + 3, b, y + 3, s3); s4 = lane(t > 4, a, x + 4, b, y + 4, s4);
            s5 = lane(t > 5, a, x + 5, b, y + 5, s5); s6 = lane(t > 6, a, x + 6, b, y + 6, s6);
            s7 = lane(t > 7, a, x + 7, b, y + 7, s7); s8 = lane(t > 8, a, x + 8, b, y + 8, s8);
            s9 = lane(t > 9, a, x + 9, b, y + 9, s9); s10 = lane(t > 10, a, x + 10, b, y + 10, s10);
            s11 = lane(t > 11, a, x + 11, b, y + 11, s11); s12 = lane(t > 12, a, x + 12, b, y + 12, s12);
            s13 = lane(t > 13, a, x + 13, b, y + 13, s13); s14 = lane(t > 14, a, x + 14, b, y + 14, s14);
            s15 = Math.fma(0f, 0f, s15); // t <= 15
        }
        s0 = s0 + s8; s1 = s1 + s9; s2 = s2 + s10; s3 = s3 + s11; s4 = s4 + s12; s5 = s5 + s13; s6 = s6 + s14; s7 = s7 + s15;
        s0 = s0 + s4; s1 = s1 + s5; s2 = s2 + s6; s3 = s3 + s7;
        s0 = s0 + s2; s1 = s1 + s3;
        return s0 + s1;
    }

    private static float lane(boolean in, float[] a, int x, float[] b, int y, float s) {
        return in ? Math.fma(a[x], b[y], s) : Math.fma(0f, 0f, s);
    }

    /**
     * The plain stage of the matrix multiply's warm-up: every loop of the twin, each path
     * (row loops and 4 x 4 tiles, four steps of p and single ones, the dot form with and without a
     * tail of products), {@code calls} times on small inputs with rows long enough (40 columns) that
     * the row loops also pass C2's threshold (~600 calls of loops with ~15,000 iterations in all):
     * then a first real call runs them as SIMD code instead of C1's scalar loops.
     */
    void warmUp(int calls) {
        int l = lanes, n = 40, kd = 2 * l + 5;
        float[] a = new float[8 * kd], b = new float[16 * n + 8 * l + 8], c = new float[8 * n];
        for (int i = 0; i < a.length; i++) a[i] = (i % 2 == 0 ? 1 : -1) * (1 + i % 3);
        for (int i = 0; i < b.length; i++) b[i] = (i % 3 == 0 ? -1 : 1) * (1 + i % 5);
        int[] rows = new int[16], dRows = {0, kd, 2 * kd}, columns = new int[34];
        for (int p = 0; p < rows.length; p++) rows[p] = p * n;
        for (int j = 0; j < columns.length; j++) columns[j] = (j % 16) * n; // rows of B for the dot form's row loops (4L + 3 long)
        int kr = 4 * l + 3;
        float[] ar = java.util.Arrays.copyOf(a, 2 * kr);
        for (int call = 0; call < calls; call++) {
            boolean acc = (call & 1) == 0;
            RowLoops.broadcast(5, n, 9, a, 0, 9, 1, b, rows, c, 0, n, acc); // row loops: 2 x four steps, 1 single step
            tiles(5, 7, 3, a, 0, 1, 5, b, rows, c, 0, 7, acc);     // 4 x 4 tiles and single chains (A transposed)
            if ((call & 7) == 1) tiles(5, n, 9, a, 0, 9, 1, b, rows, c, 0, n, acc); // what runs until the row loops are compiled
            dot(2, 3, kd, a, 0, kd, b, dRows, c, 0, 3, acc);           // two whole steps and a tail of 5 products
            dot(2, 2, 2 * l, a, 0, kd, b, dRows, c, 0, 2, !acc);       // no tail
            if ((call & 3) == 0) RowLoops.dot(l, 1, 34, kr, ar, 0, kr, b, columns, c, 0, 34, (call & 4) == 0); // row loops: a whole chunk of 4L steps, a partial one with a tail
        }
    }

    @Override
    public String toString() {
        return "plain twin of the " + lanes + "-lane vector kernels";
    }
}

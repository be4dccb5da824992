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

    @Override
    public void broadcast(int m, int n, int k, float[] a, int aOff, int ars, int acs,
                          float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) java.util.Arrays.fill(c, ci, ci + n, 0f);
            for (int p = 0; p < k; p++) row(n, a[aOff + i * ars + p * acs], b, bRows[p], c, ci);
        }
    }

    /** {@code c[ci + j] = fma(av, b[bp + j], c[ci + j])} for j < n: one step of every chain of a row. */
    private static void row(int n, float av, float[] b, int bp, float[] c, int ci) {
        for (int j = 0; j < n; j++) c[ci + j] = Math.fma(av, b[bp + j], c[ci + j]);
    }

    @Override
    public void dot(int m, int n, int k, float[] a, int aOff, int lda,
                    float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean accumulate) {
        int l = lanes, kv = k - k % l, t = k - kv;
        float[] s = new float[l];
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda;
            for (int j = 0; j < n; j++) {
                float sum = dot1(l, kv, t, a, ai, b, bRows[j], s);
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

    @Override
    public String toString() {
        return "plain twin of the " + lanes + "-lane vector kernels";
    }
}

package convkit.exec;

/** The fallback loops in plain Java, used without the Vector API or when SIMD is switched off. */
final class ScalarGemmKernels implements GemmKernels {
    static final ScalarGemmKernels INSTANCE = new ScalarGemmKernels();

    private ScalarGemmKernels() {}

    @Override
    public void broadcast(int m, int n, int k, float[] a, int aOff, int ars, int acs,
                          float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) java.util.Arrays.fill(c, ci, ci + n, 0f);
            for (int p = 0; p < k; p++) {
                float av = a[aOff + i * ars + p * acs];
                int bp = bRows[p];
                for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j]; // row of B streams; the JIT may auto-vectorise
            }
        }
    }

    @Override
    public void dot(int m, int n, int k, float[] a, int aOff, int lda,
                    float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda;
            for (int j = 0; j < n; j++) {
                int bj = bRows[j];
                // four partial sums break the add chain's latency; combined in a fixed order
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int p = 0;
                for (; p + 3 < k; p += 4) {
                    s0 += a[ai + p] * b[bj + p];
                    s1 += a[ai + p + 1] * b[bj + p + 1];
                    s2 += a[ai + p + 2] * b[bj + p + 2];
                    s3 += a[ai + p + 3] * b[bj + p + 3];
                }
                for (; p < k; p++) s0 += a[ai + p] * b[bj + p];
                float s = (s0 + s1) + (s2 + s3);
                int ci = cOff + i * ldc + j;
                c[ci] = accumulate ? c[ci] + s : s;
            }
        }
    }

    @Override
    public String toString() {
        return "scalar";
    }
}

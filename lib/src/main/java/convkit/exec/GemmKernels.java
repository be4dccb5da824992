package convkit.exec;

/**
 * The two single-threaded matrix-multiply loops every fast kernel is built from, in a scalar and a
 * Vector API version. Row-major float arrays with explicit offsets and leading dimensions.
 * Each output element is computed by one fixed sequence of operations, whatever the thread count.
 */
interface GemmKernels {

    /**
     * {@code C[i][j] (+)= sum_p A(i, p) * B[p][j]} for i < m, j < n, p < k, where
     * {@code A(i, p) = a[aOff + i*ars + p*acs]} (any layout: each A value is broadcast) and the
     * rows of B are contiguous ({@code b[bOff + p*ldb + j]}): the long dimension n is on the lanes.
     */
    void broadcast(int m, int n, int k, float[] a, int aOff, int ars, int acs,
                   float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate);

    /**
     * {@code C[i][j] (+)= sum_p A[i][p] * B[j][p]}: dot products of rows of A with rows of B, both
     * contiguous along p (the long dimension k is on the lanes).
     */
    void dot(int m, int n, int k, float[] a, int aOff, int lda,
             float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate);
}

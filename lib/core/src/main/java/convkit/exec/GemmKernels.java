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
     * rows of B are contiguous and start anywhere ({@code B[p][j] = b[bRows[p] + j]}): the long
     * dimension n is on the lanes. Row starts instead of a row stride let a convolution use shifted
     * views of one padded image as the rows of B, without copying them out (implicit im2col).
     */
    void broadcast(int m, int n, int k, float[] a, int aOff, int ars, int acs,
                   float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean accumulate);

    /**
     * {@code C[i][j] (+)= sum_p A[i][p] * B[j][p]}: dot products of rows of A ({@code a[aOff + i*lda + p]})
     * with rows of B ({@code B[j][p] = b[bRows[j] + p]}), both contiguous along p (the long
     * dimension k is on the lanes).
     */
    void dot(int m, int n, int k, float[] a, int aOff, int lda,
             float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean accumulate);
}

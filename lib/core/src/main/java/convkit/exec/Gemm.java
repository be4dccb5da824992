package convkit.exec;

import convkit.tensor.Shape;
import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;

/**
 * Matrix multiplication on row-major float arrays, the workhorse of the fast convolution and of
 * dense (fully connected) layers: {@code C = op(A) op(B)} or {@code C += op(A) op(B)}, where
 * {@code op(X)} is X or its transpose, as in BLAS {@code sgemm} (without the scale factors).
 *
 * <pre>{@code
 * Gemm g = Gemm.of(Exec.threads(2));
 * g.matmul(x, w)                                     // (N, K) x (K, M) -> (N, M)
 * g.multiply(false, true, n, out, in, x, 0, in, w, 0, in, y, 0, out, false)   // y = x w^T
 * }</pre>
 *
 * <p>Each output element is summed in one fixed order, so the result does not depend on the
 * thread count. Large products are split into blocks of rows handed out by {@link Exec}; the
 * split depends only on the sizes. With the Vector API the long dimension runs along the SIMD
 * lanes: the columns n of C when B is not transposed, the inner dimension k when it is.
 * The case {@code transA && transB} first copies A transposed (an allocation); avoid it in hot code.
 */
public final class Gemm {
    /** Below about this many multiply-adds per task, handing work to another thread costs more than it saves. */
    private static final long MIN_TASK_WORK = 1 << 16;

    private final Exec exec;
    private final GemmKernels kernels;

    private Gemm(Exec exec) {
        this.exec = exec;
        this.kernels = Simd.kernels(exec.simd());
    }

    /** The multiply for a thread budget; uses the Vector API when {@code exec.simd()}. */
    public static Gemm of(Exec exec) {
        if (exec == null) throw new IllegalArgumentException("Gemm.of(exec): exec is null; use Exec.defaults() or Exec.threads(n)");
        return new Gemm(exec);
    }

    public Exec exec() {
        return exec;
    }

    /**
     * {@code C (+)= op(A) op(B)} with op(A) of shape (m, k), op(B) of shape (k, n) and C of shape (m, n).
     *
     * @param transA     A is stored as (k, m) and used transposed: {@code op(A)[i][p] = a[aOff + p*lda + i]}
     * @param transB     B is stored as (n, k) and used transposed: {@code op(B)[p][j] = b[bOff + j*ldb + p]}
     * @param lda        row length (leading dimension) of A as stored; likewise ldb, ldc
     * @param accumulate add into C instead of overwriting it
     */
    public void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        checkArgs(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (transA && transB) {
            float[] at = new float[m * k];
            for (int p = 0; p < k; p++) for (int i = 0; i < m; i++) at[i * k + p] = a[aOff + p * lda + i];
            multiply(false, true, m, n, k, at, 0, k, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        long work = (long) m * n * Math.max(k, 1);
        // rows in blocks of 8 from 16 rows on, so that a task's rows fill the 8-row register tiles
        // (8 x 3 holds 24 accumulators, 4 x 4 only 16): a dense layer's 128 outputs were 32 tasks of 4 rows
        int unit = m >= 16 ? 8 : 4, blocks = (m + unit - 1) / unit;
        int tasks = (int) Math.max(1, Math.min(blocks, work / MIN_TASK_WORK));
        int rowsPerTask = ((blocks + tasks - 1) / tasks) * unit;
        int taskCount = (m + rowsPerTask - 1) / rowsPerTask;
        int[] bRows = new int[transB ? n : k]; // where each row of B (as stored) starts
        for (int r = 0; r < bRows.length; r++) bRows[r] = bOff + r * ldb;
        exec.forEach(taskCount, (t, worker) -> {
            int i0 = t * rowsPerTask, rows = Math.min(rowsPerTask, m - i0);
            if (!transB) {
                int ars = transA ? 1 : lda, acs = transA ? lda : 1;
                kernels.broadcast(rows, n, k, a, aOff + i0 * ars, ars, acs, b, bRows, c, cOff + i0 * ldc, ldc, accumulate);
            } else {
                kernels.dot(rows, n, k, a, aOff + i0 * lda, lda, b, bRows, c, cOff + i0 * ldc, ldc, accumulate);
            }
        });
    }

    /**
     * Single-threaded {@code C[i][j] (+)= sum_p A(i, p) * b[bRows[p] + j]}, A as in {@link #multiply}
     * with row stride {@code ars} and column stride {@code acs}: B's rows start anywhere, so
     * shifted views of one padded image can serve as the rows (a convolution without im2col copies).
     * No bounds checks beyond the JVM's; for ConvKit's kernels.
     */
    public void multiplyRows(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int[] bRows,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        kernels.broadcast(m, n, k, a, aOff, ars, acs, b, bRows, c, cOff, ldc, accumulate);
    }

    /**
     * Single-threaded {@code C[i][j] (+)= sum_p a[aOff + i*lda + p] * b[bRows[j] + p]}: dot products
     * with rows of B that start anywhere. For ConvKit's kernels.
     */
    public void dotRows(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int[] bRows,
                        float[] c, int cOff, int ldc, boolean accumulate) {
        kernels.dot(m, n, k, a, aOff, lda, b, bRows, c, cOff, ldc, accumulate);
    }

    /** The matrix product of (m, k) and (k, n) tensors as a new (m, n) tensor. */
    public Tensor matmul(Tensor a, Tensor b) {
        a.requireRank(2, "matmul: a");
        b.requireRank(2, "matmul: b");
        Tensor out = Tensor.zeros(a.dim(0), b.dim(1));
        return matmul(a, false, b, false, out, false);
    }

    /**
     * {@code out (+)= op(a) op(b)} on rank-2 tensors, writing into {@code out} (no allocation).
     *
     * @throws ShapeException when the inner dimensions differ or out has the wrong shape
     */
    public Tensor matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out, boolean accumulate) {
        a.requireRank(2, "matmul: a");
        b.requireRank(2, "matmul: b");
        out.requireRank(2, "matmul: out");
        int m = transA ? a.dim(1) : a.dim(0), ka = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0), n = transB ? b.dim(0) : b.dim(1);
        if (ka != kb) {
            throw new ShapeException("matmul: inner dimensions differ: op(a) is (" + m + ", " + ka + "), op(b) is (" + kb + ", " + n
                    + "); (m, k) x (k, n) needs the columns of the first to equal the rows of the second");
        }
        if (!out.shape().equals(Shape.of(m, n))) {
            throw new ShapeException("matmul: out has shape " + out.shape() + " but (" + m + ", " + ka + ") x (" + kb + ", " + n
                    + ") gives (" + m + ", " + n + ")");
        }
        multiply(transA, transB, m, n, ka, a.buffer(), 0, a.dim(1), b.buffer(), 0, b.dim(1), out.buffer(), 0, n, accumulate);
        return out;
    }

    private static void checkArgs(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                                  float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("gemm: sizes must be >= 0, got m=" + m + ", n=" + n + ", k=" + k);
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        checkMatrix("C", c, cOff, ldc, m, n);
    }

    private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) return;
        if (ld < cols) {
            throw new IllegalArgumentException("gemm: leading dimension of " + name + " is " + ld + " but its rows hold " + cols + " values");
        }
        long last = off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > x.length) {
            throw new IllegalArgumentException("gemm: " + name + " as (" + rows + ", " + cols + ") from offset " + off + " with row length " + ld
                    + " needs " + last + " values, the array has " + x.length);
        }
    }

    @Override
    public String toString() {
        return "Gemm(" + exec + ")";
    }
}

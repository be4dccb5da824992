package convkit.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GemmTest {
    /** float32 unit roundoff: a k-term float dot product is within (k + 2) * u * sum|a*b| of the exact one (Higham 3.1). */
    static final double UNIT_ROUNDOFF = 0x1p-24;

    @Test
    void agreesWithADoubleTripleLoopInEveryLayout() {
        Random r = new Random(17);
        Exec[] execs = {Exec.threads(1), Exec.threads(2), Exec.threads(4), Exec.threads(1).scalar(), Exec.threads(2).scalar()};
        for (int trial = 0; trial < 300; trial++) {
            int m = 1 + r.nextInt(trial % 10 == 0 ? 150 : 20), n = 1 + r.nextInt(trial % 10 == 0 ? 150 : 70), k = 1 + r.nextInt(trial % 7 == 0 ? 300 : 40);
            boolean ta = r.nextBoolean(), tb = r.nextBoolean(), acc = r.nextBoolean();
            int lda = (ta ? m : k) + r.nextInt(3), ldb = (tb ? k : n) + r.nextInt(3), ldc = n + r.nextInt(3);
            int aOff = r.nextInt(5), bOff = r.nextInt(5), cOff = r.nextInt(5);
            float[] a = random(r, aOff + (ta ? k : m) * lda), b = random(r, bOff + (tb ? n : k) * ldb), c0 = random(r, cOff + m * ldc);
            String what = "m=" + m + " n=" + n + " k=" + k + " transA=" + ta + " transB=" + tb + " accumulate=" + acc;
            float[][] results = new float[execs.length][];
            for (int e = 0; e < execs.length; e++) {
                float[] c = c0.clone();
                Gemm.of(execs[e]).multiply(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, acc);
                results[e] = c;
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++) {
                        double exact = acc ? c0[cOff + i * ldc + j] : 0, mag = Math.abs(exact);
                        for (int p = 0; p < k; p++) {
                            double prod = (double) (ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p]) * (tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j]);
                            exact += prod;
                            mag += Math.abs(prod);
                        }
                        double got = c[cOff + i * ldc + j], tol = (k + 3) * UNIT_ROUNDOFF * mag + Float.MIN_NORMAL;
                        if (!(Math.abs(got - exact) <= tol)) fail(execs[e] + ", " + what + ": C[" + i + "][" + j + "] = " + got + ", exact " + exact);
                    }
                for (int q = 0; q < cOff; q++) assertEquals(c0[q], c[q], "wrote before C's offset");
            }
            assertArrayEquals(results[0], results[1], what + ": 2 threads differ from 1");
            assertArrayEquals(results[0], results[2], what + ": 4 threads differ from 1");
            assertArrayEquals(results[3], results[4], what + ": scalar 2 threads differ from 1");
        }
    }

    /**
     * The vector dot form (B transposed) against a scalar loop of the same operations in the same
     * order, so the floats must be equal bit for bit: per SIMD lane l one fused multiply-add chain over
     * p = l, l + L, ... below the last multiple of L, then, when k % L != 0, one more step in every
     * lane (a masked one: p = kv + l where that is below k, else 0 * 0), the lanes added as a fixed
     * tree (the upper half onto the lower half, L/2, L/4, ..., 1: what the vector folds compute for
     * every tile). Every m % 4 and n % 4 remainder; k % L of 0, 1, L - 1 and in between, with k below
     * and above L; B's rows overlap and start anywhere, as in the convolution's weight gradient, and
     * the last one ends at the array's end (no room for a whole vector there: the tails are copied first).
     */
    @Test
    void dotFormMatchesItsOperationOrderExactlyForEveryRemainder() {
        Gemm g = Gemm.of(Exec.threads(1));
        assertTrue(g.exec().simd(), "the Vector API should be available in the tests");
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        Random r = new Random(23);
        for (int k : new int[] {1, lanes / 2, lanes - 1, lanes, lanes + 1, 2 * lanes + lanes / 2 + 1, 3 * lanes - 1, 8 * lanes + 7})
            for (int m = 1; m <= 9; m++)
                for (int n = 1; n <= 9; n++)
                    for (boolean acc : new boolean[] {false, true}) {
                        int lda = k + r.nextInt(3), ldc = n + r.nextInt(3), aOff = r.nextInt(5), cOff = r.nextInt(5);
                        float[] a = random(r, aOff + m * lda), b = random(r, k + 3 * n + 5), c0 = random(r, cOff + m * ldc + 2);
                        int[] bRows = new int[n];
                        for (int j = 0; j < n; j++) bRows[j] = r.nextInt(3 * n + 6);
                        bRows[n - 1] = b.length - k;
                        float[] want = c0.clone(), got = c0.clone();
                        int kv = k - k % lanes;
                        for (int i = 0; i < m; i++)
                            for (int j = 0; j < n; j++) {
                                int ai = aOff + i * lda, bj = bRows[j];
                                float[] chain = new float[lanes]; // lane l: the products p = l mod lanes, in order
                                for (int l = 0; l < lanes; l++) {
                                    for (int p = l; p < kv; p += lanes) chain[l] = Math.fma(a[ai + p], b[bj + p], chain[l]);
                                    int p = kv + l; // the masked step
                                    if (kv < k) chain[l] = p < k ? Math.fma(a[ai + p], b[bj + p], chain[l]) : Math.fma(0f, 0f, chain[l]);
                                }
                                for (int h = lanes / 2; h >= 1; h /= 2) // the lane sums' tree: halves folded onto each other
                                    for (int l = 0; l < h; l++) chain[l] += chain[l + h];
                                float s = chain[0];
                                int ci = cOff + i * ldc + j;
                                want[ci] = acc ? want[ci] + s : s;
                            }
                        for (GemmKernels kernels : new GemmKernels[] {Simd.VectorHolder.KERNELS, Simd.TwinHolder.KERNELS}) { // the vector kernels and their plain twin
                            float[] out = c0.clone();
                            kernels.dot(m, n, k, a, aOff, lda, b, bRows, out, cOff, ldc, acc);
                            assertArrayEquals(want, out, kernels + ": m=" + m + " n=" + n + " k=" + k + " accumulate=" + acc);
                        }
                        g.dotRows(m, n, k, a, aOff, lda, b, bRows, got, cOff, ldc, acc);
                        assertArrayEquals(want, got, "m=" + m + " n=" + n + " k=" + k + " accumulate=" + acc);
                    }
    }

    /**
     * The vector broadcast form (B not transposed) against the scalar fused multiply-add chain per
     * output, C[i][j] = fma(A(i, k-1), B[k-1][j], ... fma(A(i, 0), B[0][j], C[i][j] or 0)): each lane
     * is such a chain, in the whole vectors and in the last n % L columns alike, so the floats must
     * be equal bit for bit. n % L of 1, 7, 8, L - 1 (below and above one vector), row counts that use
     * every row block (1, 4, 6, 8, 13), A in both layouts; B's rows start anywhere, the last one ending
     * at the array's end (no room for a whole vector there: copied first), and so does C's last row
     * in some cases.
     * Nothing outside the m x n block of C may change: not the padding after a row, which a full
     * vector store over the last columns would overwrite.
     */
    @Test
    void broadcastFormIsTheScalarFmaChainBitForBitInTheLastColumns() {
        Gemm g = Gemm.of(Exec.threads(1));
        assertTrue(g.exec().simd(), "the Vector API should be available in the tests");
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        Random r = new Random(29);
        for (int rem : new int[] {1, 7, 8, lanes - 1})
            for (int vectors : new int[] {0, 1, 5})
                for (int m : new int[] {1, 4, 6, 8, 13})
                    for (boolean acc : new boolean[] {false, true}) {
                        int n = vectors * lanes + rem % lanes, k = 1 + r.nextInt(40);
                        if (n == 0) continue;
                        boolean transA = r.nextBoolean();
                        int ars = transA ? 1 : k + r.nextInt(3), acs = transA ? m + r.nextInt(3) : 1, aOff = r.nextInt(5);
                        float[] a = random(r, aOff + (m - 1) * ars + (k - 1) * acs + 1);
                        float[] b = random(r, n + 2 * k + r.nextInt(5));
                        int[] bRows = new int[k];
                        for (int p = 0; p < k; p++) bRows[p] = r.nextInt(b.length - n + 1);
                        bRows[k - 1] = b.length - n;
                        int ldc = n + r.nextInt(3), cOff = r.nextInt(5), end = r.nextBoolean() ? 0 : 3;
                        float[] c0 = random(r, cOff + (m - 1) * ldc + n + end), want = c0.clone(), got = c0.clone();
                        for (int i = 0; i < m; i++)
                            for (int j = 0; j < n; j++) {
                                int ci = cOff + i * ldc + j;
                                float s = acc ? c0[ci] : 0f;
                                for (int p = 0; p < k; p++) s = Math.fma(a[aOff + i * ars + p * acs], b[bRows[p] + j], s);
                                want[ci] = s;
                            }
                        for (GemmKernels kernels : new GemmKernels[] {Simd.VectorHolder.KERNELS, Simd.TwinHolder.KERNELS}) { // the vector kernels and their plain twin
                            float[] out = c0.clone();
                            kernels.broadcast(m, n, k, a, aOff, ars, acs, b, bRows, out, cOff, ldc, acc);
                            assertArrayEquals(want, out, kernels + ": m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " accumulate=" + acc);
                        }
                        g.multiplyRows(m, n, k, a, aOff, ars, acs, b, bRows, got, cOff, ldc, acc);
                        assertArrayEquals(want, got, "m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " accumulate=" + acc);
                    }
    }

    @Test
    void matmulOfTensorsAndItsShapeErrors() {
        Gemm g = Gemm.of(Exec.threads(2));
        Tensor a = Tensor.parse("1 2\n3 4\n5 6"), b = Tensor.parse("1 0 2\n0 1 3");
        assertEquals(Tensor.parse("1 2 8\n3 4 18\n5 6 28"), g.matmul(a, b));
        Tensor out = Tensor.zeros(2, 2);
        g.matmul(a, true, a, false, out, false); // a^T a
        assertEquals(Tensor.parse("35 44\n44 56"), out);
        var e = assertThrows(ShapeException.class, () -> g.matmul(a, a));
        assertTrue(e.getMessage().contains("(3, 2)") && e.getMessage().contains("inner dimensions"), e.getMessage());
    }

    private static float[] random(Random r, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = (float) r.nextGaussian();
        return v;
    }
}

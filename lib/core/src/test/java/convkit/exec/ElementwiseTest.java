package convkit.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The SIMD element-wise loops give the same bits as the plain Java loops they replace. */
class ElementwiseTest {

    @Test
    void momentumStepMatchesThePlainLoopBitForBit() {
        Random r = new Random(17);
        for (int n : new int[] {0, 1, 7, 16, 17, 150, 1001}) {
            for (double decay : new double[] {0, 5e-4}) {
                float[] w = new float[n], g = new float[n], v = new float[n];
                for (int i = 0; i < n; i++) {
                    w[i] = (float) r.nextGaussian();
                    g[i] = (float) (r.nextGaussian() * Math.pow(10, -r.nextInt(40)));   // down to subnormal sizes
                    v[i] = i % 5 == 0 ? 0f : (float) (r.nextGaussian() * 1e-2);
                }
                if (n > 3) { g[1] = -0f; w[2] = Float.POSITIVE_INFINITY; g[3] = Float.NaN; }
                float[] w2 = w.clone(), v2 = v.clone();
                for (int step = 0; step < 3; step++) {
                    Elementwise.momentumStep(w, g, v, 0.9, decay, 0.01);
                    for (int i = 0; i < n; i++) {   // the formula of convkit.train.Sgd, in plain Java
                        float gi = g[i] + (float) decay * w2[i];   // float arithmetic, as PyTorch for float32
                        v2[i] = 0.9f * v2[i] + gi;
                        w2[i] -= 0.01f * v2[i];
                    }
                    assertArrayEquals(v2, v, "v, n=" + n + ", decay=" + decay + ", step " + step);
                    assertArrayEquals(w2, w, "w, n=" + n + ", decay=" + decay + ", step " + step);
                }
            }
        }
    }

    @Test
    void adamStepMatchesThePlainLoopBitForBit() {
        Random r = new Random(23);
        double b1 = 0.9, b2 = 0.999, eps = 1e-8, lr = 1e-3;
        for (int n : new int[] {0, 3, 8, 9, 161, 1000}) {
            for (double decay : new double[] {0, 1e-4}) {
                float[] w = new float[n], g = new float[n], m = new float[n], v = new float[n];
                for (int i = 0; i < n; i++) {
                    w[i] = (float) r.nextGaussian();
                    g[i] = (float) (r.nextGaussian() * Math.pow(10, -r.nextInt(30)));
                }
                float[] w2 = w.clone(), m2 = m.clone(), v2 = v.clone();
                for (int t = 1; t <= 3; t++) {
                    double c1 = 1 - Math.pow(b1, t), c2 = 1 - Math.pow(b2, t);
                    Elementwise.adamStep(w, g, m, v, b1, b2, c1, c2, eps, decay, lr);
                    for (int i = 0; i < n; i++) {   // the formula of convkit.train.Adam, in plain Java
                        float gi = g[i] + (float) decay * w2[i];   // float arithmetic, coefficients rounded to float once
                        m2[i] = (float) b1 * m2[i] + (float) (1 - b1) * gi;
                        v2[i] = (float) b2 * v2[i] + (float) (1 - b2) * gi * gi;
                        w2[i] -= (float) lr * (m2[i] / (float) c1) / ((float) Math.sqrt(v2[i] / (float) c2) + (float) eps);
                    }
                    assertArrayEquals(m2, m, "m, n=" + n + ", step " + t);
                    assertArrayEquals(v2, v, "v, n=" + n + ", step " + t);
                    assertArrayEquals(w2, w, "w, n=" + n + ", step " + t);
                }
            }
        }
    }

    @Test
    void copyRowsPlusMatchesThePlainLoopAndWritesOnlyItsRows() {
        Random r = new Random(29);
        Exec simd = Exec.threads(1), plain = Exec.threads(1).scalar();
        for (int trial = 0; trial < 400; trial++) {
            int rows = r.nextInt(6), cols = r.nextInt(40), stride = cols + r.nextInt(20);
            int srcOff = r.nextInt(5), dstOff = r.nextInt(5), dstPad = r.nextInt(3) * 7;
            // the source ends exactly after its last row (or a little later): vectors must not read past it
            int srcLen = rows == 0 || cols == 0 ? srcOff : srcOff + (rows - 1) * stride + cols + r.nextInt(2) * r.nextInt(20);
            float[] src = new float[srcLen];
            for (int i = 0; i < srcLen; i++) src[i] = (float) r.nextGaussian();
            if (srcLen > 2) { src[0] = Float.NaN; src[1] = -0f; src[2] = Float.NEGATIVE_INFINITY; }
            float add = trial % 3 == 0 ? 0f : (float) r.nextGaussian();
            float[] got = new float[dstOff + rows * cols + dstPad], want = new float[got.length];
            java.util.Arrays.fill(got, 42f); // sentinels: values outside the destination rows must stay
            java.util.Arrays.fill(want, 42f);
            Elementwise.copyRowsPlus(simd, src, srcOff, stride, got, dstOff, rows, cols, add);
            Elementwise.copyRowsPlus(plain, src, srcOff, stride, want, dstOff, rows, cols, add);
            for (int q = 0; q < rows; q++)
                for (int j = 0; j < cols; j++) {
                    float expected = src[srcOff + q * stride + j] + add;
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(want[dstOff + q * cols + j]), "plain loop");
                }
            assertArrayEquals(want, got, "rows=" + rows + " cols=" + cols + " stride=" + stride + " srcLen=" + srcLen);
        }
    }

    @Test
    void copyRowsPlusRejectsRowsOutsideTheArrays() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Elementwise.copyRowsPlus(Exec.threads(1), new float[30], 0, 10, new float[40], 0, 4, 10, 0f));
        assertTrue(e.getMessage().contains("4 rows of 10"), e.getMessage());
    }
}

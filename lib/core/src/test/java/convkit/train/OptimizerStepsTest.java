package convkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import convkit.exec.Exec;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The SIMD optimiser loops give the same bits as the plain Java loops they replace, and their JIT warm-up reaches them. */
class OptimizerStepsTest {

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
                    OptimizerSteps.momentumStep(w, g, v, 0.9, decay, 0.01);
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
                    OptimizerSteps.adamStep(w, g, m, v, b1, b2, c1, c2, eps, decay, lr);
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
    void theWarmUpCallsEachLoopAndItsInputsFitEveryVectorWidth() {
        Map<String, Integer> calls = new TreeMap<>();
        OptimizerSteps.Kernels counting = new OptimizerSteps.Kernels() {
            public int momentumStep(float[] w, float[] grad, float[] v, float momentum, float decay, float lr) {
                calls.merge("momentumStep", 1, Integer::sum);
                for (int i = 0; i < w.length; i++) w[i] -= lr * (v[i] = momentum * v[i] + grad[i] + decay * w[i]);   // every value, bounds-checked
                return w.length;
            }

            public int adamStep(float[] w, float[] grad, float[] m, float[] v, float beta1, float beta2, float one1, float one2,
                                float c1, float c2, float eps, float decay, float lr) {
                calls.merge("adamStep", 1, Integer::sum);
                for (int i = 0; i < w.length; i++) w[i] -= lr * (m[i] = beta1 * m[i] + one1 * grad[i]) / ((float) Math.sqrt(v[i] = beta2 * v[i]) + eps);
                return w.length;
            }
        };
        for (int lanes : new int[] {2, 4, 8, 16, 32, 64}) OptimizerSteps.warmUp(counting, lanes, 2);
        assertEquals(Map.of("adamStep", 12, "momentumStep", 12), calls);
        assumeTrue(Exec.vectorApi(), "needs --add-modules jdk.incubator.vector");
        OptimizerSteps.warmUp(new VectorOptimizer(), Exec.vectorLanes(), 3);   // the real vector loops on the real inputs
        assertTrue(Exec.vectorLanes() >= 1);
    }
}

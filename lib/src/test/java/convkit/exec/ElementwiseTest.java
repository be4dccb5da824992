package convkit.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
                        float gi = (float) (g[i] + decay * w2[i]);
                        v2[i] = (float) (0.9 * v2[i] + gi);
                        w2[i] -= (float) (0.01 * v2[i]);
                    }
                    assertArrayEquals(v2, v, "v, n=" + n + ", decay=" + decay + ", step " + step);
                    assertArrayEquals(w2, w, "w, n=" + n + ", decay=" + decay + ", step " + step);
                }
            }
        }
    }
}

package convkit.nn;

import convkit.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Weight initialisation from an explicit seed. Biases start at zero.
 *
 * <ul>
 *   <li>{@link #HE}: normal with standard deviation {@code sqrt(2 / fanIn)}, which keeps the
 *       variance of activations steady through ReLU layers (He et al. 2015).</li>
 *   <li>{@link #XAVIER}: uniform on {@code [-a, a]} with {@code a = sqrt(6 / (fanIn + fanOut))}, for
 *       tanh and sigmoid layers (Glorot and Bengio 2010).</li>
 * </ul>
 * For a conv layer {@code fanIn = C * U * V} (inputs seen by one output) and {@code fanOut = F * U * V}.
 */
public enum Init {
    HE, XAVIER;

    /** Fills {@code w} in place; the same seed always gives the same values. */
    public void fill(Tensor w, int fanIn, int fanOut, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] d = w.buffer();
        if (this == HE) {
            double std = Math.sqrt(2.0 / fanIn);
            for (int i = 0; i < d.length; i++) d[i] = (float) (gaussian(rng) * std);
        } else {
            double a = Math.sqrt(6.0 / (fanIn + fanOut));
            for (int i = 0; i < d.length; i++) d[i] = (float) ((rng.nextDouble() * 2 - 1) * a);
        }
    }

    /** Box-Muller from a SplittableRandom (java.util.Random's nextGaussian is not on SplittableRandom in 17). */
    static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble(), u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}

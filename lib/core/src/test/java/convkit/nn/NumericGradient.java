package convkit.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.tensor.Tensor;
import java.util.function.DoubleSupplier;

/**
 * Centred finite differences, {@code df/dv ~ (f(v + h) - f(v - h)) / 2h}, for the gradient checks.
 *
 * <p>Why these numbers, for float32 values: the layers store float32 (about 7 significant
 * digits), so a scalar objective f of order 1 built from a few hundred outputs carries a rounding
 * error of about 1e-6. Dividing by 2h amplifies it: with h = 1e-2 the numeric gradient is off by
 * about 1e-6 / 2e-2 = 5e-5, while the truncation error of the centred difference, h^2/6 * f''',
 * is about 2e-5 for the smooth layers (sigmoid, tanh, softmax) and zero for the linear ones
 * (conv, dense, pooling away from ties). h = 1e-3, cs231n's float64 choice, would raise the
 * rounding part to 5e-4. Both parts stay well under {@link #TOLERANCE} = 1e-3 of the gradient's
 * size; a backward that is wrong by 1% fails it (see the test that proves that).
 */
final class NumericGradient {
    /** Step h of the centred difference; see the class comment for why not smaller. */
    static final double STEP = 1e-2;
    /** Largest accepted relative error {@code max|a - n| / max(1e-8, max|a| + max|n|)} (cs231n's measure over a whole tensor). */
    static final double TOLERANCE = 1e-3;

    private NumericGradient() {}

    /** The numeric gradient of {@code f} with respect to every value of {@code v} (changed in place and restored). */
    static Tensor of(DoubleSupplier f, Tensor v) {
        float[] d = v.buffer();
        float[] grad = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            float old = d[i];
            d[i] = (float) (old + STEP);
            double plus = f.getAsDouble();
            d[i] = (float) (old - STEP);
            double minus = f.getAsDouble();
            d[i] = old;
            // divide by the steps actually taken after rounding to float
            grad[i] = (float) ((plus - minus) / ((double) (float) (old + STEP) - (double) (float) (old - STEP)));
        }
        return Tensor.wrap(grad, v.shape());
    }

    static double relativeError(Tensor analytic, Tensor numeric) {
        double maxDiff = analytic.maxAbsDiff(numeric);
        double scale = maxAbs(analytic) + maxAbs(numeric);
        return maxDiff / Math.max(1e-8, scale);
    }

    static void assertClose(Tensor analytic, Tensor numeric, String what) {
        double err = relativeError(analytic, numeric);
        assertTrue(err <= TOLERANCE, () -> what + ": analytic and numeric gradients differ, relative error " + err
                + " > " + TOLERANCE + "\nanalytic " + analytic + "\nnumeric " + numeric);
    }

    static double maxAbs(Tensor t) {
        double m = 0;
        for (float v : t.buffer()) m = Math.max(m, Math.abs(v));
        return m;
    }

    /** {@code sum_k out[k] * weights[k]} in double: a scalar whose gradient w.r.t. the output is {@code weights}. */
    static double dot(Tensor out, Tensor weights) {
        double s = 0;
        float[] a = out.buffer(), b = weights.buffer();
        for (int k = 0; k < a.length; k++) s += (double) a[k] * b[k];
        return s;
    }
}

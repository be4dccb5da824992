package convkit.train;

import convkit.nn.Param;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015): a step per parameter scaled by running estimates of the gradient's
 * mean and uncentred variance, with bias correction for the first steps.
 * <pre>{@code
 * g = dL/dw + decay * w
 * m = b1 m + (1 - b1) g          v = b2 v + (1 - b2) g^2
 * w = w - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 * }</pre>
 * in float arithmetic (the coefficients rounded to float once), as PyTorch computes for float32 parameters.
 */
public final class Adam implements Optimizer {
    static {
        OptimizerSteps.registerWarmUp(); // an optimiser exists: its vector loops are worth warming up
    }

    private final double beta1, beta2, eps, weightDecay;
    private final Map<Param, float[][]> moments = new IdentityHashMap<>();
    private long t;

    public Adam(double beta1, double beta2, double eps, double weightDecay) {
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(eps > 0)) throw new IllegalArgumentException("Adam epsilon must be > 0, got " + eps);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay must be 0 or more, got " + weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(List<Param> params, double lr) {
        t++;
        double c1 = 1 - Math.pow(beta1, t), c2 = 1 - Math.pow(beta2, t);
        for (Param p : params) {
            float[] w = p.value().buffer(), grad = p.grad().buffer();
            double decay = Optimizer.decayFor(p, weightDecay);
            float[][] mv = moments.computeIfAbsent(p, k -> new float[2][w.length]);
            float[] m = mv[0], v = mv[1];
            // g = dL/dw + decay*w; m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g*g; w -= lr*(m/c1)/(sqrt(v/c2) + eps),
            // in float arithmetic like PyTorch's (SIMD where available, the same bits)
            OptimizerSteps.adamStep(w, grad, m, v, beta1, beta2, c1, c2, eps, decay, lr);
        }
    }

    @Override
    public String toString() {
        return "Adam (betas " + beta1 + ", " + beta2 + ")" + (weightDecay == 0 ? "" : ", weight decay " + weightDecay);
    }
}

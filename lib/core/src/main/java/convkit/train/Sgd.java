package convkit.train;

import convkit.nn.Param;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent, optionally with momentum (classic or Nesterov) and L2 weight decay,
 * in the form PyTorch uses:
 * <pre>{@code
 * g = dL/dw + decay * w
 * v = mu * v + g                          (v starts at 0; with mu = 0 this is plain SGD)
 * w = w - lr * v                          classic momentum
 * w = w - lr * (g + mu * v)               Nesterov: look one step ahead
 * }</pre>
 * in float arithmetic, as PyTorch computes for float32 parameters: the coefficients are rounded to
 * float once and every operation to float.
 */
public final class Sgd implements Optimizer {
    static {
        OptimizerSteps.registerWarmUp(); // an optimiser exists: its vector loops are worth warming up
    }

    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private final Map<Param, float[]> velocity = new IdentityHashMap<>();

    public Sgd(double momentum, boolean nesterov, double weightDecay) {
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay must be 0 or more, got " + weightDecay);
        if (nesterov && momentum == 0) throw new IllegalArgumentException("Nesterov needs a momentum > 0, e.g. 0.9");
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(List<Param> params, double lr) {
        for (Param p : params) {
            float[] w = p.value().buffer(), grad = p.grad().buffer();
            float decay = (float) Optimizer.decayFor(p, weightDecay), mu = (float) momentum, eta = (float) lr;
            if (momentum == 0) {
                for (int i = 0; i < w.length; i++) w[i] -= eta * (grad[i] + decay * w[i]);
                continue;
            }
            float[] v = velocity.computeIfAbsent(p, k -> new float[w.length]);
            if (nesterov) {
                for (int i = 0; i < w.length; i++) {
                    float g = grad[i] + decay * w[i];
                    v[i] = mu * v[i] + g;
                    w[i] -= eta * (g + mu * v[i]);
                }
            } else {
                // classic momentum, g = dL/dw + decay*w; v = mu*v + g; w -= lr*v, with SIMD where available (same bits)
                OptimizerSteps.momentumStep(w, grad, v, mu, decay, eta);
            }
        }
    }

    @Override
    public String toString() {
        return (momentum == 0 ? "SGD" : nesterov ? "SGD (Nesterov momentum " + momentum + ")" : "SGD (momentum " + momentum + ")")
                + (weightDecay == 0 ? "" : ", weight decay " + weightDecay);
    }
}

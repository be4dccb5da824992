package convkit.train;

import convkit.nn.Param;
import java.util.List;

/**
 * Updates parameters from their gradients. Each optimiser keeps its per-parameter state (velocity,
 * moments) itself, keyed by the parameter, so it must be used with one model.
 */
public interface Optimizer {

    /** One update of every parameter from its current gradient, at learning rate {@code lr}. */
    void step(List<Param> params, double lr);

    /** SGD: {@code w -= lr * (g + decay * w)}. */
    static Optimizer sgd(double weightDecay) {
        return new Sgd(0, false, weightDecay);
    }

    /** SGD with momentum (Polyak): {@code v = mu v + g; w -= lr v}. */
    static Optimizer momentum(double mu, double weightDecay) {
        return new Sgd(mu, false, weightDecay);
    }

    /** SGD with Nesterov momentum: {@code v = mu v + g; w -= lr (g + mu v)}. */
    static Optimizer nesterov(double mu, double weightDecay) {
        return new Sgd(mu, true, weightDecay);
    }

    /** Adam with the usual betas 0.9 and 0.999 and epsilon 1e-8. */
    static Optimizer adam(double weightDecay) {
        return new Adam(0.9, 0.999, 1e-8, weightDecay);
    }

    /**
     * The L2 weight decay that applies to {@code p}: {@code weightDecay} for weights, 0 for biases
     * (a bias does not make a network more complex). The gradient used is {@code g + decay * w}.
     */
    static double decayFor(Param p, double weightDecay) {
        java.util.Objects.requireNonNull(p, "decayFor: the parameter must not be null");
        return p.name().equals("bias") ? 0 : weightDecay;
    }
}

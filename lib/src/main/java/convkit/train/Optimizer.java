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
     * The gradient plus L2 weight decay, {@code g + decay * w}. Decay applies to weights, not to
     * biases (a bias does not make a network more complex).
     */
    static float decayed(Param p, int i, double weightDecay) {
        float g = p.grad().buffer()[i];
        if (weightDecay == 0 || p.name().equals("bias")) return g;
        return (float) (g + weightDecay * p.value().buffer()[i]);
    }
}

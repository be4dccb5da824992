package convkit.train;

/** The optimisers by name, for configurations and the command line. */
public enum OptimizerKind {
    SGD, MOMENTUM, NESTEROV, ADAM;

    /** A fresh optimiser of this kind. */
    public Optimizer create(double momentum, double weightDecay) {
        switch (this) {
            case SGD:
                return Optimizer.sgd(weightDecay);
            case MOMENTUM:
                return Optimizer.momentum(momentum, weightDecay);
            case NESTEROV:
                return Optimizer.nesterov(momentum, weightDecay);
            default:
                return Optimizer.adam(weightDecay);
        }
    }
}

package convkit.train;

/**
 * Everything a training run depends on. Two runs with equal configs, models built from the same
 * seed and the same data give bit-identical weights, whatever {@link #threads()} is.
 *
 * <pre>{@code
 * var cfg = TrainConfig.defaults().withEpochs(3).withLearningRate(0.01).withOptimizer(OptimizerKind.MOMENTUM);
 * }</pre>
 *
 * @param learningRate base rate; the {@link Schedule} scales it per epoch
 * @param momentum     for MOMENTUM and NESTEROV (ignored by SGD and ADAM)
 * @param seed         seeds the shuffling of every epoch
 * @param threads      threads for the conv/pool kernels; does not change results
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, OptimizerKind optimizer, double momentum,
                          double weightDecay, Schedule schedule, long seed, int threads) {

    public TrainConfig {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (optimizer == null || schedule == null) throw new IllegalArgumentException("optimizer and schedule must not be null");
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }

    /**
     * The settings {@code convkit train} uses: 10 epochs of Adam at learning rate 0.001, batches of
     * 64, cosine schedule, no weight decay, seed 42, one thread per processor.
     */
    public static TrainConfig defaults() {
        return new TrainConfig(10, 64, 0.001, OptimizerKind.ADAM, 0.9, 0, Schedule.COSINE, 42,
                Runtime.getRuntime().availableProcessors());
    }

    public TrainConfig withEpochs(int e) {
        return new TrainConfig(e, batchSize, learningRate, optimizer, momentum, weightDecay, schedule, seed, threads);
    }

    public TrainConfig withBatchSize(int b) {
        return new TrainConfig(epochs, b, learningRate, optimizer, momentum, weightDecay, schedule, seed, threads);
    }

    public TrainConfig withLearningRate(double lr) {
        return new TrainConfig(epochs, batchSize, lr, optimizer, momentum, weightDecay, schedule, seed, threads);
    }

    public TrainConfig withOptimizer(OptimizerKind o) {
        return new TrainConfig(epochs, batchSize, learningRate, o, momentum, weightDecay, schedule, seed, threads);
    }

    public TrainConfig withMomentum(double m) {
        return new TrainConfig(epochs, batchSize, learningRate, optimizer, m, weightDecay, schedule, seed, threads);
    }

    public TrainConfig withWeightDecay(double d) {
        return new TrainConfig(epochs, batchSize, learningRate, optimizer, momentum, d, schedule, seed, threads);
    }

    public TrainConfig withSchedule(Schedule s) {
        return new TrainConfig(epochs, batchSize, learningRate, optimizer, momentum, weightDecay, s, seed, threads);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(epochs, batchSize, learningRate, optimizer, momentum, weightDecay, schedule, s, threads);
    }

    public TrainConfig withThreads(int t) {
        return new TrainConfig(epochs, batchSize, learningRate, optimizer, momentum, weightDecay, schedule, seed, t);
    }

    /** The learning rate of 0-based {@code epoch}. */
    public double learningRateAt(int epoch) {
        return learningRate * schedule.factor(epoch, epochs);
    }

    public Optimizer createOptimizer() {
        return optimizer.create(momentum, weightDecay);
    }
}

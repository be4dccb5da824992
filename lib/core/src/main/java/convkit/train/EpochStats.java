package convkit.train;

/**
 * What one epoch did. Test values are {@code NaN} when no test set was given.
 *
 * @param epoch          1-based
 * @param imagesPerSecond training images per second of wall-clock time (forward, backward and update)
 */
public record EpochStats(int epoch, double learningRate, double trainLoss, double trainAccuracy, double testLoss,
                         double testAccuracy, double seconds, double imagesPerSecond) {

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "epoch %d: loss %.4f, train accuracy %.2f%%%s, %.1f s, %.0f images/s, lr %.3g",
                epoch, trainLoss, 100 * trainAccuracy,
                Double.isNaN(testAccuracy) ? "" : String.format(java.util.Locale.ROOT, ", test loss %.4f, test accuracy %.2f%%", testLoss, 100 * testAccuracy),
                seconds, imagesPerSecond, learningRate);
    }
}

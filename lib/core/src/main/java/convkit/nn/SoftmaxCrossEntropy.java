package convkit.nn;

import convkit.tensor.ShapeException;
import convkit.tensor.Tensor;

/**
 * Softmax (turns scores into a probability distribution) followed by the cross-entropy loss,
 * averaged over the batch. Kept together because their combined gradient is simply
 * {@code (p - onehot(y)) / N}.
 *
 * <pre>{@code
 * p[n][k] = e^{z[n][k]} / sum_j e^{z[n][j]}
 * L       = (1/N) sum_n -log p[n][y_n] = (1/N) sum_n (logsumexp(z[n]) - z[n][y_n])
 * logsumexp(z) = m + log sum_j e^{z_j - m},  m = max_j z_j   (no e^z ever overflows)
 * }</pre>
 */
public final class SoftmaxCrossEntropy {
    private Tensor probs;
    private int[] labels;

    /**
     * The mean loss of a batch of scores (logits) against the true classes; remembers what
     * {@link #backward()} needs.
     *
     * @param logits (N, K) scores, one row per example
     * @param labels N class indices in {@code [0, K)}
     */
    public double forward(Tensor logits, int[] labels) {
        check(logits, labels);
        int n = logits.dim(0), k = logits.dim(1);
        float[] z = logits.buffer();
        float[] p = new float[n * k];
        double total = 0;
        for (int r = 0; r < n; r++) {
            double lse = logSumExp(z, r * k, k);
            for (int j = 0; j < k; j++) p[r * k + j] = (float) Math.exp(z[r * k + j] - lse);
            total += lse - z[r * k + labels[r]];
        }
        this.probs = Tensor.wrap(p, logits.shape());
        this.labels = labels.clone();
        return total / n;
    }

    /** {@code dL/dz = (p - onehot(y)) / N} for the last forward batch. */
    public Tensor backward() {
        if (probs == null) throw new IllegalStateException("SoftmaxCrossEntropy: backward called before forward");
        int n = probs.dim(0), k = probs.dim(1);
        float[] d = probs.toArray();
        for (int r = 0; r < n; r++) d[r * k + labels[r]] -= 1f;
        for (int i = 0; i < d.length; i++) d[i] /= n;
        return Tensor.wrap(d, probs.shape());
    }

    /** The probabilities of the last forward batch, (N, K). */
    public Tensor probabilities() {
        return probs;
    }

    /** Softmax of each row of (N, K) scores: probabilities that sum to 1 per row. */
    public static Tensor softmax(Tensor logits) {
        java.util.Objects.requireNonNull(logits, "softmax: logits must not be null");
        if (logits.rank() != 2) throw new ShapeException("softmax: logits must be (N, K), got shape " + logits.shape());
        int n = logits.dim(0), k = logits.dim(1);
        float[] z = logits.buffer();
        float[] p = new float[n * k];
        for (int r = 0; r < n; r++) {
            double lse = logSumExp(z, r * k, k);
            for (int j = 0; j < k; j++) p[r * k + j] = (float) Math.exp(z[r * k + j] - lse);
        }
        return Tensor.wrap(p, logits.shape());
    }

    private static double logSumExp(float[] z, int from, int k) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) m = Math.max(m, z[from + j]);
        double s = 0;
        for (int j = 0; j < k; j++) s += Math.exp(z[from + j] - m);
        return m + Math.log(s);
    }

    private static void check(Tensor logits, int[] labels) {
        if (logits.rank() != 2) {
            throw new ShapeException("SoftmaxCrossEntropy: logits must be (N, K) scores, got shape " + logits.shape()
                    + (logits.rank() == 4 ? "; put Flatten and a Dense(..., K) layer before the loss" : ""));
        }
        if (labels == null || labels.length != logits.dim(0)) {
            throw new ShapeException("SoftmaxCrossEntropy: " + logits.dim(0) + " rows of logits " + logits.shape()
                    + " but " + (labels == null ? "no" : labels.length) + " labels; need one label per example");
        }
        int k = logits.dim(1);
        for (int r = 0; r < labels.length; r++) {
            if (labels[r] < 0 || labels[r] >= k) {
                throw new ShapeException("SoftmaxCrossEntropy: label " + labels[r] + " of example " + r
                        + " is not a class of the " + k + " logits (valid: 0.." + (k - 1) + ")");
            }
        }
    }
}

package convkit.train;

import convkit.data.Batches;
import convkit.data.Dataset;
import convkit.nn.Sequential;
import convkit.nn.SoftmaxCrossEntropy;
import convkit.tensor.Tensor;
import java.util.List;
import java.util.Locale;

/**
 * A model scored on a data set: mean loss, accuracy and the confusion matrix, whose row is the
 * true class and column the predicted one (so the diagonal counts the correct answers).
 */
public record Evaluation(double loss, double accuracy, int[][] confusion, List<String> classNames) {

    /** Runs {@code model} (in evaluation mode) over {@code data} in batches of {@code batchSize}. */
    public static Evaluation of(Sequential model, Dataset data, int batchSize) {
        java.util.Objects.requireNonNull(model, "Evaluation.of: the model must not be null");
        java.util.Objects.requireNonNull(data, "Evaluation.of: the data set must not be null");
        int k = data.classes();
        int[][] confusion = new int[k][k];
        double lossSum = 0;
        var loss = new SoftmaxCrossEntropy();
        model.setTraining(false);
        try {
            Dataset.Batcher batcher = data.batcher();
            for (int[] idx : Batches.inOrder(data.size(), batchSize)) {
                var b = batcher.batch(idx);
                Tensor logits = model.forward(b.x());
                if (logits.rank() != 2 || logits.dim(1) != k) {
                    throw new IllegalArgumentException("the model gives outputs of shape " + logits.shape() + " but " + data.name()
                            + " has " + k + " classes; expected (N, " + k + ")");
                }
                lossSum += loss.forward(logits, b.y()) * b.size();
                int[] pred = argmaxRows(logits);
                for (int i = 0; i < pred.length; i++) confusion[b.y()[i]][pred[i]]++;
            }
        } finally {
            model.setTraining(true);
        }
        int correct = 0;
        for (int c = 0; c < k; c++) correct += confusion[c][c];
        return new Evaluation(lossSum / data.size(), correct / (double) data.size(), confusion, data.classNames());
    }

    /** The index of the largest value of each row of (N, K) scores. */
    public static int[] argmaxRows(Tensor scores) {
        java.util.Objects.requireNonNull(scores, "argmaxRows: scores must not be null");
        int n = scores.dim(0), k = scores.dim(1);
        float[] s = scores.buffer();
        int[] out = new int[n];
        for (int r = 0; r < n; r++) {
            int best = 0;
            for (int j = 1; j < k; j++) if (s[r * k + j] > s[r * k + best]) best = j;
            out[r] = best;
        }
        return out;
    }

    /** Examples counted. */
    public int total() {
        int t = 0;
        for (int[] row : confusion) for (int v : row) t += v;
        return t;
    }

    /** Share of class {@code c}'s examples predicted as {@code c} (recall). */
    public double classAccuracy(int c) {
        int row = 0;
        for (int v : confusion[c]) row += v;
        return row == 0 ? Double.NaN : confusion[c][c] / (double) row;
    }

    /** Accuracy, loss and the confusion matrix as an aligned text table. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "accuracy %.2f%% (%d of %d), loss %.4f%n", 100 * accuracy,
                Math.round(accuracy * total()), total(), loss));
        sb.append("confusion matrix (rows: true class, columns: predicted)\n");
        int k = confusion.length;
        int nameWidth = 0;
        for (String n : classNames) nameWidth = Math.max(nameWidth, n.length());
        int cell = 5;
        for (int[] row : confusion) for (int v : row) cell = Math.max(cell, Integer.toString(v).length() + 1);
        sb.append(" ".repeat(nameWidth));
        for (int j = 0; j < k; j++) sb.append(String.format("%" + cell + "d", j));
        sb.append(String.format("%9s%n", "correct"));
        for (int i = 0; i < k; i++) {
            sb.append(String.format("%-" + nameWidth + "s", classNames.get(i)));
            for (int j = 0; j < k; j++) sb.append(String.format("%" + cell + "d", confusion[i][j]));
            sb.append(String.format(Locale.ROOT, "%8.1f%%%n", 100 * classAccuracy(i)));
        }
        sb.append("columns: ");
        for (int j = 0; j < k; j++) sb.append(j == 0 ? "" : ", ").append(j).append(' ').append(classNames.get(j));
        return sb.append('\n').toString();
    }
}

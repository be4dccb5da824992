package convkit.train;

/**
 * The loss became NaN or infinite. Training stopped at that step; the message names the epoch,
 * the batch and the first layer whose values went non-finite. Checkpoints already written are
 * untouched.
 */
public class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final int epoch, batch;
    private final String culprit;

    public TrainingDivergedException(String message, int epoch, int batch, String culprit) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
        this.culprit = culprit;
    }

    /** 1-based epoch of the failing step. */
    public int epoch() {
        return epoch;
    }

    /** 1-based batch within the epoch. */
    public int batch() {
        return batch;
    }

    /** Where the first non-finite value appeared, e.g. {@code layer 9 (Dense(400 -> 120)) output}. */
    public String culprit() {
        return culprit;
    }
}

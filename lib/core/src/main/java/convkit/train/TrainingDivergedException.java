package convkit.train;

/**
 * Training diverged and stopped at that step: the loss or a gradient became NaN or infinite, the
 * loss stayed far above its start for several batches, or the test loss after an epoch is not
 * finite. The message names the epoch, the batch, the layer that blew up and a learning rate to
 * try. Checkpoints already written are untouched; none is written for the diverged model.
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

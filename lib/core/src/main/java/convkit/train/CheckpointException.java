package convkit.train;

/** A checkpoint file that cannot be used: truncated, corrupt, not a checkpoint, or for another architecture. */
public class CheckpointException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}

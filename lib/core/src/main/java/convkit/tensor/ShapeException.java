package convkit.tensor;

/**
 * A shape, size or argument that does not fit. Unchecked, like EJML's
 * {@code MatrixDimensionException}, so notebook cells stay free of {@code throws} clauses.
 * The message names the argument, its shape, what was expected and, where the lecture has
 * one, the formula with the numbers filled in.
 */
public class ShapeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ShapeException(String message) {
        super(message);
    }
}

package convkit.grading;

import convkit.tensor.Tensor;

/**
 * A known wrong way to compute something, with what it would output. When a student's result
 * equals it, the feedback names the mistake instead of only listing numbers:
 * {@code Mistake.of("you computed cross-correlation: true convolution rotates the kernel by 180 degrees first", wrong)}.
 * When only its shape matches the student's, the cause is offered as a likely one.
 *
 * @param cause  the sentence shown to the student
 * @param values what the mistake produces, row-major
 * @param dims   its shape
 */
public record Mistake(String cause, double[] values, int[] dims) {

    public static Mistake of(String cause, double[] vector) {
        return new Mistake(cause, vector.clone(), new int[] {vector.length});
    }

    public static Mistake of(String cause, double[][] matrix) {
        return new Mistake(cause, Grid.flatten(matrix), Grid.dims(matrix));
    }

    public static Mistake of(String cause, Tensor t) {
        return new Mistake(cause, Grid.flatten(t), t.shape().dims());
    }

    /** A mistake known only by the shape it gives, e.g. the output size without padding. */
    public static Mistake ofShape(String cause, int... dims) {
        return new Mistake(cause, null, dims.clone());
    }
}

package convkit.nn;

import convkit.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * A layer was given NaN or infinite values. One NaN spreads through every later layer (a
 * convolution smears it over its whole window, a dense layer over every output), so the layers
 * refuse it at the door and say where it is.
 */
public class NonFiniteException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public NonFiniteException(String message) {
        super(message);
    }

    /** Throws unless every value of the input {@code x} of {@code layer} is finite; a null x is named too. */
    static Tensor requireFiniteInput(Tensor x, Object layer) {
        Objects.requireNonNull(x, () -> layer + ": input x must not be null; pass a batch tensor");
        int k = x.firstNonFinite();
        if (k >= 0) {
            throw new NonFiniteException(layer + ": input contains " + x.buffer()[k] + " at index "
                    + Arrays.toString(unravel(k, x.shape().dims())) + " of shape " + x.shape()
                    + "; every value must be finite (check how the input was produced or normalised,"
                    + " or, in training, the learning rate)");
        }
        return x;
    }

    private static int[] unravel(int k, int[] dims) {
        int[] idx = new int[dims.length];
        for (int i = dims.length - 1; i >= 0; i--) {
            idx[i] = k % dims[i];
            k /= dims[i];
        }
        return idx;
    }
}

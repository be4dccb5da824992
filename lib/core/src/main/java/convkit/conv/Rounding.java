package convkit.conv;

/**
 * What to do when {@code (W - F + 2P)/S + 1} is not a whole number.
 *
 * <p>ConvKit is strict by default: the lecture's {@code (7 - 3)/3 + 1 = 2.33} means the stride
 * does not fit, and a course is easier to follow when that is an error. {@link #FLOOR} is the
 * explicit, named choice that PyTorch and TensorFlow's "VALID" make silently: the last partial
 * window is dropped.
 */
public enum Rounding {
    /** Reject sizes that do not divide evenly (the default). */
    STRICT,
    /** Round down: windows that would run past the padded input are dropped. */
    FLOOR
}

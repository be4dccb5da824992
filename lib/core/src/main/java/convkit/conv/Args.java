package convkit.conv;

/** Null arguments named in one line, so the reference loops stay one screen of the lecture's letters. */
final class Args {
    private Args() {}

    /** {@code names} and {@code values} alternate: {@code Args.notNull("Reference2d.correlate", "x", x, "w", w)}. */
    static void notNull(String where, Object... namesAndValues) {
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) throw new NullPointerException(where + ": " + namesAndValues[i] + " must not be null");
        }
    }
}

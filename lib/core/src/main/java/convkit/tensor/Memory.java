package convkit.tensor;

import java.util.Locale;

/**
 * Large allocations checked against the JVM's heap first, so that a tensor (or a file) too big
 * for memory fails with how much it needs, how much the JVM has and how to give it more, instead
 * of a bare {@link OutOfMemoryError}.
 */
public final class Memory {
    private Memory() {}

    /** The error thrown instead of an out-of-memory: an {@link IllegalArgumentException}, since the request was too large. */
    public static final class TooLargeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    /**
     * Throws a {@link TooLargeException} when {@code bytes} cannot fit in this JVM's heap
     * ({@link Runtime#maxMemory()}) next to what is already in use.
     *
     * @param what what is being allocated, for the message, e.g. "Tensor.zeros(30000, 30000)"
     */
    public static void require(long bytes, String what) {
        Runtime rt = Runtime.getRuntime();
        long max = rt.maxMemory(), used = rt.totalMemory() - rt.freeMemory();
        if (bytes > max - Math.min(used, max / 8)) throw tooLarge(bytes, what); // an allocation that cannot succeed; near misses are caught below
    }

    /** A new float array of {@code n} elements, checked first; an out-of-memory during the allocation becomes the same message. */
    public static float[] floats(int n, String what) {
        require(4L * n, what);
        try {
            return new float[n];
        } catch (OutOfMemoryError e) {
            throw tooLarge(4L * n, what);
        }
    }

    /** A new byte array of {@code n} elements, checked as {@link #floats}. */
    public static byte[] bytes(int n, String what) {
        require(n, what);
        try {
            return new byte[n];
        } catch (OutOfMemoryError e) {
            throw tooLarge(n, what);
        }
    }

    static TooLargeException tooLarge(long bytes, String what) {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        return new TooLargeException(String.format(Locale.ROOT,
                "%s needs %s of memory, but this JVM may use at most %s (%s of it in use).%n"
                        + "  Use a smaller size (or batch), or start Java with a larger heap, e.g. -Xmx%dg"
                        + " (for ./convkit: JAVA_TOOL_OPTIONS=-Xmx%dg ./convkit ..., for JShell: -R-Xmx%dg).",
                what, mb(bytes), mb(rt.maxMemory()), mb(used), gbFor(bytes), gbFor(bytes), gbFor(bytes)));
    }

    private static long gbFor(long bytes) {
        return Math.max(1, (long) Math.ceil(bytes * 1.5 / (1L << 30)));
    }

    static String mb(long bytes) {
        return bytes >= 10L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%,d MB", (bytes + (1 << 20) - 1) >> 20);
    }
}

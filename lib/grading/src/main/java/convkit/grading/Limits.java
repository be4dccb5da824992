package convkit.grading;

import java.time.Duration;

/**
 * The time and memory a grading run gives student code, which runs in the executor JVM (heap
 * {@code heapMb}). Each call to a student method is stopped once it has run {@code perTest} of
 * wall-clock time and used half of that in CPU time (so a busy machine does not stop honest code),
 * and in any case at three times {@code perTest}; the calls after it get a fresh executor. The
 * calls of one test together get at most three times {@code perTest} (a stopped call counting
 * once), so a stuck method costs only its own sub-cases; the calls of one grader class get at
 * most {@code perClass} of wall-clock time (later calls fail at once with a note). Compiling gets
 * at most {@code perClass} too, so a whole run takes at most about
 * {@code (classes + 1) * perClass} ({@link #bound}), plus one stopped call and start-up.
 *
 * @param perTest   wall-clock limit of one call to student code
 * @param perClass  wall-clock limit of all calls of one grader class, restarts included
 * @param heapMb    the executor JVM's -Xmx
 * @param quickJit  C1-only JIT (-XX:TieredStopAtLevel=1): starts faster, runs long loops slower
 */
public record Limits(Duration perTest, Duration perClass, int heapMb, boolean quickJit) {

    public Limits {
        if (perTest.isNegative() || perTest.isZero()) throw new IllegalArgumentException("perTest must be positive, got " + perTest);
        if (perClass.compareTo(perTest) < 0) {
            throw new IllegalArgumentException("perClass (" + perClass + ") must be at least perTest (" + perTest + ")");
        }
        if (heapMb < 16) throw new IllegalArgumentException("heapMb must be at least 16, got " + heapMb);
    }

    /**
     * For the quick assignments: 10 s per call, 60 s per class, 64 MB heap, quick start. A
     * correct solution needs well under a second per call; the margin is for busy machines.
     */
    public static Limits quick() {
        return new Limits(Duration.ofSeconds(10), Duration.ofSeconds(60), 64, true);
    }

    public Limits withPerTest(Duration d) {
        return new Limits(d, perClass.compareTo(d) < 0 ? d : perClass, heapMb, quickJit);
    }

    public Limits withPerClass(Duration d) {
        return new Limits(perTest, d, heapMb, quickJit);
    }

    public Limits withHeapMb(int mb) {
        return new Limits(perTest, perClass, mb, quickJit);
    }

    /** The longest a run with {@code graderClasses} classes may take, compiling (at most one perClass) included. */
    public Duration bound(int graderClasses) {
        return perClass.multipliedBy(graderClasses + 1L);
    }
}

package convkit.exec;

/**
 * Keeps the blocking warm-up ({@link Exec#warmUp()}) from leaving the process with a grown heap
 * and a large peak memory (issue 19: peak RSS at most 500 MB with the JVM's default flags).
 *
 * <p>Until C2 has compiled the vector loops, the warm-up leaves hundreds of MB of short-lived
 * Vector API objects. G1 answers the frequent young collections by committing more heap (while
 * the heap is small next to its maximum it grows once young collections take more than ~1% of
 * the time) and then sizes eden to 60% of it; every eden region it fills is memory the process
 * touches, and keeps. A full collection right after the heap grew, before eden has filled the new
 * regions, shrinks the heap back to a few times the live data (and eden with it). Measured
 * (LeNet-5, fresh JVMs, 2 cores, rough): eden 224 MB and peak RSS 410-600 MB when the heap grew
 * during the warm-up, eden ~116 MB and peak RSS ~260 MB after a full collection.
 *
 * <p>Why not always: a full collection's pause counts in G1's record of time spent collecting,
 * and a record over ~1% makes it grow the heap at a later young collection (seen: three
 * unconditional full collections in the first 8 s of a run, then the heap grown to 668 MB and
 * eden to 400 MB in the second epoch). So only when the heap has grown, on the thread of
 * {@link Exec#warmUp()} (a caller who waits for the warm-up anyway; never in the background,
 * where the pause would hit a student's computation) or of {@link Exec#shrinkHeapIfGrown()} (the
 * trainer, between steps), at most {@link #MAX_COLLECTIONS} times per process. Results never
 * depend on it.
 */
final class HeapGuard {
    private HeapGuard() {}

    /** Full collections at most: each takes 15-150 ms (the live data, e.g. a data set, is copied). */
    static final int MAX_COLLECTIONS = 3;

    private static final long INITIAL = initialHeap();
    private static int collections; // guarded by HeapGuard.class

    private static long initialHeap() {
        try {
            return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getInit();
        } catch (RuntimeException | LinkageError e) {
            return -1; // unknown: never collect
        }
    }

    /**
     * A full collection if the heap has grown by more than a quarter past its initial size (G1
     * rounds the initial size up to whole regions; when it grows, it grows by half or more), and
     * fewer than MAX_COLLECTIONS ran.
     */
    static synchronized boolean check() {
        if (INITIAL <= 0 || collections >= MAX_COLLECTIONS || Runtime.getRuntime().totalMemory() <= INITIAL + INITIAL / 4) return false;
        collections++;
        System.gc();
        return true;
    }
}

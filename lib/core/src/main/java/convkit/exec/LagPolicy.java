package convkit.exec;

/**
 * When {@link Exec}'s parallel calls should run on the caller alone for a while: bookkeeping over
 * what the calls cost, with no clock and no threads of its own (times come in as arguments, so it
 * can be tested with made-up numbers). One instance serves one caller at a time.
 *
 * <p><b>A stalled helper.</b> Each parallel call reports its wall time and what the caller alone
 * would have needed at the speed it had in that call (its time per task times all tasks). The
 * calls are judged in windows of at least {@code windowNanos} of wall time, each window counting
 * with those before it, the older ones weighing {@code decay} times less. The helpers lag when the
 * weighted wall time exceeds the weighted caller-alone time. So one bad window among good ones (the
 * host holding a virtual processor back for a few milliseconds) does not send a machine that gains
 * from its helpers to one thread, while a helper that keeps losing its core is caught within a
 * window or two.
 *
 * <p><b>Crowded processors.</b> That estimate uses the caller's speed while it shares the cores
 * with its helpers, which beside a busy neighbour process is not its speed alone: three runnable
 * threads on two cores, the caller is on a core about two thirds of the time, and alone it would
 * have one to itself (probe, 2026-12-06: 0.6-0.7 of the time beside a busy loop, 0.95-0.98 on a
 * quiet machine; LeNet-5 on 2 threads there ran 1.2x slower than on 1, unnoticed by the estimate).
 * So when a window finds the caller on a core less than {@code crowdedShare} of the time, the
 * next calls run alone for a short probe ({@code probeNanos}, at most once per
 * {@code probeEveryNanos}), each timed: what each kind of call (the same task body and task count)
 * costs alone. Later parallel calls of those kinds are then compared with that directly, and the
 * helpers lag when the calls cost more with them than alone. Calls run alone during a solo period
 * are timed the same way, so the comparison stays current while the neighbour stays.
 *
 * <p><b>How long alone.</b> A lag seen within {@code quickWindows} windows after the previous solo
 * period means the slowdown persists, and the next solo period is twice the last (up to
 * {@code maxSoloNanos}); a lag after a longer run of parallel windows starts again at
 * {@code minSoloNanos}. (Until issue 19's fifth round any lag less than a second after the last
 * doubled the period, and the occasional hiccup of this shared host kept a quiet machine's
 * training on one thread for 5-75% of an epoch.)
 */
final class LagPolicy {
    /** What {@link #judge} decided. */
    enum Verdict { PARALLEL, LAG, PROBE }

    /** A kind of call's cost alone older than this is not compared with (the machine may have changed). */
    static final long REFERENCE_AGE_NANOS = 2_000_000_000L;
    private static final int KINDS = 64; // calls of distinct (body class, task count) remembered; more are not compared

    private final long windowNanos, minSoloNanos, maxSoloNanos, probeNanos, probeEveryNanos;
    private final double decay, crowdedShare;
    private final int quickWindows;

    private long windowWall, windowAlone;        // the window being filled: all calls
    private long windowPaired, windowReference;  // its calls with a recent cost alone: their wall time, and that cost
    private double wallSum, aloneSum, spanSum, spanAloneSum; // the judged windows, older ones weighing less: calls, and whole spans
    private long soloNanos;                      // the last solo period after a lag (0: none yet)
    private int windowsSinceSolo = Integer.MAX_VALUE;
    private long lastProbe = Long.MIN_VALUE / 2;
    private Verdict verdict = Verdict.PARALLEL;

    // the kinds of calls and their cost alone: open addressing on (class, tasks)
    private final Class<?>[] kindClass = new Class<?>[KINDS];
    private final int[] kindTasks = new int[KINDS];
    private final long[] kindAlone = new long[KINDS], kindStamp = new long[KINDS];

    LagPolicy(long windowNanos, long minSoloNanos, long maxSoloNanos, double decay, int quickWindows,
              double crowdedShare, long probeNanos, long probeEveryNanos) {
        if (!(decay >= 0 && decay < 1) || minSoloNanos <= 0 || maxSoloNanos < minSoloNanos || windowNanos <= 0 || quickWindows < 1
                || !(crowdedShare >= 0 && crowdedShare <= 1) || probeNanos <= 0 || probeEveryNanos < probeNanos) {
            throw new IllegalArgumentException("LagPolicy: need window > 0, 0 < min <= max solo, 0 <= decay < 1, quickWindows >= 1,"
                    + " 0 <= crowdedShare <= 1, 0 < probe <= probeEvery; got window " + windowNanos + ", solo " + minSoloNanos + ".."
                    + maxSoloNanos + ", decay " + decay + ", quickWindows " + quickWindows + ", crowdedShare " + crowdedShare
                    + ", probe " + probeNanos + " every " + probeEveryNanos);
        }
        this.windowNanos = windowNanos;
        this.minSoloNanos = minSoloNanos;
        this.maxSoloNanos = maxSoloNanos;
        this.decay = decay;
        this.quickWindows = quickWindows;
        this.crowdedShare = crowdedShare;
        this.probeNanos = probeNanos;
        this.probeEveryNanos = probeEveryNanos;
    }

    /** A call that could have had helpers ran on the caller alone ({@code kind}: its task body's class) and took {@code wall} ns. */
    void alone(Class<?> kind, int tasks, long wall, long now) {
        int slot = slot(kind, tasks, true);
        if (slot < 0) return;
        long old = kindAlone[slot];
        kindAlone[slot] = old == 0 || now - kindStamp[slot] > REFERENCE_AGE_NANOS ? wall : (3 * old + wall) / 4;
        kindStamp[slot] = now;
    }

    /**
     * Adds one parallel call to the window: {@code wall} ns from start to all tasks done,
     * {@code alone} ns the caller would have needed by itself at the speed it had in this call.
     *
     * @return true when the window is full: call {@link #judge} next
     */
    boolean add(Class<?> kind, int tasks, long wall, long alone, long now) {
        windowWall += wall;
        windowAlone += alone;
        int slot = slot(kind, tasks, false);
        if (slot >= 0 && kindAlone[slot] > 0 && now - kindStamp[slot] <= REFERENCE_AGE_NANOS) {
            windowPaired += wall;
            windowReference += kindAlone[slot];
        }
        return windowWall >= windowNanos;
    }

    /**
     * Judges the full window and starts the next.
     *
     * @param span       the caller's wall time over the window, its calls and what it did between them; 0 when unknown
     * @param onCpu      the share of the span the caller was on a processor, in (0, 1]; 1 when unknown
     * @param onCpuAlone that share during the last solo period, in (0, 1]; 1 when unknown
     * @return how long the next calls should run on the caller alone, in ns; 0 to go on in parallel
     *         (why: {@link #verdict()})
     */
    long judge(long span, double onCpu, double onCpuAlone, long now) {
        double share = onCpu > 0 && onCpu <= 1 ? onCpu : 1, shareAlone = onCpuAlone > 0 && onCpuAlone <= 1 ? onCpuAlone : 1;
        wallSum = wallSum * decay + windowWall;
        aloneSum = aloneSum * decay + windowAlone;
        // the calls fill most of the span: a span with long pauses (reading files, a student between cells) says nothing about them
        boolean dense = 2 * windowWall >= span;
        boolean compared = dense && span >= windowWall && 2 * windowPaired >= windowWall; // and most calls have a cost alone
        if (compared) {
            // alone: the paired calls at their cost alone, the others as they were, and the caller's own code
            // between the calls at the speed it gets alone (beside a busy neighbour it runs less of the time with helpers)
            double between = (span - windowWall) * Math.min(1, share / shareAlone);
            spanSum = spanSum * decay + span;
            spanAloneSum = spanAloneSum * decay + between + windowReference + (windowWall - windowPaired);
        }
        windowWall = windowAlone = windowPaired = windowReference = 0;
        if (windowsSinceSolo < Integer.MAX_VALUE) windowsSinceSolo++;
        boolean lag = wallSum > aloneSum || (compared && spanSum > spanAloneSum);
        if (!lag) {
            boolean crowded = dense && share < crowdedShare;
            if (crowded && !compared && now - lastProbe >= probeEveryNanos) {
                lastProbe = now;
                verdict = Verdict.PROBE;
                return probeNanos;
            }
            verdict = Verdict.PARALLEL;
            return 0;
        }
        soloNanos = soloNanos > 0 && windowsSinceSolo <= quickWindows ? Math.min(2 * soloNanos, maxSoloNanos) : minSoloNanos;
        wallSum = aloneSum = spanSum = spanAloneSum = 0; // after the solo period the helpers start with a clean slate
        windowsSinceSolo = 0;
        verdict = Verdict.LAG;
        return soloNanos;
    }

    /** What the last {@link #judge} decided. */
    Verdict verdict() {
        return verdict;
    }

    /** The slot of a kind of call, or -1 when it is not there (and not added, or the table is full). */
    private int slot(Class<?> kind, int tasks, boolean addIfMissing) {
        int h = (System.identityHashCode(kind) * 31 + tasks) & (KINDS - 1);
        for (int i = 0; i < KINDS; i++) {
            int s = (h + i) & (KINDS - 1);
            if (kindClass[s] == kind && kindTasks[s] == tasks) return s;
            if (kindClass[s] == null) {
                if (!addIfMissing) return -1;
                kindClass[s] = kind;
                kindTasks[s] = tasks;
                return s;
            }
        }
        return -1;
    }
}

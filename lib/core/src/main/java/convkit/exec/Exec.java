package convkit.exec;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An explicit thread budget for ConvKit's fast kernels: how many threads may work on one call,
 * and whether SIMD (the JDK's Vector API) may be used. There is no global setting; whoever calls
 * a fast kernel passes an {@code Exec}.
 *
 * <pre>{@code
 * Exec.defaults()            // one thread per available processor, SIMD when the module is present
 * Exec.threads(2)            // at most two threads
 * Exec.threads(1).scalar()   // one thread, plain Java loops (the fallback path)
 * }</pre>
 *
 * <p>How work is shared: a call is cut into tasks whose boundaries depend only on the problem,
 * never on the thread count. The caller takes tasks from the front, the helpers from the back, one
 * at a time, until they meet (small chunks, so a thread slowed by a busy neighbour process simply
 * takes fewer). Kernels number their tasks in memory order, so from call to call (layer to layer)
 * the caller tends to work on the first part of the batch and a helper on the last, each in its
 * own core's cache. Each task writes its own outputs, so 1, 2 or 4 threads give bit-identical results.
 *
 * <p>Helper threads: daemons shared by every {@code Exec} (as many as the largest budget asked
 * for, minus the caller), created on first use and ended after {@value #IDLE_SECONDS} seconds
 * without work. One parallel call runs at a time; a call made while another is running (from
 * another thread, or from inside a task) runs its tasks on its own thread. After a call a helper
 * keeps looking for the next one for {@value #SPIN_MICROS} microseconds before it parks: a
 * training step is dozens of calls of 20-500 us each, close together, and waking a parked thread
 * takes tens of microseconds here, which would leave the helpers out of the short calls.
 *
 * <p>A lagging helper: tasks nobody has started are taken by whoever comes next, so the caller
 * finishes everything a slow helper has not begun. A task a helper has begun cannot be taken back;
 * a helper that loses its core mid-task (a busy neighbour process) makes the caller wait for it.
 * So the caller keeps score ({@link LagPolicy}): over the last few windows of a few milliseconds
 * of parallel calls, their wall time against what the caller alone would have needed (all tasks
 * at its own speed per task). When the helpers made the calls slower than that, the calls run on
 * the caller alone for a while (a few milliseconds, doubling while the lag comes back at once,
 * up to {@value #MAX_SOLO_MILLIS} ms), then the helpers are tried again. One bad window among good
 * ones (the host holding a virtual processor back for a moment) does not count as lag. When the
 * caller itself gets a core less than {@value #CROWDED_SHARE} of the time (another busy process
 * shares the processors), its speed beside the helpers says little about its speed alone: the
 * calls then run alone for a short, timed probe, and later parallel calls are compared with what
 * each kind of call cost alone. The results do not change: each task computes the same thing
 * whoever runs it.
 * {@code -Dconvkit.lagcheck=false} switches this off.
 */
public final class Exec {
    /** Idle helpers end after this long, so a forgotten {@code Exec} leaves no threads behind. */
    static final int IDLE_SECONDS = 10;
    /** {@link #IDLE_SECONDS} in nanoseconds; tests shorten it. */
    static volatile long idleNanos = TimeUnit.SECONDS.toNanos(IDLE_SECONDS);
    /** How long a helper (or a caller waiting for helpers) spins before parking. */
    static final int SPIN_MICROS = 100;

    /** The first solo period after a lagging helper, and the longest one while the lag repeats. */
    static final long MIN_SOLO_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    static final int MAX_SOLO_MILLIS = 250;
    /** The helpers are judged over windows of at least this much wall time of parallel calls. */
    static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** How much less each older window weighs in the judgement (see {@link LagPolicy}): about the last 4 windows count. */
    static final double LAG_DECAY = 0.75;
    /** A lag within this many windows after a solo period doubles the next one (see {@link LagPolicy}). */
    static final int QUICK_LAG_WINDOWS = 4;
    /** A caller on a core less than this share of a window shares the processors with another busy thread (see {@link LagPolicy}). */
    static final double CROWDED_SHARE = 0.85;
    /** How long the calls run alone to measure what each costs alone, when the processors are crowded (at most once a second). */
    static final long PROBE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** {@code -Dconvkit.lagcheck=false} turns the lag detection off (for measuring what it does). */
    static final boolean LAG_CHECK = !"false".equals(System.getProperty("convkit.lagcheck"));
    /** Test hook: a helper sleeps this long after taking each task, as if it lost its core mid-task. */
    static volatile long helperDelayNanos;

    private static final Exec DEFAULTS = new Exec(Runtime.getRuntime().availableProcessors(), true);

    private final int threads;
    private final boolean simdAllowed;

    private Exec(int threads, boolean simdAllowed) {
        this.threads = threads;
        this.simdAllowed = simdAllowed;
    }

    /** One thread per available processor ({@link Runtime#availableProcessors()}), SIMD when available. */
    public static Exec defaults() {
        return DEFAULTS;
    }

    /** At most {@code n} threads per call (the calling thread counts as one). */
    public static Exec threads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Exec.threads(n): n is the number of threads and must be at least 1, got " + n);
        }
        return new Exec(n, true);
    }

    /** The same thread budget, computing with plain Java loops instead of the Vector API. */
    public Exec scalar() {
        return new Exec(threads, false);
    }

    /** The same SIMD choice with a single thread: for work that is already running inside a task. */
    public Exec single() {
        return threads == 1 ? this : new Exec(1, simdAllowed);
    }

    public int threads() {
        return threads;
    }

    /**
     * True when kernels use the Vector API: it was not switched off with {@link #scalar()} and the
     * JVM was started with {@code --add-modules jdk.incubator.vector}.
     */
    public boolean simd() {
        return simdAllowed && Simd.AVAILABLE;
    }

    /**
     * True when the JVM was started with {@code --add-modules jdk.incubator.vector}. A package with
     * vector loops of its own loads its Vector API classes only when this says yes (so the library
     * runs on a JVM without the module), as the matrix multiply does.
     */
    public static boolean vectorApi() {
        return Simd.AVAILABLE;
    }

    /**
     * Registers a package's vector loops with the warm-up and returns the switch they must ask
     * before each call: while it says false, run the plain loops instead (which must give the same
     * bits). {@code warmUp} is called with a number of calls per kernel (a hundred at a time,
     * several thousand in all, on a background thread or in {@link #warmUp()}); the switch says
     * true once a batch of calls allocates (next to) nothing, the sign that C2 has compiled the
     * loops (or, at the latest, after 2.5x the regular calls). Its calls should allocate nothing
     * but vector operations' results and a few scratch arrays. The first registration per {@code owner} counts. Without the
     * Vector API module, or with {@code -Dconvkit.warmup=false}, the switch always says true (the
     * vector loops from the first call, no warm-up); with {@code -Dconvkit.warmup=twins} always
     * false. The pooling, ReLU, row-copy and optimiser loops register when their classes load.
     */
    public static java.util.function.BooleanSupplier addWarmUp(Class<?> owner, java.util.function.IntConsumer warmUp) {
        return WarmUps.register(owner, null, warmUp);
    }

    /**
     * {@link #addWarmUp(Class, java.util.function.IntConsumer)} with a warm-up of the plain loops
     * too ({@code plainWarmUp}, called once, first, with a few thousand calls per loop): they then
     * run compiled, not interpreted, in a first real call that comes before the vector loops are warm.
     */
    public static java.util.function.BooleanSupplier addWarmUp(Class<?> owner, java.util.function.IntConsumer plainWarmUp,
                                                               java.util.function.IntConsumer warmUp) {
        return WarmUps.register(owner, plainWarmUp, warmUp);
    }

    /** Floats per vector of the preferred species, the width every vector loop of the library uses; only with {@link #vectorApi()}. */
    public static int vectorLanes() {
        if (!Simd.AVAILABLE) throw new IllegalStateException("vectorLanes: the Vector API module is not present (--add-modules jdk.incubator.vector)");
        return VectorGemmKernels.lanes();
    }

    /**
     * Gets the Vector API kernels JIT-compiled now, before a long run (training on thousands of
     * images): runs what is left of the warm-up (see {@link #addWarmUp}) on this thread and waits
     * for the part the background thread is running. Without it the library still starts fast
     * (plain loops with the same bits run until the background warm-up is done) but a long run
     * would share the cores with that warm-up for its first 1-2 s. Results do not change. Does
     * nothing when all is warm, without the Vector API module, or with
     * {@code -Dconvkit.warmup=false} or {@code twins}.
     *
     * @return whether anything was left to warm up
     */
    public static boolean warmUp() {
        Simd.kernels(true); // the matrix multiply's loops register on first use
        return WarmUps.runNow();
    }

    /**
     * A full garbage collection if G1 has grown the heap by more than a quarter past its initial
     * size (at most 3 per process, counting those of {@link #warmUp()}): shrinks it back, before
     * eden fills the new memory, so that a long run keeps its peak memory down. Cheap to call
     * between training steps (it reads the heap's size); results do not change.
     *
     * @return whether it collected
     */
    public static boolean shrinkHeapIfGrown() {
        return HeapGuard.check();
    }

    /**
     * Starts warming up all of the library's vector loops now, on the background thread (nice 19,
     * daemon, silent), instead of when each is first used: call it when you know a computation is
     * coming and the thread has something else to do meanwhile. Loading Fashion-MNIST does, so
     * that the warm-up runs on the other core while the files are read. Returns at once; results
     * do not change (see {@link #addWarmUp}). Does nothing without the Vector API module, with
     * {@code -Dconvkit.warmup=false} or {@code twins}, or when called before.
     */
    public static void warmUpInBackground() {
        WarmUps.startAll();
    }

    /** One unit of a parallel loop: {@code worker} is in {@code [0, threads())} and tells which scratch space to use. */
    @FunctionalInterface
    public interface Task {
        void run(int task, int worker);
    }

    /**
     * Runs {@code body(task, worker)} for every task in {@code [0, tasks)}, on up to
     * {@link #threads()} threads including the caller, and returns when all are done. Tasks may
     * run in any order and on any thread; a task must only write outputs that no other task
     * writes. The first exception thrown by a task is rethrown here after all tasks ended.
     */
    public void forEach(int tasks, Task body) {
        if (WarmUps.overdue() && !Helpers.BUSY.get()) WarmUps.runOnePiece(); // a long computation finishes the warm-up itself (same bits either way)
        int workers = Math.min(threads, tasks);
        if (workers <= 1 || !Helpers.BUSY.compareAndSet(false, true)) {
            for (int t = 0; t < tasks; t++) body.run(t, 0);
            return;
        }
        if (Lag.solo()) { // a call that could have had helpers runs alone: its time is what this kind of call costs alone
            try {
                long start = System.nanoTime();
                for (int t = 0; t < tasks; t++) body.run(t, 0);
                Lag.observeAlone(body, tasks, System.nanoTime() - start);
            } finally {
                Helpers.BUSY.set(false);
            }
            return;
        }
        Job job = new Job(tasks, workers, body, Thread.currentThread());
        try {
            Helpers.post(job);
            long start = System.nanoTime();
            int mine = job.work(0);
            long worked = System.nanoTime();
            job.awaitDone();
            Lag.observe(body, tasks, mine, worked - start, System.nanoTime() - worked);
        } finally {
            Helpers.posted = null;
            Helpers.BUSY.set(false);
        }
        if (job.failure != null) {
            if (job.failure instanceof RuntimeException) throw (RuntimeException) job.failure;
            if (job.failure instanceof Error) throw (Error) job.failure;
            throw new IllegalStateException(job.failure);
        }
    }

    /** One call of {@link #forEach}: the tasks not yet taken are [front, back), both in one word; another counter counts finished ones. */
    private static final class Job {
        final java.util.concurrent.atomic.AtomicLong ends;
        final AtomicInteger done = new AtomicInteger();
        final int tasks, workers;
        final Task body;
        final Thread caller;
        volatile Throwable failure;

        Job(int tasks, int workers, Task body, Thread caller) {
            this.tasks = tasks;
            this.workers = workers;
            this.body = body;
            this.caller = caller;
            this.ends = new java.util.concurrent.atomic.AtomicLong(tasks & 0xFFFFFFFFL); // front 0, back tasks
        }

        /** The next task: the caller (worker 0) takes the first one left, a helper the last; -1 when none is left. */
        private int take(int worker) {
            while (true) {
                long s = ends.get();
                int front = (int) (s >>> 32), back = (int) s;
                if (front >= back) return -1;
                long taken = worker == 0 ? ((long) (front + 1) << 32) | (back & 0xFFFFFFFFL) : ((long) front << 32) | ((back - 1) & 0xFFFFFFFFL);
                if (ends.compareAndSet(s, taken)) return worker == 0 ? front : back - 1;
            }
        }

        /**
         * Runs tasks until none is left; returns how many this thread ran.
         * The finished ones are counted once, at the end (one shared write per thread, not per task).
         */
        int work(int worker) {
            int ran = 0;
            for (int t = take(worker); t >= 0; t = take(worker)) {
                try {
                    if (worker > 0 && helperDelayNanos > 0) LockSupport.parkNanos(helperDelayNanos);
                    body.run(t, worker);
                } catch (Throwable e) {
                    if (failure == null) failure = e;
                }
                ran++;
            }
            if (ran > 0 && done.addAndGet(ran) == tasks) LockSupport.unpark(caller);
            return ran;
        }

        /** The caller, out of tasks itself, waits for those the helpers took: spin briefly, then park. */
        void awaitDone() {
            long spinEnd = System.nanoTime() + SPIN_MICROS * 1000L;
            while (done.get() < tasks) {
                if (System.nanoTime() < spinEnd) Thread.onSpinWait();
                else LockSupport.park(this); // the last finisher unparks us
            }
        }
    }

    /**
     * Lag detection, shared like the helpers. Written only by the thread that holds
     * {@code Helpers.BUSY} (one parallel call at a time), read by any caller.
     */
    static final class Lag {
        static volatile long soloUntil;                 // System.nanoTime() before which calls run on the caller alone
        static final AtomicInteger LAGS = new AtomicInteger(); // how often lag was seen, for tests
        private static LagPolicy policy = newPolicy();
        // The stretch of the caller's time the current window covers: where it started on the wall
        // clock and the caller's CPU clock, the caller's waits in it, and whose it is (null: none yet).
        private static Thread spanThread;
        private static long spanStart, cpuFrom, spanCpu, spanWaited;
        // The same for the current solo period (from its first call), and the caller's share of a core in the last one.
        private static Thread soloThread;
        private static long soloStart, soloCpu;
        private static double onCpuAlone = 1;
        private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

        private static LagPolicy newPolicy() {
            return new LagPolicy(WINDOW_NANOS, MIN_SOLO_NANOS, TimeUnit.MILLISECONDS.toNanos(MAX_SOLO_MILLIS), LAG_DECAY, QUICK_LAG_WINDOWS,
                    CROWDED_SHARE, PROBE_NANOS, TimeUnit.SECONDS.toNanos(1));
        }

        static boolean solo() {
            long until = soloUntil;
            return until != 0 && System.nanoTime() - until < 0;
        }

        /** A call that could have had helpers ran alone (a solo period) in {@code wall} ns. */
        static void observeAlone(Task body, int tasks, long wall) {
            if (!LAG_CHECK) return;
            long now = System.nanoTime();
            policy.alone(body.getClass(), tasks, wall, now);
            if (soloThread == null) { // the solo period's first call: the caller's share of a core alone is measured from here
                soloThread = Thread.currentThread();
                soloStart = now;
                soloCpu = cpuTime();
            }
        }

        /** After a parallel call of {@code tasks} tasks: the caller ran {@code mine} of them in {@code worked} ns, then waited {@code waited} ns. */
        static void observe(Task body, int tasks, int mine, long worked, long waited) {
            if (!LAG_CHECK) return;
            long wall = worked + waited;
            long alone = mine > 0 ? (long) ((double) worked / mine * tasks) : wall; // no task of its own: no estimate, count it even
            Thread me = Thread.currentThread();
            long now = System.nanoTime();
            if (soloThread != null) { // the first parallel call after a solo period: how much of a core the caller had alone
                long cpu = cpuTime();
                if (soloThread == me && cpu >= 0 && soloCpu >= 0 && now > soloStart) {
                    onCpuAlone = Math.min(1, (double) (cpu - soloCpu) / (now - soloStart));
                }
                soloThread = null;
            }
            if (spanThread != me) { // the window's first call (or another caller's): the CPU share is measured from its end
                spanThread = me;
                spanStart = now - wall;
                cpuFrom = now;
                spanCpu = cpuTime();
                spanWaited = 0;
            } else {
                spanWaited += waited;
            }
            if (!policy.add(body.getClass(), tasks, wall, alone, now)) return;
            long cpu = cpuTime();
            long running = now - cpuFrom - spanWaited; // less the caller's waits for helpers (parked, it is off a core by choice)
            double onCpu = cpu >= 0 && spanCpu >= 0 && running > 0 ? (double) (cpu - spanCpu) / running : 1;
            long solo = policy.judge(now - spanStart, onCpu, onCpuAlone, now);
            spanStart = cpuFrom = now;
            spanCpu = cpu;
            spanWaited = 0;
            if (solo == 0) return;
            spanThread = null; // the next span starts after the solo period
            soloUntil = now + solo;
            if (policy.verdict() == LagPolicy.Verdict.LAG) LAGS.incrementAndGet(); // a probe is not a lag
        }

        /** The calling thread's CPU time in ns, or -1 where the JVM does not measure it. */
        private static long cpuTime() {
            try {
                return CPU.getCurrentThreadCpuTime();
            } catch (UnsupportedOperationException e) {
                return -1;
            }
        }

        /** Forgets past lag (tests). */
        static synchronized void reset() {
            soloUntil = 0;
            policy = newPolicy();
            spanThread = soloThread = null;
            onCpuAlone = 1;
        }
    }

    /** The helper threads, shared by all instances; helper i is worker i + 1 of any job that has that many workers. */
    private static final class Helpers {
        static final AtomicBoolean BUSY = new AtomicBoolean(); // a job is running
        static volatile Job posted;                             // that job, for the helpers to join
        private static Helper[] helpers = new Helper[0];        // guarded by Helpers.class
        private static final AtomicInteger IDS = new AtomicInteger();

        /** Publishes the job and wakes (or starts) the helpers it can use. */
        static void post(Job job) {
            Helper[] wake;
            synchronized (Helpers.class) {
                posted = job;
                if (helpers.length < job.workers - 1) helpers = java.util.Arrays.copyOf(helpers, job.workers - 1);
                for (int i = 0; i < job.workers - 1; i++) {
                    if (helpers[i] == null) helpers[i] = Helper.start(i + 1);
                }
                wake = helpers;
            }
            for (int i = 0; i < job.workers - 1; i++) {
                Helper h = wake[i];
                if (h != null && h.parked) LockSupport.unpark(h.thread);
            }
        }

        /** Called by an idle helper: leaves (true) unless a job came in meanwhile. */
        static synchronized boolean retire(Helper h, Job last) {
            Job j = posted;
            if (j != null && j != last && h.worker < j.workers) return false;
            if (h.worker - 1 < helpers.length && helpers[h.worker - 1] == h) helpers[h.worker - 1] = null;
            return true;
        }
    }

    private static final class Helper implements Runnable {
        final int worker;
        Thread thread;
        volatile boolean parked;

        private Helper(int worker) {
            this.worker = worker;
        }

        static Helper start(int worker) {
            Helper h = new Helper(worker);
            h.thread = new Thread(h, "convkit-exec-" + worker + "-" + Helpers.IDS.incrementAndGet());
            h.thread.setDaemon(true);
            h.thread.start();
            return h;
        }

        @Override
        public void run() {
            Job last = null;
            while (true) {
                Job j = next(last);
                if (j == null) {
                    if (Helpers.retire(this, last)) return;
                    continue;
                }
                last = j;
                j.work(worker);
            }
        }

        /** The next job this helper may join: spin, then park; null after IDLE_SECONDS without one. */
        private Job next(Job last) {
            long spinEnd = System.nanoTime() + SPIN_MICROS * 1000L;
            while (System.nanoTime() < spinEnd) {
                Job j = Helpers.posted;
                if (j != null && j != last && worker < j.workers) return j;
                Thread.onSpinWait();
            }
            long idleEnd = System.nanoTime() + idleNanos;
            while (true) {
                parked = true; // set before the last look, so a job posted after it finds us parked and unparks us
                Job j = Helpers.posted;
                if (j != null && j != last && worker < j.workers) {
                    parked = false;
                    return j;
                }
                long left = idleEnd - System.nanoTime();
                if (left <= 0) {
                    parked = false;
                    return null;
                }
                LockSupport.parkNanos(this, left);
                parked = false;
            }
        }
    }

    @Override
    public String toString() {
        return "Exec(threads=" + threads + ", " + (simd() ? "simd " + Simd.describe() : "scalar") + ")";
    }
}

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
 * never on the thread count. Threads take the next task from a shared counter (small chunks, so a
 * thread slowed by a busy neighbour process simply takes fewer). Each task writes its own outputs,
 * so 1, 2 or 4 threads give bit-identical results.
 *
 * <p>Helper threads: daemons shared by every {@code Exec} (as many as the largest budget asked
 * for, minus the caller), created on first use and ended after {@value #IDLE_SECONDS} seconds
 * without work. One parallel call runs at a time; a call made while another is running (from
 * another thread, or from inside a task) runs its tasks on its own thread. After a call a helper
 * keeps looking for the next one for {@value #SPIN_MICROS} microseconds before it parks: a
 * training step is dozens of calls of 20-500 us each, close together, and waking a parked thread
 * takes tens of microseconds here, which would leave the helpers out of the short calls.
 */
public final class Exec {
    /** Idle helpers end after this long, so a forgotten {@code Exec} leaves no threads behind. */
    static final int IDLE_SECONDS = 10;
    /** {@link #IDLE_SECONDS} in nanoseconds; tests shorten it. */
    static volatile long idleNanos = TimeUnit.SECONDS.toNanos(IDLE_SECONDS);
    /** How long a helper (or a caller waiting for helpers) spins before parking. */
    static final int SPIN_MICROS = 100;

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
     * bits). {@code warmUp} is called with a number of calls per kernel (a few hundred at a time,
     * several thousand in all, on a background thread or in {@link #warmUp()}); once every call is
     * done the switch says true. The first registration per {@code owner} counts. Without the
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
        Job job = new Job(tasks, workers, body, Thread.currentThread());
        try {
            Helpers.post(job);
            job.work(0);
            job.awaitDone();
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

    /** One call of {@link #forEach}: a shared counter hands out tasks, another counts finished ones. */
    private static final class Job {
        final AtomicInteger next = new AtomicInteger();
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
        }

        void work(int worker) {
            for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                try {
                    body.run(t, worker);
                } catch (Throwable e) {
                    if (failure == null) failure = e;
                }
                if (done.incrementAndGet() == tasks) LockSupport.unpark(caller);
            }
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

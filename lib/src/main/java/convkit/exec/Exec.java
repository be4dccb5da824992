package convkit.exec;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
 * thread slowed by a busy neighbour process simply takes fewer), and idle threads park instead of
 * spinning. Each task writes its own outputs, so 1, 2 or 4 threads give bit-identical results.
 *
 * <p>Helper threads are daemons created on first use and ended after {@value #IDLE_SECONDS}
 * seconds without work. Keep one {@code Exec} per training run rather than one per call.
 */
public final class Exec {
    /** Idle helpers end after this long, so a forgotten {@code Exec} leaves no threads behind. */
    static final int IDLE_SECONDS = 10;

    private static final Exec DEFAULTS = new Exec(Runtime.getRuntime().availableProcessors(), true);
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final int threads;
    private final boolean simdAllowed;
    private volatile ThreadPoolExecutor helpers;

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
        int workers = Math.min(threads, tasks);
        if (workers <= 1) {
            for (int t = 0; t < tasks; t++) body.run(t, 0);
            return;
        }
        Job job = new Job(tasks, body, Thread.currentThread());
        ThreadPoolExecutor pool = pool();
        for (int w = 1; w < workers; w++) {
            int worker = w;
            pool.execute(() -> job.work(worker));
        }
        job.work(0);
        while (job.done.get() < tasks) LockSupport.park(job); // the last finisher unparks us
        if (job.failure != null) {
            if (job.failure instanceof RuntimeException) throw (RuntimeException) job.failure;
            if (job.failure instanceof Error) throw (Error) job.failure;
            throw new IllegalStateException(job.failure);
        }
    }

    private ThreadPoolExecutor pool() {
        ThreadPoolExecutor p = helpers;
        if (p == null) {
            synchronized (this) {
                p = helpers;
                if (p == null) {
                    int id = POOL_IDS.incrementAndGet();
                    AtomicInteger count = new AtomicInteger();
                    ThreadFactory factory = r -> {
                        Thread t = new Thread(r, "convkit-exec-" + id + "-" + count.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    };
                    // Idle helpers wait in the queue's take(), which parks: no spinning.
                    p = new ThreadPoolExecutor(threads - 1, threads - 1, IDLE_SECONDS, TimeUnit.SECONDS,
                            new LinkedBlockingQueue<>(), factory);
                    p.allowCoreThreadTimeOut(true);
                    helpers = p;
                }
            }
        }
        return p;
    }

    /** One call of {@link #forEach}: a shared counter hands out tasks, another counts finished ones. */
    private static final class Job {
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final int tasks;
        final Task body;
        final Thread caller;
        volatile Throwable failure;

        Job(int tasks, Task body, Thread caller) {
            this.tasks = tasks;
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
    }

    @Override
    public String toString() {
        return "Exec(threads=" + threads + ", " + (simd() ? "simd " + Simd.describe() : "scalar") + ")";
    }
}

package convkit.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * When the Vector API kernels take over from their plain twins (issue 20: fast from the first call).
 *
 * <p>Every vector loop of the library has a plain-Java twin that gives the same bits (the matrix
 * multiply's is {@link TwinGemmKernels}; ReLU, pooling, the row copy and the optimisers have had
 * plain loops with the same bits all along). Interpreted, or before C2 has compiled it, a vector
 * loop is ~30-1000x slower than its twin; compiled, it is several times faster. So each group of
 * vector loops (an "owner": the matrix multiply, or a package that registered with
 * {@link Exec#addWarmUp}) starts on its twins, and switches to its vector loops once they have
 * been warmed up: called on tiny inputs, in chunks, until a chunk allocates (next to) nothing,
 * the sign that C2 has compiled them the ordinary way (see {@link VectorWarmUp} and {@link
 * Owner#runChunk}); about {@link VectorWarmUp#CALLS} calls, at most 2.5x as many.
 *
 * <p>The warm-up runs on a background daemon thread ({@code convkit-warmup}) that starts when the
 * library's fast kernels are first used, at the lowest scheduling priority the process may give
 * itself (nice 19, best effort), so that it uses the time a student spends reading and typing and
 * yields the cores to their own computation. It prints nothing. {@link Exec#warmUp()} (the trainer
 * before a long run) does what is left on the calling thread and waits until it is all done.
 * Because the twins give the same bits, results never depend on which ran, or on timing.
 *
 * <p>{@code -Dconvkit.warmup=false}: no warm-up, the vector loops from the first call (as before
 * the twins existed; slow first calls). {@code -Dconvkit.warmup=twins}: no warm-up and never the
 * vector loops (for tests and comparisons).
 */
final class WarmUps {
    private WarmUps() {}

    /** What {@code -Dconvkit.warmup} asks for. */
    enum Mode {
        /** twins first, warm-up in the background, then the vector loops (the default; also "true") */
        BACKGROUND,
        /** no warm-up, the vector loops from the first call ("false") */
        OFF,
        /** no warm-up, the twins always ("twins") */
        TWINS;

        static Mode of(String value) {
            if (value == null || value.isEmpty() || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("background")) return BACKGROUND;
            if (value.equalsIgnoreCase("false")) return OFF;
            if (value.equalsIgnoreCase("twins")) return TWINS;
            // a speed setting: a typo must not stop a student's work, nor print into their notebook
            return BACKGROUND;
        }
    }

    /** Read once: whether a computation may switch kernels must not change while it runs. */
    static final Mode MODE = Mode.of(System.getProperty("convkit.warmup"));

    /** Calls per chunk: an owner's warm-up is cut into chunks so that {@link #runNow()} can take over the rest. */
    static final int CHUNKS = 80;

    /**
     * Calls per plain loop in the first stage: past C1's threshold (200 calls with tiered
     * compilation), so that a first real call runs them compiled, while the stage stays short
     * (~0.1 s): C2 compiles them later, from the real calls.
     */
    static final int PLAIN_CALLS = 1_500;

    /** One group of vector loops, their plain twins, and their warm-ups. */
    static final class Owner implements BooleanSupplier {
        final Class<?> owner;
        final IntConsumer plainWarmUp, warmUp;
        final AtomicInteger claimed = new AtomicInteger(), done = new AtomicInteger();
        /** The most bytes one chunk of this owner allocated (see {@link #quiet}). */
        final java.util.concurrent.atomic.AtomicLong most = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicBoolean plainClaimed = new java.util.concurrent.atomic.AtomicBoolean();
        volatile boolean ready;

        Owner(Class<?> owner, IntConsumer plainWarmUp, IntConsumer warmUp) {
            this.owner = owner;
            this.plainWarmUp = plainWarmUp;
            this.warmUp = warmUp;
        }

        /** The first stage, once: the plain loops compiled, so that a first real call does not run them interpreted. */
        boolean runPlain() {
            if (plainWarmUp == null || plainClaimed.getAndSet(true)) return false;
            try {
                plainWarmUp.accept(PLAIN_CALLS);
            } catch (RuntimeException | LinkageError e) {
                // only a speed-up
            }
            return true;
        }

        /** True once the vector loops are warm (or when they are used from the start, {@link Mode#OFF}). */
        @Override
        public boolean getAsBoolean() {
            return ready;
        }

        /**
         * Runs one chunk if one is left; false when there is none. The first {@link #CHUNKS} are
         * the regular ones; with {@code extra}, up to {@link #MAX_CHUNKS} for an owner whose
         * loops are still not compiled by then (see {@link #quiet}).
         */
        boolean runChunk(int calls, boolean extra, boolean mayPause) {
            if (ready || (!extra && claimed.get() >= CHUNKS)) return false;
            int index = claimed.getAndIncrement();
            if (index >= MAX_CHUNKS) return false;
            boolean quiet = false;
            try {
                long before = Allocation.bytes();
                warmUp.accept(calls / CHUNKS);
                long bytes = Allocation.bytes() - before;
                for (long m = most.get(); bytes > m && !most.compareAndSet(m, bytes); m = most.get()) {
                    // another thread's chunk raised it meanwhile: compare again
                }
                quiet = before >= 0 && quiet(bytes, most.get());
            } catch (RuntimeException | LinkageError e) {
                // only a speed-up: the vector loops give the same bits warm or not, so they are used anyway
            } finally {
                int finished = done.incrementAndGet();
                if ((quiet && index >= MIN_CHUNKS) || finished >= (Allocation.KNOWN ? MAX_CHUNKS : CHUNKS)) ready = true;
            }
            if (mayPause && !ready && index >= CHUNKS) pause(); // waiting for the compiler thread: leave it the core
            return true;
        }

        /** True while chunks are left for this owner. */
        boolean unfinished() {
            return !ready && claimed.get() < MAX_CHUNKS;
        }
    }

    /**
     * Chunks an owner runs at least. A chunk that allocates nothing (see {@link #quiet}) before C2
     * can have compiled anything (thousands of calls) runs no vector code at all: nothing to wait for.
     */
    static final int MIN_CHUNKS = CHUNKS / 2;
    /**
     * Chunks at most, when the vector loops still allocate after the regular {@link #CHUNKS}: C2
     * had no time for them yet (a busy machine: each extra chunk is followed by a short sleep that
     * leaves it the core), or a loop it does not turn into vector code. Vector code that runs
     * before C2 has compiled it is ~100x slower than its twin, so a long computation is better off
     * waiting here; past this the vector loops are switched on anyway (as before this rule).
     */
    static final int MAX_CHUNKS = CHUNKS * 5 / 2;

    /**
     * Whether a chunk that allocated {@code bytes} ran compiled vector code, when the owner's
     * chunks allocated {@code most} at most. Interpreted or compiled by C1, each vector operation
     * allocates its result (tens of KB per warm-up call); C2's vector code allocates nothing, apart
     * from the warm-ups' own scratch arrays (once per chunk) and the few operations C2 does not
     * turn into vector instructions (JDK 17's gathers with index checks, in a max-pooling loop:
     * ~1 KB a call). So a chunk counts as compiled when it allocated little, or under 1/32 of the
     * owner's most: at that point C2 has compiled every loop it ran.
     */
    static boolean quiet(long bytes, long most) {
        return bytes >= 0 && (bytes <= QUIET_BYTES || bytes <= most / 32);
    }

    /** Bytes a chunk may allocate and still count as {@link #quiet}: the warm-ups' scratch arrays. */
    static final long QUIET_BYTES = 64 * 1024;

    /** A short sleep between the extra chunks. */
    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Bytes allocated by the current thread (HotSpot's counter); loaded on a warm-up thread, on first use. */
    static final class Allocation {
        private static final com.sun.management.ThreadMXBean BEAN = bean();
        /** Whether the counter works here; without it an owner is warm after its regular chunks, as before. */
        static final boolean KNOWN = BEAN != null;

        private Allocation() {}

        private static com.sun.management.ThreadMXBean bean() {
            try {
                java.lang.management.ThreadMXBean b = java.lang.management.ManagementFactory.getThreadMXBean();
                if (!(b instanceof com.sun.management.ThreadMXBean)) return null;
                com.sun.management.ThreadMXBean hs = (com.sun.management.ThreadMXBean) b;
                if (!hs.isThreadAllocatedMemorySupported() || !hs.isThreadAllocatedMemoryEnabled() || hs.getCurrentThreadAllocatedBytes() < 0) return null;
                return hs;
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
        }

        static long bytes() {
            return BEAN == null ? -1 : BEAN.getCurrentThreadAllocatedBytes();
        }
    }

    /** Fixed switches (classes, not lambdas: a lambda's first use costs a few ms at start-up). */
    private static final class Fixed implements BooleanSupplier {
        private final boolean value;

        Fixed(boolean value) {
            this.value = value;
        }

        @Override
        public boolean getAsBoolean() {
            return value;
        }
    }

    private static final BooleanSupplier ALWAYS = new Fixed(true), NEVER = new Fixed(false);
    private static final Map<Class<?>, Owner> OWNERS = new LinkedHashMap<>(); // guarded by WarmUps.class
    private static Thread background;                                            // guarded by WarmUps.class

    /**
     * Registers a group of vector loops (the first registration per owner counts) and returns the
     * switch its kernels ask before each call: false while the twins should run.
     */
    static BooleanSupplier register(Class<?> owner, IntConsumer plainWarmUp, IntConsumer warmUp) {
        if (owner == null || warmUp == null) throw new IllegalArgumentException("Exec.addWarmUp: owner and warmUp must not be null");
        if (!Simd.AVAILABLE || MODE == Mode.OFF) return ALWAYS;
        if (MODE == Mode.TWINS) return NEVER;
        Owner o;
        synchronized (WarmUps.class) {
            o = OWNERS.get(owner);
            if (o == null) OWNERS.put(owner, o = new Owner(owner, plainWarmUp, warmUp));
        }
        startInBackground();
        return o;
    }

    /** The owners registered so far, in order. */
    static synchronized List<Owner> owners() {
        return new ArrayList<>(OWNERS.values());
    }

    /** Starts the background thread unless it is running or there is nothing left to warm up. */
    static void startInBackground() {
        if (!Simd.AVAILABLE || MODE != Mode.BACKGROUND) return;
        synchronized (WarmUps.class) {
            if (background != null || !work()) return;
            startThread();
        }
    }

    /** Starts the background thread. Caller holds the lock. */
    private static void startThread() {
        Thread t = new Thread(new Runnable() { // not a lambda: see Fixed
            @Override
            public void run() {
                background();
            }
        }, "convkit-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY); // ignored by the JVM on Linux by default; the nice value below is what counts
        background = t;
        t.start();
    }

    /**
     * The library's vector loops outside this package, by the class whose loading registers them
     * (the matrix multiply's own come first). Named rather than referenced, so that this package
     * still depends on none above it; {@code WarmUpOwnersTest} checks the list against every
     * {@code Exec.addWarmUp} call in the sources.
     */
    static final List<String> LIBRARY_LOOPS = List.of(
            "convkit.nn.ReluLoops", "convkit.pool.MaxPool2x2", "convkit.conv.RowCopy", "convkit.train.OptimizerSteps",
            "convkit.nn.Sequential"); // Sequential registers ModelWarmUp, the layers' own code

    /**
     * {@link Exec#warmUpInBackground()}: the background thread, started now, first registers every
     * group of the library's loops (loading their classes there, not on the caller's thread), then
     * warms them up as usual.
     */
    static void startAll() {
        if (!Simd.AVAILABLE || MODE != Mode.BACKGROUND || allRequested) return;
        allRequested = true;
        synchronized (WarmUps.class) {
            if (background != null) return; // running: it registers the rest when it looks for more work
            startThread();
        }
    }

    /** Set by {@link #startAll}: the background thread registers the library's loops before its first chunk. */
    private static volatile boolean allRequested;
    private static boolean allRegistered; // only the background thread reads and writes it

    /** Loads the classes of {@link #LIBRARY_LOOPS} (and the matrix multiply's), once; a missing one is skipped. Never under the lock. */
    private static void registerAll() {
        if (!allRequested || allRegistered) return;
        allRegistered = true;
        Simd.kernels(true); // the matrix multiply: registers on first use
        ClassLoader loader = WarmUps.class.getClassLoader();
        for (String name : LIBRARY_LOOPS) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // only a speed-up: that group warms up when it is first used
            }
        }
        registeredByList = owners().size();
    }

    /** How many groups were registered when {@link #registerAll} was done, before any warm-up ran (for a test). */
    static volatile int registeredByList = -1;

    /** True while a chunk of some owner is unclaimed. Caller holds the lock. */
    private static boolean work() {
        for (Owner o : OWNERS.values()) if (o.unfinished()) return true;
        return false;
    }

    /**
     * How long the background thread started by a first use waits before it does anything: a
     * first call shorter than that (a 28x28 correlate: ~5 ms) runs alone. Started at once, the
     * thread (its renice, the management classes, the compilations its plain stage queues before
     * the caller's) took a first correlate from 7 to 11 ms (medians of 10 fresh JVMs with class-data
     * sharing, 2 cores). A student reads for seconds after a first cell; a long first computation
     * gets its warm-up 30 ms later. {@link Exec#warmUpInBackground()} starts without waiting.
     */
    static final long GRACE_MILLIS = 30;

    private static void background() {
        if (!allRequested) {
            try {
                Thread.sleep(GRACE_MILLIS);
            } catch (InterruptedException e) {
                // nobody interrupts this daemon thread; if someone does, it starts now
            }
        }
        registerAll();
        if (PLAIN_FIRST) while (runOnePlain()) {
            // next owner's plain stage
        }
        lowerPriority();
        if (!c2()) { // the vector loops would never be compiled to vector code: keep the twins, warm them up only
            noVector = true;
            for (Owner o : owners()) o.runPlain();
            Simd.TwinHolder.KERNELS.rowLoopsCompiled = false; // C1's row loops are slower than its scalar tiles
            synchronized (WarmUps.class) {
                background = null;
            }
            return;
        }
        while (true) {
            while (runOneChunk(true)) {
                // next chunk
            }
            registerAll(); // warmUpInBackground() called while this thread ran
            synchronized (WarmUps.class) { // a registration that came in meanwhile is taken here, or starts a new thread
                if (!work()) {
                    background = null;
                    return;
                }
            }
        }
    }

    /**
     * Whether C2 will compile this JVM's hot methods. Without it (C1 only: {@code
     * -XX:TieredStopAtLevel=1}, as the graders' executor JVM runs; or {@code -Xint}) Vector API code
     * stays ~100x slower than the plain twins forever, so the vector loops are never switched on.
     * Asked on the background thread: the management classes take ~50 ms to load.
     */
    private static boolean c2() {
        synchronized (C2_LOCK) { // not WarmUps.class: a registration must not wait for the management classes to load
            if (c2 == null) c2 = askC2();
            return c2;
        }
    }

    private static final Object C2_LOCK = new Object();
    private static Boolean c2; // guarded by C2_LOCK

    private static boolean askC2() {
        try {
            if (System.getProperty("java.vm.info", "").contains("interpreted")) return false;
            com.sun.management.HotSpotDiagnosticMXBean vm =
                    java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            boolean tiered = Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue());
            int stop = Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue());
            return !tiered || stop >= 4;
        } catch (RuntimeException | LinkageError e) {
            return true; // not HotSpot, or no management: assume the usual JIT
        }
    }

    /** Set when {@link #c2()} said no: the twins stay, nothing is overdue. */
    private static volatile boolean noVector;

    /** Plain stages before the background thread lowers its priority (default); {@code -Dconvkit.plainfirst=false}: after (the old order, for comparisons). */
    static final boolean PLAIN_FIRST = !"false".equals(System.getProperty("convkit.plainfirst"));

    /**
     * Runs the plain stage of the first owner that has not had it, the matrix multiply's first
     * (most of a network's time; ~20-40 ms); false if none is left.
     */
    private static boolean runOnePlain() {
        List<Owner> all = owners();
        if (GEMM_FIRST) {
            Simd.kernels(true); // registers the matrix multiply if nothing has used it yet
            all = owners();
            for (Owner o : all) {
                if (o.owner == Gemm.class && o.runPlain()) return true;
            }
        }
        for (Owner o : all) {
            if (o.runPlain()) return true;
        }
        return false;
    }

    static final boolean GEMM_FIRST = !"false".equals(System.getProperty("convkit.gemmfirst"));

    /** Runs the next unclaimed piece of work: every owner's plain stage first, then the vector chunks in registration order; false if there was none. */
    private static boolean runOneChunk(boolean mayPause) {
        List<Owner> all = owners();
        for (Owner o : all) {
            if (o.runPlain()) return true;
        }
        // before the first vector chunk, on a warm-up thread (the background one runs at nice 19 by now);
        // a computation finishing an overdue warm-up does not wait for it
        if (mayPause) JitAdvice.apply();
        for (Owner o : all) {
            if (o.runChunk(VectorWarmUp.CALLS, false, mayPause)) return true;
        }
        for (Owner o : all) { // the regular chunks are all taken: more for a group whose loops still allocate
            if (o.runChunk(VectorWarmUp.CALLS, true, mayPause)) return true;
        }
        return false;
    }

    /** Nanoseconds spent in twin matrix multiplies so far (see {@link #overdue}). */
    private static final java.util.concurrent.atomic.AtomicLong TWIN_NANOS = new java.util.concurrent.atomic.AtomicLong();
    /** After this much time on the twins, the computation itself finishes the warm-up (see {@link #overdue}). */
    static final long OVERDUE_NANOS = TimeUnit.MILLISECONDS.toNanos(500); // 1.5 s when the twins were ~3x slower: about the same number of calls
    private static volatile boolean allReady;

    /** Counts time spent in the twins (the matrix multiply's: most of a network's time). */
    static void twinTime(long nanos) {
        TWIN_NANOS.addAndGet(nanos);
    }

    /**
     * True when the twins have run for {@link #OVERDUE_NANOS} in all and the warm-up is still not
     * done: the background thread, at nice 19, got no core because this process (or another) kept
     * both busy. A long computation then does the rest of the warm-up itself, one chunk (1/16 of an
     * owner's calls) per parallel call, so the cost (1-2 s in all) is spread over many calls (the
     * rule of renting skis until their price is spent), rather than run on the twins, several
     * times slower than warm vector kernels, for as long as it lasts.
     */
    static boolean overdue() {
        if (allReady || noVector || MODE != Mode.BACKGROUND || TWIN_NANOS.get() < OVERDUE_NANOS) return false;
        for (Owner o : owners()) if (!o.ready) return true;
        allReady = true;
        return false;
    }

    /** One piece of what is left, on this thread: what {@link Exec#forEach} does while the warm-up is {@link #overdue}. */
    static void runOnePiece() {
        runOneChunk(false);
    }

    /**
     * {@link Exec#warmUp()}: runs every chunk not yet claimed on this thread, then waits for those
     * the background thread is running. Returns whether there was anything left to do.
     */
    static boolean runNow() {
        if (!Simd.AVAILABLE || MODE != Mode.BACKGROUND || noVector || !c2()) return false;
        JitAdvice.applyInBackground(); // overlaps the plain stages below
        boolean any = false;
        HeapGuard.check(); // grown already (a data set's loading garbage, the background warm-up's)
        while (runOneChunk(true)) {
            any = true;
            HeapGuard.check(); // the heap grown for the warm-up's garbage: shrink it before eden fills it (see HeapGuard)
        }
        for (Owner o : owners()) {
            while (!o.ready) {
                any = true;
                try {
                    TimeUnit.MILLISECONDS.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return any;
                }
            }
        }
        return any;
    }

    /**
     * Nice 19 for this thread (Linux: {@code renice} on its thread id; a thread may always lower its
     * own priority). Best effort and silent: without /proc or renice the thread runs at normal priority.
     */
    private static void lowerPriority() {
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self")); // "<pid>/task/<tid>"
            String tid = self.getFileName().toString();
            if (!tid.chars().allMatch(Character::isDigit)) return;
            Process p = new ProcessBuilder("renice", "-n", "19", "-p", tid)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) p.destroy();
        } catch (Exception | LinkageError e) {
            // no /proc, no renice, or not allowed to start processes (a grader's sandbox): run at normal priority
        }
    }
}

package convkit.exec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Tells HotSpot's optimising compiler (C2) not to compile the Vector API's scalar fallbacks as
 * methods of their own, so that its one thread (2 cores: one C1 and one C2 thread) gets to the
 * library's kernels sooner during the warm-up (issues 19 and 20).
 *
 * <p>Why: until C2 has compiled a vector kernel, every vector operation in it runs the Vector
 * API's Java fallback (a scalar loop over the lanes through a lambda). The warm-up calls the
 * kernels thousands of times, so those fallbacks become the hottest methods of the process and C2
 * compiles ~160 of them first (~0.85 s of the one C2 thread, JFR, LeNet-5's warm-up of 2.0 s),
 * although no compiled kernel calls them: C2 replaces the operations by vector instructions.
 * Excluded from C2, a fallback that gets hot is compiled by C1 instead, as for any method C2
 * may not compile.
 *
 * <p>What: one compiler directive, added through the JVM's diagnostic command
 * {@code Compiler.directives_add} (what {@code jcmd <pid> Compiler.directives_add FILE} does;
 * no JVM flag needed), that sets {@code Exclude} for C2 on the fallbacks' names below. C2 also
 * declines to inline a method it may not compile, so the list holds only code that runs when an
 * operation is not replaced by a vector instruction; the kernels' own calls (lanewise, fma,
 * fromArray, intoArray, ...) are not in it. Measured (fresh JVMs, 2 cores, LeNet-5, 4 pairs each,
 * 2026-12-05 23:10 UTC): {@link Exec#warmUp()} 1.67 / 1.72 s (1 / 2 threads) against 1.95 /
 * 2.04 s, of which ~150 ms come back in the first 100 training steps (compiles that moved there);
 * the end-to-end comparison is in BENCHMARKS.md. Results never depend on it: compiled or not, a
 * vector operation gives the same bits.
 *
 * <p>Once per process, before the first vector chunk of the warm-up; best effort and silent
 * (another JVM, no management module: nothing happens). {@code -Dconvkit.jitadvice=false}: not
 * added (for comparisons, or a program with Vector API code of its own that wants C2 on them).
 */
final class JitAdvice {
    private JitAdvice() {}

    /** Whether to add the directive ({@code -Dconvkit.jitadvice}, default true). */
    static final boolean ENABLED = !"false".equals(System.getProperty("convkit.jitadvice"));

    /**
     * The Vector API's scalar fallbacks: the per-lane loops behind each kind of operation, the
     * lambdas handed to the intrinsics as their Java implementation (methods {@code lambda$...}
     * and the classes the JVM spins for them, {@code ...$$Lambda...}, including the masks' of
     * every vector size), and the intrinsics' own Java bodies in {@code VectorSupport} (C2
     * replaces calls to them; their body runs only when it cannot).
     */
    static final List<String> FALLBACKS = fallbacks();

    private static List<String> fallbacks() {
        String pkg = "jdk/incubator/vector/";
        List<String> names = new java.util.ArrayList<>();
        for (String m : new String[] {"bOp", "uOp", "tOp", "bTest", "ldOp", "stOp", "rvOp", "bOpTemplate", "uOpTemplate", "tOpTemplate", "lambda$*"}) {
            names.add(pkg + "*." + m);
        }
        for (String t : new String[] {"Float", "Int"}) { // the element types the library's kernels use
            names.add(pkg + t + "Vector$$Lambda*.*");
            names.add(pkg + t + "Vector$" + t + "Species$$Lambda*.*");
            for (String size : new String[] {"64", "128", "256", "512", "Max"}) {
                names.add(pkg + t + size + "Vector$" + t + size + "Mask$$Lambda*.*");
            }
        }
        names.add("jdk/internal/vm/vector/VectorSupport.*");
        return List.copyOf(names);
    }

    /** The directive, in the JSON-like syntax of HotSpot's compiler directives files. */
    static String directive() {
        StringBuilder s = new StringBuilder("[ { match: [");
        for (int i = 0; i < FALLBACKS.size(); i++) s.append(i > 0 ? ", " : " ").append('"').append(FALLBACKS.get(i)).append('"');
        return s.append(" ], c2: { Exclude: true } } ]\n").toString();
    }

    private static boolean done; // guarded by JitAdvice.class
    /** Whether the directive was added (for a test). */
    static volatile boolean added;

    /**
     * Adds the directive once; a second caller waits until the first is done (~130 ms the first
     * time: the platform MBean server is created). Call it from a warm-up thread, never from a
     * student's computation.
     */
    static synchronized void apply() {
        if (done) return;
        done = true;
        if (!ENABLED) return;
        Path file = null;
        try {
            file = Files.createTempFile("convkit-jit", ".json");
            Files.writeString(file, directive(), StandardCharsets.US_ASCII);
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            Object reply = server.invoke(new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "compilerDirectivesAdd", new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            added = String.valueOf(reply).contains("added");
        } catch (Exception | LinkageError e) {
            // only a speed-up: without it C2 compiles the fallbacks too, as before
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (Exception e) {
                    file.toFile().deleteOnExit();
                }
            }
        }
    }

    /** Starts {@link #apply()} on a thread of its own (the blocking warm-up: it then overlaps the plain stages). */
    static void applyInBackground() {
        synchronized (JitAdvice.class) {
            if (done) return;
        }
        Thread t = new Thread(new Runnable() { // not a lambda: see WarmUps.Fixed
            @Override
            public void run() {
                apply();
            }
        }, "convkit-jitadvice");
        t.setDaemon(true);
        t.start();
    }
}

package convkit.grading;

import convkit.grading.sandbox.Executor;
import convkit.grading.sandbox.Wire;
import convkit.nn.Sequential;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.opentest4j.AssertionFailedError;

/**
 * One submission's grading as the graders' calls see it: the executor that runs its code (started
 * on the first call, again after a call that killed it), the time its calls have used, and what
 * its code printed during the current test. Graders run in the grading thread, so the session is
 * found through a thread-local ({@link #current}); several submissions can be graded at once in
 * one JVM.
 */
final class GradingSession implements AutoCloseable {
    private static final ThreadLocal<GradingSession> CURRENT = new ThreadLocal<>();
    /** How long an executor may take to start (a JVM on a busy machine), not charged to the student. */
    static final Duration START_LIMIT = Duration.ofSeconds(60);
    /** After this many fresh executors in one run, calls are no longer tried. */
    static final int MAX_STARTS = 40;

    private final Limits limits;
    private Sandbox sandbox;
    private final Sandbox.Layout layout;
    private final List<Path> classpath;
    private final Map<String, Object> memo = new HashMap<>();
    private final StringBuilder notes = new StringBuilder();
    private ExecutorProcess live;
    private int starts;
    private BoundedText printed = new BoundedText(Executor.OUTPUT_LIMIT);
    private long testNanos, classNanos;
    private final StringBuilder testNotes = new StringBuilder();

    GradingSession(Limits limits, Sandbox sandbox, Sandbox.Layout layout, List<Path> classpath) {
        this.limits = limits;
        this.sandbox = sandbox;
        this.layout = layout;
        this.classpath = classpath;
    }

    /** The sandbox in use now (weaker than the one chosen when the executor could not start in it). */
    Sandbox sandbox() {
        return sandbox;
    }

    static GradingSession current() {
        GradingSession s = CURRENT.get();
        if (s == null) throw new IllegalStateException("student code can be called only while GradeRun grades a submission");
        return s;
    }

    void enter() {
        CURRENT.set(this);
    }

    void leave() {
        CURRENT.remove();
    }

    void startClass() {
        classNanos = 0;
    }

    void startTest() {
        testNanos = 0;
        printed.take();
    }

    /** The grader's notes on this test, then what student code printed during it (bounded). */
    String[] endTest() {
        String n = testNotes.toString().strip();
        testNotes.setLength(0);
        return new String[] {n, printed.take()};
    }

    /** A line of feedback for the current test, shown whether it passes or not. */
    void note(String line) {
        testNotes.append(line).append('\n');
    }

    /** Notes for the top of the report (an executor that could not start, ...). */
    String notes() {
        return notes.toString();
    }

    @SuppressWarnings("unchecked")
    <T> T memo(String key, ThrowingSupplier<T> compute) throws Throwable {
        if (!memo.containsKey(key)) {
            try {
                memo.put(key, new Object[] {compute.get(), null});
            } catch (Throwable t) {
                memo.put(key, new Object[] {null, t});
            }
        }
        Object[] r = (Object[]) memo.get(key);
        if (r[1] != null) throw (Throwable) r[1];
        return (T) r[0];
    }

    /** Calls a student method in the executor; returns its result, rethrows what it threw, or fails the sub-case with the reason. */
    Object call(String className, String method, Class<?>[] types, Object[] args) throws Throwable {
        Duration perCall = limits.perTest();
        if (testNanos >= 3 * perCall.toNanos()) {
            throw new AssertionFailedError("not run: this test's calls to your code already used " + secs(testNanos)
                    + ", the most one test may use (3 x " + secs(perCall.toNanos()) + ", a stopped call counting once).");
        }
        if (classNanos >= limits.perClass().toNanos()) {
            throw new AssertionFailedError("not run: the calls of this grader class to your code already took " + secs(classNanos)
                    + ", its whole budget (" + secs(limits.perClass().toNanos()) + ").");
        }
        ExecutorProcess e = executor();
        long t0 = System.nanoTime();
        ExecutorProcess.Outcome outcome;
        try {
            outcome = e.call(className, method, types, args, perCall);
        } finally {
            long used = System.nanoTime() - t0;
            // A stopped call is charged to its test at most one limit, so two more stuck calls still fit in the
            // test's budget and the sub-cases after them run; the class is charged the real time, which bounds the run.
            testNanos += Math.min(used, perCall.toNanos());
            classNanos += used;
        }
        if (outcome instanceof ExecutorProcess.TimedOut) {
            live = null;
            throw new AssertionFailedError("stopped after " + secs(((ExecutorProcess.TimedOut) outcome).wallMillis() * 1_000_000)
                    + " (the limit is " + secs(perCall.toNanos()) + " per call, or three times that if it sat waiting): this call did not"
                    + " finish in time. An endless loop? Check that every loop moves towards its end (e.g. i += S needs S >= 1),"
                    + " or a thread or lock that waits forever. The calls after it ran in a new JVM.");
        }
        if (outcome instanceof ExecutorProcess.Died) {
            live = null;
            ExecutorProcess.Died d = (ExecutorProcess.Died) outcome;
            if (d.why().contains("forged") || d.why().contains("corrupted")) {
                throw new AssertionFailedError("the channel between the grader and your code was tampered with: " + d.why()
                        + ". Return results from your methods; do not write to the process's standard output directly.");
            }
            if (d.stderr().contains("OutOfMemoryError") || d.why().contains("Terminating due to java.lang.OutOfMemoryError")) {
                throw new AssertionFailedError("ran out of memory: the heap is capped at " + limits.heapMb() + " MB for grading."
                        + " Does the code allocate in a loop that never ends, or build an array far larger than the output?");
            }
            throw new AssertionFailedError("the JVM running your code ended with exit status " + d.exitStatus() + " during this call"
                    + ": does your code call System.exit(" + d.exitStatus() + ") (or Runtime.halt)? Return the result instead."
                    + " The calls after it ran in a new JVM.");
        }
        Object answer;
        try {
            answer = answer(((ExecutorProcess.Frame) outcome).body(), args);
        } catch (IOException bad) {
            // data that does not decode came from the executor's process: student code wrote it, or broke the executor
            close();
            throw new AssertionFailedError("the grader could not read the answer of your code (" + bad.getMessage() + "); the calls after it ran in a new JVM.");
        }
        if (answer instanceof Thrown) throw ((Thrown) answer).t();
        return answer;
    }

    /** What the student's code threw, as decoded (kept apart from a failure to decode). */
    private record Thrown(Throwable t) {}

    /** Decodes a response frame: the value, or the exception to rethrow. */
    private Object answer(DataInputStream in, Object[] args) throws IOException {
        byte status = in.readByte();
        String out = Wire.readString(in);
        long dropped = in.readLong();
        printed.write(out.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        printed.addDropped(dropped);
        switch (status) {
            case Executor.RETURNED: {
                Object value = Wire.read(in);
                int models = in.readInt();
                for (int i = 0; i < models; i++) {
                    int k = in.readInt();
                    if (k < 0 || k >= args.length || !(args[k] instanceof Sequential)) throw new IOException("a model state for argument " + k);
                    Wire.readState(in, (Sequential) args[k]);
                }
                return value;
            }
            case Executor.THREW:
                return new Thrown(RemoteThrowable.read(in));
            case Executor.NO_CLASS:
                return new Thrown(new StudentCode.Missing(StudentCode.Missing.Kind.CLASS, Wire.readString(in)));
            case Executor.NO_METHOD:
                return new Thrown(new StudentCode.Missing(StudentCode.Missing.Kind.METHOD, Wire.readString(in)));
            case Executor.NO_CONSTRUCTOR:
                return new Thrown(new StudentCode.Missing(StudentCode.Missing.Kind.CONSTRUCTOR, Wire.readString(in)));
            case Executor.UNSENDABLE:
                return new Thrown(new AssertionFailedError("the grader cannot read what your method returned: " + Wire.readString(in)));
            default:
                throw new IOException("unknown response status " + status);
        }
    }

    private ExecutorProcess executor() throws IOException {
        if (live != null) return live;
        if (starts >= MAX_STARTS) {
            throw new AssertionFailedError("not run: the JVM running your code was started " + starts + " times in this run, the most allowed.");
        }
        starts++;
        Object r = ExecutorProcess.start(sandbox.command(layout, classpath, javaCommand()), layout.box(), sandbox.workInside(layout),
                START_LIMIT);
        while (r instanceof ExecutorProcess.Died && sandbox.level != Sandbox.Level.NONE) {
            // The set-up passed its probe but the JVM does not start inside it: grade with less protection rather than not at all.
            ExecutorProcess.Died d = (ExecutorProcess.Died) r;
            String why = "the executor JVM did not start at sandbox level " + sandbox.level.name().toLowerCase(Locale.ROOT) + " ("
                    + d.why() + (d.stderr().isEmpty() ? "" : ": " + d.stderr().lines().findFirst().orElse("")) + ")";
            notes.append(why).append("; grading went on with less protection\n");
            sandbox = sandbox.weaker(why);
            r = ExecutorProcess.start(sandbox.command(layout, classpath, javaCommand()), layout.box(), sandbox.workInside(layout), START_LIMIT);
        }
        if (r instanceof ExecutorProcess.Died) {
            ExecutorProcess.Died d = (ExecutorProcess.Died) r;
            String text = "the JVM for student code could not start (" + d.why() + ", exit status " + d.exitStatus() + ")"
                    + (d.stderr().isEmpty() ? "" : ":\n" + BoundedText.truncate(d.stderr(), 1500));
            if (notes.indexOf(text) < 0) notes.append(text).append('\n');
            throw new IllegalStateException(text);
        }
        live = (ExecutorProcess) r;
        return live;
    }

    private List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(Sandbox.realJavaHome().toString(), "bin", "java").toString());
        cmd.add("-Xmx" + limits.heapMb() + "m");
        cmd.add("-Xms16m");
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xshare:auto");
        cmd.add("-XX:-UsePerfData");
        cmd.add("-XX:ErrorFile=/dev/null");
        cmd.add("-XX:+DisplayVMOutputToStderr"); // the JVM's own messages (an OutOfMemoryError's exit) stay off the channel
        if (limits.quickJit()) {
            cmd.add("-XX:TieredStopAtLevel=1");
            cmd.add("-XX:CICompilerCount=1");
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            // the library's fast path uses the Vector API when this JVM has it; the executor gets the same
            cmd.add("--add-modules");
            cmd.add("jdk.incubator.vector");
        }
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dfile.encoding=UTF-8");
        cmd.add("-Djava.io.tmpdir=" + (sandbox.level == Sandbox.Level.NONE ? layout.box().resolve("tmp").toString() : "/tmp"));
        cmd.add("-cp");
        // the student's classes come last, so that they cannot replace a class of the executor or the library
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < classpath.size(); i++) path.append(i == 0 ? "" : java.io.File.pathSeparator).append(sandbox.inside(i, classpath.get(i)));
        cmd.add(path.toString());
        cmd.add(Executor.class.getName());
        return cmd;
    }

    @Override
    public void close() {
        if (live != null) live.close();
        live = null;
    }

    private static String secs(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}

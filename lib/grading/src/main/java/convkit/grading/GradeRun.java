package convkit.grading;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/**
 * Grades one submission: compiles it, runs each grader class in a child JVM with the
 * assignment's {@link Limits}, and turns what happened into a {@link Report}. Student code that
 * loops, exits, overflows its stack, runs out of memory or leaves threads behind costs only the
 * test it happened in: the test is charged, and the tests after it run in a fresh JVM.
 *
 * <pre>{@code
 * Report r = GradeRun.grade(Assignments.get(1), Path.of("my-solution"));
 * r.write(Path.of("results.json"));
 * }</pre>
 */
public final class GradeRun {
    private GradeRun() {}

    private static final long POLL_MILLIS = 25;

    /** One graded test, as discovered before anything runs. */
    private record TestInfo(Class<?> grader, String method, String name, String number, double points, Visibility visibility) {}

    /** What happened to one test. */
    private static final class Outcome {
        boolean passed;
        double fraction;
        final StringBuilder text = new StringBuilder();
        final List<String> casesPassed = new ArrayList<>();
        final List<String> casesFailed = new ArrayList<>();
    }

    public static Report grade(AssignmentSpec spec, Path submission) throws IOException {
        return grade(spec, submission, spec.limits());
    }

    public static Report grade(AssignmentSpec spec, Path submission, Limits limits) throws IOException {
        long start = System.nanoTime();
        List<TestInfo> tests = discover(spec);
        Map<TestInfo, Outcome> outcomes = new LinkedHashMap<>();
        for (TestInfo t : tests) outcomes.put(t, new Outcome());
        StringBuilder top = new StringBuilder();
        Path work = Files.createTempDirectory("convkit-grade-");
        try {
            List<Path> cp = classpath();
            Submission.Compiled compiled = Submission.compile(spec, submission.toAbsolutePath(), work, cp, limits.perClass().toMillis());
            if (!compiled.note().isEmpty()) top.append(compiled.note()).append('\n');
            if (!compiled.ok()) {
                top.append(compiled.error()).append('\n');
                for (Outcome o : outcomes.values()) o.text.append("not run: ").append(firstLine(compiled.error())).append(" (see the top of the report)");
            } else {
                for (Class<?> grader : spec.graders()) {
                    List<TestInfo> mine = tests.stream().filter(t -> t.grader() == grader).toList();
                    String jvmOutput = runClass(grader, mine, outcomes, compiled.classes(), cp, limits, work);
                    if (!jvmOutput.isBlank()) {
                        top.append("output of the JVM running ").append(grader.getSimpleName()).append(":\n")
                                .append(BoundedText.truncate(jvmOutput.strip(), 1500)).append('\n');
                    }
                }
            }
        } finally {
            deleteTree(work);
        }
        List<Report.TestResult> results = new ArrayList<>();
        double total = 0;
        for (TestInfo t : tests) {
            Outcome o = outcomes.get(t);
            double score = t.points() * (o.passed ? 1 : Math.max(0, Math.min(1, o.fraction)));
            score = Math.round(score * 100) / 100.0;
            total += score;
            results.add(new Report.TestResult(t.name(), t.number(), score, t.points(), o.passed ? "passed" : "failed",
                    t.visibility().json(), BoundedText.truncate(o.text.toString().strip(), Report.OUTPUT_LIMIT)));
        }
        long seconds = Math.round((System.nanoTime() - start) / 1e9);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("assignment", spec.number());
        extra.put("title", "Assignment " + spec.number() + ": " + spec.title());
        extra.put("max_score", results.stream().mapToDouble(Report.TestResult::maxScore).sum());
        extra.put("limits", "per test " + limits.perTest().toMillis() / 1000.0 + " s, per grader class "
                + limits.perClass().toMillis() / 1000.0 + " s, heap " + limits.heapMb() + " MB");
        String output = BoundedText.truncate(top.toString().strip(), Report.OUTPUT_LIMIT);
        return new Report(Math.round(total * 100) / 100.0, seconds, output, "visible", "hidden", results, extra);
    }

    // ------------------------------------------------------------------ discovery

    private static List<TestInfo> discover(AssignmentSpec spec) {
        List<TestInfo> all = new ArrayList<>();
        for (Class<?> grader : spec.graders()) {
            TestPlan plan = ChildMain.jupiterOnly().discover(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(grader))
                    .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false").build());
            List<TestIdentifier> ids = new ArrayList<>();
            for (TestIdentifier root : plan.getRoots()) collectTests(plan, root, ids);
            for (TestIdentifier id : ids) {
                String m = id.getSource().filter(s -> s instanceof MethodSource).map(s -> ((MethodSource) s).getMethodName()).orElse(null);
                if (m == null) continue;
                Points p = pointsOf(grader, m);
                if (p == null) throw new IllegalStateException(grader.getName() + "." + m + " has no @Points: every grader test needs one");
                all.add(new TestInfo(grader, m, id.getDisplayName(), spec.number() + "." + (all.size() + 1), p.value(), p.visibility()));
            }
        }
        return all;
    }

    private static void collectTests(TestPlan plan, TestIdentifier id, List<TestIdentifier> out) {
        if (id.isTest()) out.add(id);
        for (TestIdentifier c : plan.getChildren(id)) collectTests(plan, c, out);
    }

    private static Points pointsOf(Class<?> grader, String method) {
        for (Method m : grader.getDeclaredMethods()) if (m.getName().equals(method)) return m.getAnnotation(Points.class);
        return null;
    }

    // ------------------------------------------------------------------ running one grader class

    /** Runs the tests of one grader class, restarting the JVM after a test that killed it. Returns the JVM's own output. */
    private static String runClass(Class<?> grader, List<TestInfo> tests, Map<TestInfo, Outcome> outcomes, Path classes,
                                   List<Path> cp, Limits limits, Path work) throws IOException {
        Map<String, TestInfo> pending = new LinkedHashMap<>();
        for (TestInfo t : tests) pending.put(t.method(), t);
        long classDeadline = System.nanoTime() + limits.perClass().toNanos();
        StringBuilder jvmOutput = new StringBuilder();
        int launch = 0;
        while (!pending.isEmpty()) {
            if (System.nanoTime() >= classDeadline) {
                for (TestInfo t : pending.values()) {
                    outcomes.get(t).text.append("not run: the time budget of this grader class (")
                            .append(seconds(limits.perClass())).append(") ran out before this test's turn.");
                }
                break;
            }
            Path events = work.resolve("events-" + grader.getSimpleName() + "-" + (launch++) + ".jsonl");
            Files.createFile(events);
            long deadlineMillis = System.currentTimeMillis() + (classDeadline - System.nanoTime()) / 1_000_000 + 5_000;
            List<String> cmd = childCommand(limits, classes, cp, events, grader, launch == 1 ? List.of() : new ArrayList<>(pending.keySet()),
                    deadlineMillis);
            Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            BoundedText pipe = new BoundedText(4000);
            Thread pump = new Thread(() -> drain(p.getInputStream(), pipe), "child-output");
            pump.setDaemon(true);
            pump.start();

            EventReader reader = new EventReader(events);
            ChildState st = new ChildState();
            Set<ProcessHandle> descendants = new LinkedHashSet<>();
            String killedFor = null;
            while (true) {
                boolean exited = waitFor(p, POLL_MILLIS);
                for (JsonObject e : reader.read()) handle(e, st, p, pending, outcomes);
                if (exited) break;
                p.descendants().forEach(descendants::add); // processes the student code started, killed at the end
                long now = System.nanoTime();
                if (now >= classDeadline) {
                    killedFor = "class";
                } else if (st.running != null && overTime(now - st.runningSince, cpu(p).minus(st.cpuAtStart), limits.perTest())) {
                    killedFor = "test";
                }
                // (No separate limit outside tests: student code runs only inside tests, and the class deadline bounds the rest.)
                if (killedFor != null) {
                    kill(p);
                    break;
                }
            }
            descendants.forEach(ProcessHandle::destroyForcibly);
            for (JsonObject e : reader.read()) handle(e, st, p, pending, outcomes); // the last lines before the JVM ended
            String running = st.running;
            boolean done = st.done;
            String containerMessage = st.containerMessage;
            try {
                pump.join(200);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            String jvmText = pipe.take().replace("WARNING: Using incubator modules: jdk.incubator.vector\n", "");
            jvmOutput.append(jvmText);
            int exit = p.isAlive() ? -1 : p.exitValue();

            if (running != null && pending.containsKey(running)) {
                Outcome o = outcomes.get(pending.remove(running));
                o.text.append(stopCause(killedFor, exit, jvmText, limits));
                if (!o.casesPassed.isEmpty() || !o.casesFailed.isEmpty()) {
                    o.text.append("\nsub-cases finished before it stopped: ").append(o.casesPassed.size()).append(" passed")
                            .append(o.casesPassed.isEmpty() ? "" : " (" + String.join("; ", o.casesPassed) + ")")
                            .append(", ").append(o.casesFailed.size()).append(" failed; a stopped test earns no credit.");
                }
            } else {
                // Nothing was running: the class finished, or the JVM stopped between tests
                // (a static initialiser that exited or hung). What is left cannot run.
                String why = done ? (containerMessage != null ? "not run: " + containerMessage : "not run: the grader JVM ended before this test ran")
                        : stopCause(killedFor, exit, jvmText, limits);
                for (TestInfo t : pending.values()) outcomes.get(t).text.append(why);
                pending.clear();
            }
        }
        return jvmOutput.toString();
    }

    /** What the parent knows about the child JVM from its events. */
    private static final class ChildState {
        String running;
        long runningSince = System.nanoTime();
        Duration cpuAtStart = Duration.ZERO;
        boolean done;
        String containerMessage;
    }

    private static void handle(JsonObject e, ChildState st, Process p, Map<String, TestInfo> pending, Map<TestInfo, Outcome> outcomes) {
        String kind = e.get("e").getAsString();
        String m = e.has("test") && !e.get("test").isJsonNull() ? e.get("test").getAsString() : null;
        switch (kind) {
            case "start":
                st.running = m;
                st.runningSince = System.nanoTime();
                st.cpuAtStart = p.isAlive() ? cpu(p) : Duration.ZERO;
                break;
            case "case":
                if (pending.containsKey(m)) {
                    Outcome o = outcomes.get(pending.get(m));
                    (e.get("passed").getAsBoolean() ? o.casesPassed : o.casesFailed).add(e.get("name").getAsString());
                }
                break;
            case "finish":
            case "skip":
                if (pending.containsKey(m)) record(outcomes.get(pending.remove(m)), e);
                st.running = null;
                break;
            case "container":
                st.containerMessage = e.get("message").getAsString();
                break;
            case "error":
                st.containerMessage = e.get("message").getAsString();
                st.done = true;
                break;
            case "done":
                st.done = true;
                break;
            default:
        }
    }

    /**
     * Whether a running test has used up its time. On a busy machine a test gets only a share of
     * the CPU, so the wall-clock limit stops a test only once it has also used half of it in CPU
     * time (a busy loop does at once); a test that waits without using the CPU (a thread that
     * never ends, a lock) is stopped at three times the limit.
     */
    static boolean overTime(long wallNanos, Duration cpu, Duration perTest) {
        if (wallNanos > 3 * perTest.toNanos()) return true;
        return wallNanos > perTest.toNanos() && cpu.compareTo(perTest.dividedBy(2)) >= 0;
    }

    /** Total CPU time of the child JVM so far (all its threads). */
    private static Duration cpu(Process p) {
        return p.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static void record(Outcome o, JsonObject e) {
        String status = e.has("status") ? e.get("status").getAsString() : "SKIPPED";
        o.passed = status.equals("SUCCESSFUL");
        o.fraction = e.has("fraction") ? e.get("fraction").getAsDouble() : (o.passed ? 1 : 0);
        String msg = e.has("message") ? e.get("message").getAsString() : "";
        if (status.equals("SKIPPED")) msg = "skipped: " + msg;
        if (!msg.isBlank()) o.text.append(msg);
        String out = e.has("output") ? e.get("output").getAsString() : "";
        if (!out.isBlank()) o.text.append(o.text.length() > 0 ? "\n" : "").append("your code printed:\n").append(out);
    }

    private static String stopCause(String killedFor, int exit, String jvmText, Limits limits) {
        if ("test".equals(killedFor)) {
            return "stopped after " + seconds(limits.perTest()) + " (or three times that if it sat waiting): this test did not finish in time. An endless loop?"
                    + " Check that every loop moves towards its end (e.g. i += S needs S >= 1), or a thread that waits forever.";
        }
        if ("class".equals(killedFor)) {
            return "stopped: the time budget of this grader class (" + seconds(limits.perClass()) + ") ran out during this test.";
        }
        if (jvmText.contains("OutOfMemoryError")) {
            return "ran out of memory: the heap is capped at " + limits.heapMb() + " MB for grading."
                    + " Does the code allocate in a loop that never ends, or build an array far larger than the output?";
        }
        return "the grader JVM ended with exit status " + exit + " during this test: does your code call System.exit("
                + exit + ") (or Runtime.halt)? Return the result instead. The tests after it ran in a new JVM.";
    }

    private static List<String> childCommand(Limits limits, Path classes, List<Path> cp, Path events, Class<?> grader, List<String> methods,
                                             long deadlineMillis) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-D" + ChildMain.DEADLINE_PROPERTY + "=" + deadlineMillis);
        cmd.add("-Xmx" + limits.heapMb() + "m");
        cmd.add("-Xms16m");
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xshare:auto");
        cmd.add("-XX:-UsePerfData");
        if (limits.quickJit()) {
            cmd.add("-XX:TieredStopAtLevel=1");
            cmd.add("-XX:CICompilerCount=1");
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            // the library's fast path uses the Vector API when this JVM has it; the child gets the same
            cmd.add("--add-modules");
            cmd.add("jdk.incubator.vector");
        }
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dfile.encoding=UTF-8");
        cmd.add("-cp");
        // The student's classes come last, so that they cannot replace a class of the grader or the library.
        StringBuilder path = new StringBuilder();
        for (Path p : cp) path.append(p).append(File.pathSeparator);
        path.append(classes);
        cmd.add(path.toString());
        cmd.add(ChildMain.class.getName());
        cmd.add(events.toString());
        cmd.add(grader.getName());
        cmd.addAll(methods);
        return cmd;
    }

    /** The class path of this JVM as single entries, with manifest-only jars (as Surefire uses) opened up. */
    static List<Path> classpath() throws IOException {
        Set<Path> out = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.isBlank()) continue;
            Path p = Path.of(e).toAbsolutePath();
            out.add(p);
            if (p.toString().endsWith(".jar") && Files.isRegularFile(p)) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    Manifest mf = jar.getManifest();
                    String extra = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
                    if (extra == null) continue;
                    for (String u : extra.trim().split("\\s+")) {
                        if (u.isEmpty()) continue;
                        try {
                            out.add(Path.of(p.getParent().toUri().resolve(u)));
                        } catch (RuntimeException bad) {
                            // an entry we cannot read as a path: the child keeps the jar itself, which lists it
                        }
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static boolean waitFor(Process p, long millis) {
        try {
            return p.waitFor(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        waitFor(p, 5000);
    }

    private static void drain(InputStream in, BoundedText sink) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) sink.write(buf, 0, n);
        } catch (IOException e) {
            // the child is gone
        }
    }

    private static String seconds(Duration d) {
        double s = d.toMillis() / 1000.0;
        return (s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s)) + " s";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }

    /** Reads the complete JSON lines appended to the events file since the last call. */
    private static final class EventReader {
        private final Path file;
        private long position;
        private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();

        EventReader(Path file) {
            this.file = file;
        }

        List<JsonObject> read() throws IOException {
            List<JsonObject> out = new ArrayList<>();
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                long len = raf.length();
                if (len <= position) return out;
                byte[] b = new byte[(int) Math.min(len - position, 1 << 22)];
                raf.seek(position);
                raf.readFully(b);
                position += b.length;
                for (byte x : b) {
                    if (x != '\n') {
                        partial.write(x);
                        continue;
                    }
                    // a newline byte never occurs inside a UTF-8 character, so each line decodes whole
                    String line = partial.toString(StandardCharsets.UTF_8);
                    partial.reset();
                    try {
                        out.add(JsonParser.parseString(line).getAsJsonObject());
                    } catch (RuntimeException e) {
                        // a line cut by a crash; nothing to learn from it
                    }
                }
            }
            return out;
        }
    }
}

package convkit.grading;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Grades one submission. The graders (JUnit 5 classes) run here, in the grading JVM, which never
 * loads a class of the student's: javac compiles the submission without running it, and every
 * call to student code goes through {@link StudentCode} to the executor, a separate JVM that holds
 * only the student's classes, convkit-core and a small runner of calls, contained as this machine
 * allows ({@link Sandbox}). Expected values, comparisons, points and the report never leave this
 * JVM, so a submission earns points only through what its own methods return.
 *
 * <p>Each call has its own time limit ({@link Limits#perTest}); a call that loops, exits, runs
 * out of memory or overflows its stack costs only the sub-case that made it, and the next call
 * gets a fresh executor.
 *
 * <pre>{@code
 * Report r = GradeRun.grade(Assignments.get(1), Path.of("my-solution"));
 * r.write(Path.of("results.json"));
 * }</pre>
 */
public final class GradeRun {
    private GradeRun() {}

    /** One graded test, as discovered before anything runs. */
    private record TestInfo(Class<?> grader, String method, String name, String number, double points, Visibility visibility) {}

    /** What happened to one test. */
    private static final class Outcome {
        boolean ran, passed;
        double fraction;
        final StringBuilder text = new StringBuilder();
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
        Sandbox chosen = Sandbox.choose();
        Sandbox[] used = {chosen};
        Path work = Files.createTempDirectory("convkit-grade-");
        try {
            List<Path> library = StudentClassPath.library(work);
            Submission.Compiled compiled = Submission.compile(spec, submission.toAbsolutePath(), work, library, limits.perClass().toMillis());
            if (!compiled.note().isEmpty()) top.append(compiled.note()).append('\n');
            if (!compiled.ok()) {
                top.append(compiled.error()).append('\n');
                for (Outcome o : outcomes.values()) o.text.append("not run: ").append(firstLine(compiled.error())).append(" (see the top of the report)");
            } else {
                List<Path> cp = new ArrayList<>();
                cp.add(StudentClassPath.executor(work.resolve("executor")));
                cp.addAll(library);
                cp.add(compiled.classes());
                try (GradingSession session = new GradingSession(limits, chosen, Sandbox.Layout.create(work), cp)) {
                    session.enter();
                    try {
                        for (Class<?> grader : spec.graders()) {
                            session.startClass();
                            runClass(grader, tests, outcomes, session);
                        }
                    } finally {
                        session.leave();
                    }
                    if (!session.notes().isBlank()) top.append(session.notes());
                    used[0] = session.sandbox();
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
        Sandbox sandbox = used[0];
        List<Sandbox.Protection> protections = sandbox.protections();
        List<String> off = protections.stream().filter(p -> !p.on()).map(Sandbox.Protection::name).collect(Collectors.toList());
        if (!off.isEmpty()) {
            top.append("protections off on this machine: ").append(String.join(", ", off)).append(" (")
                    .append(sandbox.whyNotBetter.isEmpty() ? "see extra_data.protections" : sandbox.whyNotBetter).append(")\n");
        }
        long seconds = Math.round((System.nanoTime() - start) / 1e9);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("assignment", spec.number());
        extra.put("title", "Assignment " + spec.number() + ": " + spec.title());
        extra.put("max_score", results.stream().mapToDouble(Report.TestResult::maxScore).sum());
        extra.put("limits", "per call " + limits.perTest().toMillis() / 1000.0 + " s (a test's calls at most 3 x that), per grader class "
                + limits.perClass().toMillis() / 1000.0 + " s, heap " + limits.heapMb() + " MB");
        Map<String, String> prot = new LinkedHashMap<>();
        for (Sandbox.Protection p : protections) prot.put(p.name(), (p.on() ? "on: " : "") + p.detail());
        extra.put("sandbox", sandbox.level.name().toLowerCase(java.util.Locale.ROOT));
        extra.put("protections", prot);
        extra.put("protections_off", off);
        String output = BoundedText.truncate(top.toString().strip(), Report.OUTPUT_LIMIT);
        return new Report(Math.round(total * 100) / 100.0, seconds, output, "visible", "hidden", results, extra);
    }

    // ------------------------------------------------------------------ discovery

    /** A launcher with JUnit Jupiter only: other engines on the class path (jqwik, ...) are not started. */
    static Launcher jupiterOnly() {
        return LauncherFactory.create(LauncherConfig.builder().enableTestEngineAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false).enablePostDiscoveryFilterAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false).enableLauncherSessionListenerAutoRegistration(false)
                .addTestEngines(new JupiterTestEngine()).build());
    }

    private static LauncherDiscoveryRequest request(Class<?> grader) {
        return LauncherDiscoveryRequestBuilder.request().selectors(selectClass(grader))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false").build();
    }

    private static List<TestInfo> discover(AssignmentSpec spec) {
        List<TestInfo> all = new ArrayList<>();
        for (Class<?> grader : spec.graders()) {
            TestPlan plan = jupiterOnly().discover(request(grader));
            List<TestIdentifier> ids = new ArrayList<>();
            for (TestIdentifier root : plan.getRoots()) collectTests(plan, root, ids);
            for (TestIdentifier id : ids) {
                String m = methodOf(id);
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

    private static String methodOf(TestIdentifier id) {
        return id.getSource().filter(s -> s instanceof MethodSource).map(s -> ((MethodSource) s).getMethodName()).orElse(null);
    }

    private static Points pointsOf(Class<?> grader, String method) {
        for (Method m : grader.getDeclaredMethods()) if (m.getName().equals(method)) return m.getAnnotation(Points.class);
        return null;
    }

    // ------------------------------------------------------------------ running one grader class

    /** Runs one grader class here, in this thread; its calls to student code go to the session's executor. */
    private static void runClass(Class<?> grader, List<TestInfo> tests, Map<TestInfo, Outcome> outcomes, GradingSession session) {
        Map<String, TestInfo> mine = new LinkedHashMap<>();
        for (TestInfo t : tests) if (t.grader() == grader) mine.put(t.method(), t);
        String[] containerMessage = {null};
        jupiterOnly().execute(request(grader), new TestExecutionListener() {
            private final Map<String, Double> fractions = new LinkedHashMap<>();

            @Override
            public void executionStarted(TestIdentifier id) {
                if (id.isTest()) session.startTest();
            }

            @Override
            public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
                String m = methodOf(id);
                String f = entry.getKeyValuePairs().get(GradingExtension.FRACTION_KEY);
                if (m != null && f != null) fractions.put(m, Double.parseDouble(f));
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                TestInfo t = mine.get(methodOf(id));
                if (id.isTest() && t != null) {
                    Outcome o = outcomes.get(t);
                    o.ran = true;
                    o.text.append("skipped: ").append(reason);
                }
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                String message = result.getThrowable().map(Feedback::explain).orElse("");
                if (!id.isTest()) {
                    if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) containerMessage[0] = message;
                    return;
                }
                TestInfo t = mine.get(methodOf(id));
                String[] notesAndPrinted = session.endTest();
                String printed = notesAndPrinted[1];
                if (t == null) return;
                Outcome o = outcomes.get(t);
                o.ran = true;
                o.passed = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
                Double f = fractions.remove(t.method());
                o.fraction = f != null ? f : o.passed ? 1 : 0;
                if (!notesAndPrinted[0].isEmpty()) o.text.append(notesAndPrinted[0]);
                if (!message.isBlank()) o.text.append(o.text.length() > 0 ? "\n" : "").append(message);
                if (!printed.isBlank()) o.text.append(o.text.length() > 0 ? "\n" : "").append("your code printed:\n").append(printed);
            }
        });
        for (TestInfo t : mine.values()) {
            Outcome o = outcomes.get(t);
            if (!o.ran) o.text.append("not run: ").append(containerMessage[0] != null ? containerMessage[0] : "the grader class stopped before this test");
        }
    }

    /**
     * Whether a call has used up its time. On a busy machine a call gets only a share of the CPU,
     * so the wall-clock limit stops it only once it has also used half of it in CPU time (a busy
     * loop does at once); a call that waits without using the CPU (a thread that never ends, a
     * lock, a sleep) is stopped at three times the limit.
     */
    static boolean overTime(long wallNanos, Duration cpu, Duration limit) {
        if (wallNanos > 3 * limit.toNanos()) return true;
        return wallNanos > limit.toNanos() && cpu.compareTo(limit.dividedBy(2)) >= 0;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static void unlock(java.io.File d, int depth) {
        if (depth > 64 || !d.isDirectory() || java.nio.file.Files.isSymbolicLink(d.toPath())) return;
        d.setReadable(true, true);
        d.setWritable(true, true);
        d.setExecutable(true, true);
        java.io.File[] children = d.listFiles();
        if (children != null) for (java.io.File c : children) unlock(c, depth + 1);
    }

    static void deleteTree(Path dir) {
        unlock(dir.toFile(), 0); // student code may have left folders without read or write permission for their owner
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}

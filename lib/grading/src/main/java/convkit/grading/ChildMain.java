package convkit.grading;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import com.google.gson.Gson;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The entry point of the child JVM that runs one grader class on student code:
 * {@code ChildMain EVENTS_FILE GRADER_CLASS [METHOD ...]}. It appends one JSON line per event
 * (test started, sub-case finished, test finished, all done) to the events file and flushes
 * each, so the parent knows how far it got even when student code kills this JVM. Student
 * output (System.out and System.err) is captured per test, bounded.
 */
public final class ChildMain {
    private ChildMain() {}

    /** Bytes of student output kept per test. */
    static final int OUTPUT_LIMIT = 4000;

    public static void main(String[] args) throws IOException {
        OutputStream events = new FileOutputStream(args[0], true);
        Gson gson = new Gson();
        BoundedText capture = new BoundedText(OUTPUT_LIMIT);
        PrintStream captured = new PrintStream(capture, true, StandardCharsets.UTF_8);
        System.setOut(captured);
        System.setErr(captured);
        startWatchdog(Long.getLong(DEADLINE_PROPERTY, Long.MAX_VALUE));
        int status = 0;
        try {
            Class<?> grader = Class.forName(args[1]);
            List<DiscoverySelector> selectors = new ArrayList<>();
            if (args.length == 2) selectors.add(selectClass(grader));
            for (int i = 2; i < args.length; i++) selectors.add(selectMethod(grader, findMethod(grader, args[i])));
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                    .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false").build();
            Launcher launcher = jupiterOnly();
            launcher.execute(request, new EventWriter(events, gson, capture));
            write(events, gson, Map.of("e", "done"));
        } catch (Throwable t) {
            status = 2;
            write(events, gson, Map.of("e", "error", "message", String.valueOf(t)));
        }
        // halt, not exit: a student thread that never ends must not keep this JVM alive,
        // and a student shutdown hook gets no say.
        Runtime.getRuntime().halt(status);
    }

    /** System property: the wall-clock time (epoch millis) after which this JVM ends itself. */
    static final String DEADLINE_PROPERTY = "convkit.grading.deadline";

    /**
     * Ends this JVM when its parent (the grader) is gone or the deadline has passed, so that a
     * grader that is itself stopped never leaves student code running behind it.
     */
    private static void startWatchdog(long deadlineMillis) {
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        Thread t = new Thread(() -> {
            while (true) {
                if (System.currentTimeMillis() > deadlineMillis || (parent != null && !parent.isAlive())) Runtime.getRuntime().halt(4);
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "grading-watchdog");
        t.setDaemon(true);
        t.start();
    }

    /** A launcher with JUnit Jupiter only: other engines on the class path (jqwik, ...) are not started. */
    static Launcher jupiterOnly() {
        return LauncherFactory.create(LauncherConfig.builder().enableTestEngineAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false).enablePostDiscoveryFilterAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false).enableLauncherSessionListenerAutoRegistration(false)
                .addTestEngines(new JupiterTestEngine()).build());
    }

    private static java.lang.reflect.Method findMethod(Class<?> c, String name) throws NoSuchMethodException {
        for (java.lang.reflect.Method m : c.getDeclaredMethods()) if (m.getName().equals(name)) return m;
        throw new NoSuchMethodException(c.getName() + "." + name);
    }

    static synchronized void write(OutputStream out, Gson gson, Map<String, ?> event) {
        try {
            out.write((gson.toJson(event) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            Runtime.getRuntime().halt(3);
        }
    }

    /** Writes JUnit's events as JSON lines, attaching each test's captured output. */
    private static final class EventWriter implements TestExecutionListener {
        private final OutputStream out;
        private final Gson gson;
        private final BoundedText capture;
        private final Map<String, String> fractions = new LinkedHashMap<>();

        EventWriter(OutputStream out, Gson gson, BoundedText capture) {
            this.out = out;
            this.gson = gson;
            this.capture = capture;
        }

        private static String method(TestIdentifier id) {
            return id.getSource().filter(s -> s instanceof MethodSource).map(s -> ((MethodSource) s).getMethodName()).orElse(null);
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            if (!id.isTest()) return;
            capture.take();
            write(out, gson, Map.of("e", "start", "test", method(id)));
        }

        @Override
        public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
            String m = method(id);
            if (m == null) return;
            entry.getKeyValuePairs().forEach((k, v) -> {
                if (k.equals(SubCases.CASE_KEY)) {
                    String[] p = v.split("\t", 3);
                    write(out, gson, Map.of("e", "case", "test", m, "passed", p[0].equals("pass"), "weight", Double.parseDouble(p[1]), "name", p[2]));
                } else if (k.equals(GradingExtension.FRACTION_KEY)) {
                    fractions.put(m, v);
                }
            });
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            String m = method(id);
            if (id.isTest() && m != null) write(out, gson, Map.of("e", "skip", "test", m, "message", String.valueOf(reason)));
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            String message = result.getThrowable().map(Feedback::explain).orElse("");
            if (!id.isTest()) {
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    write(out, gson, Map.of("e", "container", "message", message));
                }
                return;
            }
            String m = method(id);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("e", "finish");
            event.put("test", m);
            event.put("status", result.getStatus().name());
            event.put("message", message);
            event.put("output", capture.take());
            String f = fractions.remove(m);
            if (f != null) event.put("fraction", Double.parseDouble(f));
            write(out, gson, event);
        }
    }
}

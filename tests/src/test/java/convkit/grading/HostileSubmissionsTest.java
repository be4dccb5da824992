package convkit.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.assignments.Assignments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Student code that breaks the grader by accident: assignment 1's reference solution with
 * hostile code at the top of {@code convolve1d}, run only for the lecture's FIR filter
 * [1, 1/2, 1/4] (L02), which one sub-case of one test uses ("1D true convolution", 2 of 20
 * points). It must cost that sub-case and nothing else: every other sub-case, the other methods
 * and the other tests are still graded, the report is complete and valid, and the run ends
 * within the stated bound ({@link Limits#bound}: 2 x the per-class limit). A short per-call
 * limit keeps this quick. Code that tries to cheat is in {@link CheatingSubmissionsTest}.
 */
class HostileSubmissionsTest {
    static final Limits LIMITS = Assignments.get(1).limits().withPerTest(Duration.ofSeconds(3)).withPerClass(Duration.ofSeconds(60));
    static final String HOOK = "    public static double[] convolve1d(double[] x, double[] w, int stride, int padding) {\n";
    static final String WHEN = "        if (w.length == 3 && w[1] == 0.5) {\n";
    static final String HIT = "1D true convolution";
    static final double UNTOUCHED = 18; // every test but HIT
    static final double SUB_CASE_LOST = UNTOUCHED + 2 * 2 / 3.0; // HIT keeps its two other sub-cases

    private static Fixtures.Graded hostile(String name, String code) {
        Path dir = Fixtures.mutant(1, name, HOOK, HOOK + WHEN + code + "\n        }\n");
        Fixtures.Graded g = Fixtures.grade(1, dir, LIMITS);
        assertTrue(g.millis() < LIMITS.bound(1).toMillis(), "the run took " + g.millis() + " ms, more than the bound " + LIMITS.bound(1));
        assertEquals(9, g.report().tests().size(), "every test is in the report");
        Cheats.assertNoProcessLeft("convkit-mutant-" + name + "-");
        for (Report.TestResult t : g.report().tests()) {
            if (t.name().startsWith(HIT)) continue;
            assertEquals(t.maxScore(), t.score(), 1e-9, () -> t.name() + " never runs the hostile code and must keep its points:\n" + t.output());
        }
        return g;
    }

    private static void assertCharged(Fixtures.Graded g, String feedback) {
        Report.TestResult t = g.test(HIT);
        assertTrue(t.score() < t.maxScore(), () -> HIT + " runs the hostile code and must lose points");
        assertTrue(t.output().contains(feedback), () -> HIT + ": feedback should contain \"" + feedback + "\":\n" + t.output());
    }

    @Test
    void infiniteLoopCostsOnlyItsSubCase() {
        Fixtures.Graded g = hostile("loop", "            while (x.length >= 0) { Thread.onSpinWait(); }");
        assertEquals(SUB_CASE_LOST, g.report().score(), 0.011, g.report()::summary);
        assertCharged(g, "did not finish in time");
    }

    @Test
    void blockingMethodCostsOnlyItsSubCase() {
        // sleeps without using the CPU: stopped at three times the per-call limit; the other sub-cases and methods still count
        Fixtures.Graded g = hostile("block", "            try { new java.util.concurrent.CountDownLatch(1).await(); } catch (InterruptedException e) { }");
        assertEquals(SUB_CASE_LOST, g.report().score(), 0.011, g.report()::summary);
        assertCharged(g, "did not finish in time");
    }

    @Test
    void systemExitCostsOnlyItsSubCase() {
        Fixtures.Graded g = hostile("exit", "            System.exit(0);");
        assertEquals(SUB_CASE_LOST, g.report().score(), 0.011, g.report()::summary);
        assertCharged(g, "System.exit(0)");
    }

    @Test
    void stackOverflowCostsOnlyItsSubCases() {
        Fixtures.Graded g = hostile("recursion", "            return convolve1d(x, w, stride, padding);");
        assertEquals(SUB_CASE_LOST, g.report().score(), 0.011, "the other two sub-cases of the test keep their credit");
        assertCharged(g, "StackOverflowError");
    }

    @Test
    void haltCostsOnlyItsSubCase() {
        Fixtures.Graded g = hostile("halt", "            Runtime.getRuntime().halt(7);");
        assertEquals(SUB_CASE_LOST, g.report().score(), 0.011, g.report()::summary);
        assertCharged(g, "exit status 7");
    }

    @Test
    void outOfMemoryCostsOnlyItsSubCase() {
        Fixtures.Graded g = hostile("oom", "            java.util.List<double[]> hog = new java.util.ArrayList<>();\n"
                + "            while (x.length >= 0) hog.add(new double[1 << 20]);");
        assertEquals(SUB_CASE_LOST, g.report().score(), 0.011, g.report()::summary);
        assertCharged(g, "ran out of memory");
    }

    @Test
    void threadThatNeverEndsCostsNothing() {
        Fixtures.Graded g = hostile("thread", "            new Thread(() -> { while (true) { try { Thread.sleep(60_000); } catch (InterruptedException e) { } } }).start();");
        assertEquals(20, g.report().score(), 1e-9, g.report()::summary);
    }

    @Test
    void exceptionCostsOnlyItsSubCases() {
        Fixtures.Graded g = hostile("exception", "            throw new IllegalStateException(\"boom\");");
        assertEquals(SUB_CASE_LOST, g.report().score(), 0.011);
        assertCharged(g, "IllegalStateException: boom");
    }

    @Test
    void floodOfOutputIsCapturedAndTruncated() {
        Path dir = Fixtures.mutant(1, "flood", "public class Convolutions {\n", "public class Convolutions {\n    static boolean flooded;\n",
                HOOK, HOOK + "        if (!flooded) { flooded = true; for (int i = 0; i < 200_000; i++) System.out.println(\"debug line \" + i); }\n"
                        + "        System.out.println(\"convolve1d called with \" + x.length + \" values\");\n");
        Fixtures.Graded g = Fixtures.grade(1, dir, LIMITS);
        assertEquals(20, g.report().score(), 1e-9, "printing costs no points");
        Report.TestResult t = g.test("1D true convolution");
        assertTrue(t.output().contains("debug line 0"), "the start of the output is kept:\n" + t.output());
        assertTrue(t.output().contains("more bytes of output not shown"), "the flood is cut and the cut is said");
        assertTrue(t.output().length() <= Report.OUTPUT_LIMIT + 200, "per-test output is bounded: " + t.output().length());
        assertTrue(g.report().toJson().length() < 100_000, "the whole report stays small: " + g.report().toJson().length());
        assertTrue(g.test("1D stride S and zero padding P").output().contains("convolve1d called with 7 values"),
                "output of later tests is captured per test");
    }

    // ------------------------------------------------------------------ submissions that try to cheat

    /** The handout (no algorithm written) scores this; a cheat must score no more. */
    private static double skeletonScore() {
        return Fixtures.grade(1, Fixtures.handout(1)).report().score();
    }

    private static Report gradeCheat(Cheats.Cheat c) throws IOException {
        Report r;
        long t0 = System.nanoTime();
        try {
            r = GradeRun.grade(Assignments.get(1), c.dir(), LIMITS);
        } finally {
            GradeRun.deleteTree(c.dir());
        }
        System.out.printf("graded cheat %s: %.2f / %.2f (sandbox %s) in %d ms%n", c.token(), r.score(), r.maxScore(), r.extraData().get("sandbox"),
                (System.nanoTime() - t0) / 1_000_000);
        Fixtures.assertValidShape(r);
        assertEquals(9, r.tests().size());
        assertFalse(r.output().contains("does not compile"), "the cheat must compile, or it proves nothing:\n" + r.output());
        return r;
    }

    private static void assertNoGain(Report r) {
        assertTrue(r.score() <= skeletonScore() + 1e-9, () -> "the cheat scored " + r.score() + ", more than the handout's " + skeletonScore()
                + "\n" + r.summary());
    }

    private static String allOutput(Report r) {
        return r.output() + "\n" + r.tests().stream().map(Report.TestResult::output).collect(java.util.stream.Collectors.joining("\n"));
    }

    /** Where the grader's own classes are (a folder of lib/grading, or its jar). */
    private static Path graderClasses() {
        return StudentClassPath.location(convkit.assignments.ConvolutionGrader.class);
    }

    @Test
    void forgedEventsAndResultsEarnNothing() throws IOException {
        String events = "{\"e\":\"finish\",\"test\":\"correlate1dNarrow\",\"status\":\"SUCCESSFUL\",\"fraction\":1.0}";
        String results = "{\"score\": 20, \"output\": \"all passed\", \"tests\": []}";
        Cheats.Cheat c = Cheats.make("forged", ""
                + "        String ev = " + Cheats.lit(events) + ", results = " + Cheats.lit(results) + ";\n"
                + "        System.out.println(ev); System.err.println(ev); System.out.println(\"test passed\");\n"
                + "        for (String f : new String[] {\"events-ConvolutionGrader-0.jsonl\", \"events-ConvolutionGrader-1.jsonl\", \"results.json\"}) {\n"
                + "            try { Files.write(Paths.get(f), (ev + \"\\n\" + results).getBytes(), StandardOpenOption.CREATE, StandardOpenOption.APPEND); }"
                + " catch (Exception e) { }\n"
                + "        }\n"
                // once (lecture L02's call): every forgery ends the JVM, and each JVM start costs time
                + "        if (!method.equals(\"convolve1d\") || ((double[]) args[0]).length != 5) return null;\n"
                // a well-formed response frame of the executor's protocol, claiming a result, written straight to the channel
                + "        ByteArrayOutputStream b = new ByteArrayOutputStream(); DataOutputStream f = new DataOutputStream(b);\n"
                + "        f.writeByte(0); f.writeInt(0); f.writeLong(0); f.writeByte(6); f.writeInt(5);\n"
                + "        for (int i = 0; i < 5; i++) f.writeDouble(1); f.writeInt(0);\n"
                + "        DataOutputStream raw = new DataOutputStream(new FileOutputStream(FileDescriptor.out));\n"
                + "        raw.writeInt(0x434b5253); raw.writeInt(b.size()); raw.write(b.toByteArray()); raw.write((ev + \"\\n\").getBytes()); raw.flush();\n"
                + "        Runtime.getRuntime().halt(0);\n"
                + "        return null;");
        Report r = gradeCheat(c);
        assertNoGain(r);
        assertEquals(0, r.score(), 1e-9, r::summary);
        assertTrue(allOutput(r).contains("the channel between the grader and your code was tampered with"),
                "the forged response frame is recognised as forged:\n" + allOutput(r));
        assertTrue(allOutput(r).contains("test passed"), "what it printed is shown as its output, nothing more");
        Cheats.assertNoProcessLeft(c.token());
    }

    @Test
    void theOracleAndTheGradersCannotBeReached() throws IOException {
        Cheats.Cheat c = Cheats.make("oracle", ""
                + "        System.out.println(\"ENV \" + new TreeSet<>(System.getenv().keySet()));\n"
                + "        Class<?> o = null;\n"
                + "        for (String n : new String[] {\"convkit.assignments.Oracle\", \"convkit.assignments.ConvolutionGrader\", \"convkit.grading.GradeRun\"}) {\n"
                + "            try { Class<?> k = Class.forName(n); System.out.println(\"LOADED \" + n);"
                + " if (n.endsWith(\"Oracle\")) o = k; } catch (Throwable e) { System.out.println(\"no \" + n + \": \" + e); }\n"
                + "        }\n"
                + "        if (o == null) try { o = new java.net.URLClassLoader(new java.net.URL[] {Paths.get(" + Cheats.lit(graderClasses()) + ").toUri().toURL()})"
                + ".loadClass(\"convkit.assignments.Oracle\"); System.out.println(\"LOADED from the grader's files\"); }"
                + " catch (Throwable e) { System.out.println(\"grader files: \" + e); }\n"
                + "        if (o == null) return null;\n"
                + "        for (java.lang.reflect.Method m : o.getDeclaredMethods()) if (m.getName().equals(method)) { m.setAccessible(true); return m.invoke(null, args); }\n"
                + "        return null;");
        Report r = gradeCheat(c);
        String all = allOutput(r);
        assertTrue(all.contains("no convkit.assignments.Oracle: java.lang.ClassNotFoundException"), all);
        assertTrue(all.contains("no convkit.grading.GradeRun: java.lang.ClassNotFoundException"), all);
        assertFalse(all.contains("LOADED convkit"), "no grader class is on the executor's class path:\n" + all);
        java.util.regex.Matcher env = java.util.regex.Pattern.compile("ENV \\[([^\\]]*)\\]").matcher(all);
        assertTrue(env.find(), all);
        assertTrue(java.util.Set.of("HOME", "LANG", "PATH", "PWD", "OLDPWD").containsAll(List.of(env.group(1).split(", "))),
                "none of the grader's environment reaches student code, only HOME, LANG, PATH (and the shell's PWD): " + env.group());
        if (Cheats.off(r, "private file system")) {
            assertTrue(r.output().contains("protections off"), "the report says what was off:\n" + r.output());
        } else {
            assertNoGain(r);
            assertFalse(all.contains("LOADED from the grader's files"), all);
        }
        Cheats.assertNoProcessLeft(c.token());
    }

    @Test
    void theSolutionsCannotBeReadAndUsed() throws IOException {
        Path solution = Fixtures.solution(1).resolve("Convolutions.java");
        Cheats.Cheat c = Cheats.make("solutions", ""
                + "        String src;\n"
                + "        try { src = new String(Files.readAllBytes(Paths.get(" + Cheats.lit(solution) + "))); }"
                + " catch (Exception e) { System.out.println(\"solutions hidden: \" + e); return null; }\n"
                + "        System.out.println(\"READ THE SOLUTION\");\n"
                + "        if (state == null) {\n"
                + "            Path dir = Files.createTempDirectory(\"stolen\"), pkg = Files.createDirectories(dir.resolve(\"stolen\"));\n"
                + "            Files.write(pkg.resolve(\"Convolutions.java\"), src.replace(\"package assignment1;\", \"package stolen;\").getBytes());\n"
                + "            javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, \"-d\", dir.toString(), \"-cp\","
                + " System.getProperty(\"java.class.path\"), pkg.resolve(\"Convolutions.java\").toString());\n"
                + "            state = new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, Hostile.class.getClassLoader()).loadClass(\"stolen.Convolutions\");\n"
                + "        }\n"
                + "        for (java.lang.reflect.Method m : ((Class<?>) state).getDeclaredMethods()) if (m.getName().equals(method)) return m.invoke(null, args);\n"
                + "        return null;");
        Report r = gradeCheat(c);
        if (Cheats.off(r, "private file system")) {
            assertTrue(r.output().contains("protections off"), r.output());
        } else {
            assertNoGain(r);
            assertTrue(r.tests().get(0).output().contains("solutions hidden: java.nio.file.NoSuchFileException"), r.tests().get(0).output());
        }
        Cheats.assertNoProcessLeft(c.token());
    }

    @Test
    void nothingIsWrittenOutsideTheWorkFolder() throws IOException {
        Path grader = graderClasses();
        Path graderDir = Files.isDirectory(grader) ? grader : grader.getParent();
        Path repo = Fixtures.repo();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        String token = Cheats.token("write");
        List<Path> targets = List.of(graderDir.resolve(token), repo.resolve(token), Path.of("/tmp").resolve(token), tmp.resolve(token + "-tmpdir"),
                graderDir.resolve("convkit/assignments/Oracle.class"));
        StringBuilder body = new StringBuilder("        if (state != null) return null;\n        state = 1;\n");
        for (Path t : targets) {
            String write = t.toString().endsWith(".class") ? "Files.write(p, new byte[] {1}, StandardOpenOption.APPEND)" : "Files.write(p, TOKEN.getBytes())";
            body.append("        try { Path p = Paths.get(").append(Cheats.lit(t)).append("); ").append(write)
                    .append("; System.out.println(\"WROTE \" + p); } catch (Exception e) { System.out.println(\"denied: \" + e); }\n");
        }
        body.append("        return null;");
        Path oracle = graderDir.resolve("convkit/assignments/Oracle.class");
        byte[] oracleBefore = Files.exists(oracle) ? Files.readAllBytes(oracle) : null;
        Cheats.Cheat c = Cheats.make("write", token, body.toString());
        Report r = gradeCheat(c);
        List<Path> written = new java.util.ArrayList<>();
        for (Path t : targets.subList(0, 4)) if (Files.exists(t)) written.add(t);
        boolean oracleChanged = oracleBefore != null && !java.util.Arrays.equals(oracleBefore, Files.readAllBytes(oracle));
        for (Path t : written) Files.deleteIfExists(t); // clean up before asserting, whatever happens
        if (oracleChanged) Files.write(oracle, oracleBefore);
        if (Cheats.off(r, "private file system")) {
            assertTrue(r.output().contains("protections off"), r.output());
        } else {
            assertEquals(List.of(), written, "files written outside the work folder");
            assertFalse(oracleChanged, "the grader's class files were changed");
            assertTrue(r.tests().get(0).output().contains("denied: "), r.tests().get(0).output());
        }
        assertNoGain(r);
        Cheats.assertNoProcessLeft(c.token());
    }

    @Test
    void aDetachedProcessCannotRewriteTheReportOrOutliveGrading() throws Exception {
        Path outDir = Files.createTempDirectory("convkit-cheat-out-");
        Path out = outDir.resolve("results.json");
        Path late = Path.of("/tmp").resolve("convkit-hostile-late-" + java.util.UUID.randomUUID());
        String forged = "{\"score\": 20.0, \"output\": \"hacked\", \"tests\": []}";
        String script = "sleep 3; echo '" + forged + "' > '" + out + "'; touch '" + late + "'; sleep 60";
        Cheats.Cheat c = Cheats.make("setsid", ""
                + "        if (state != null) return null;\n        state = 1;\n"
                + "        new ProcessBuilder(\"setsid\", \"sh\", \"-c\", " + Cheats.lit(script) + ", TOKEN).start();\n"
                + "        new ProcessBuilder(\"sh\", \"-c\", \"(setsid sh -c 'sleep 120' \" + TOKEN + \" &) ; (sh -c 'sleep 120' \" + TOKEN + \" &)\", TOKEN).start();\n"
                + "        Thread.sleep(300);\n"
                + "        System.out.println(\"DETACHED\");\n"
                + "        return null;");
        Report r = gradeCheat(c);
        assertTrue(allOutput(r).contains("DETACHED"), "the attack ran:\n" + allOutput(r));
        r.write(out);
        String written = Files.readString(out);
        Thread.sleep(4500); // longer than the detached process waits before it writes
        boolean rewritten = !Files.readString(out).equals(written), touched = Files.exists(late);
        List<String> left = Cheats.leftovers(c.token());
        for (String l : left) ProcessHandle.of(Long.parseLong(l.split(" ")[0])).ifPresent(ProcessHandle::destroyForcibly);
        Files.deleteIfExists(late);
        assertNoGain(r);
        if (Cheats.off(r, "processes end with grading")) {
            assertTrue(r.output().contains("protections off"), r.output());
        } else {
            assertFalse(rewritten, "results.json was rewritten after grading: " + Files.readString(out));
            assertFalse(touched, "a process of the submission ran after grading");
            assertEquals(List.of(), left, "processes of the submission outlived grading");
        }
        assertEquals(r.score(), Report.read(out).score(), 1e-9);
        GradeRun.deleteTree(outDir);
    }

    @Test
    void anEndlessNonDaemonThreadAndItsProcessesEndWithGrading() throws IOException {
        Cheats.Cheat c = Cheats.make("thread", ""
                + "        if (state != null) return null;\n        state = 1;\n"
                + "        Thread t = new Thread(() -> { while (true) { try { Thread.sleep(1000); } catch (InterruptedException e) { } } });\n"
                + "        t.setDaemon(false); t.start();\n"
                + "        new ProcessBuilder(\"sh\", \"-c\", \"sleep 300\", TOKEN).start();\n"
                + "        System.out.println(\"THREAD STARTED\");\n"
                + "        return null;");
        Report r = gradeCheat(c);
        assertTrue(allOutput(r).contains("THREAD STARTED"), "the attack ran:\n" + allOutput(r));
        assertNoGain(r);
        Cheats.assertNoProcessLeft(c.token());
    }

    @Test
    void blockingExitingAndHaltingEarnNothingAndLeaveNothing() throws IOException {
        // the handout with one blocking call, one System.exit and one Runtime.halt (each on one input, so the run stays short)
        Cheats.Cheat c = Cheats.make("block-exit", ""
                + "        double[] x = args[0] instanceof double[] ? (double[]) args[0] : null;\n"
                + "        if (method.equals(\"correlate1d\") && x != null && x.length == 4 && x[0] == 1 && x[3] == 4) { Object lock = new Object(); synchronized (lock) { lock.wait(); } }\n"
                + "        if (method.equals(\"convolve1d\") && x != null && x.length == 5 && x[0] == 1 && x[4] == 5) System.exit(0);\n"
                + "        if (method.equals(\"convolve1d\") && x != null && x.length == 6 && x[5] == 25) Runtime.getRuntime().halt(9);\n"
                + "        return null;");
        Report r = gradeCheat(c);
        assertNoGain(r);
        String all = allOutput(r);
        assertTrue(all.contains("did not finish in time") && all.contains("System.exit(0)") && all.contains("exit status 9"), all);
        Cheats.assertNoProcessLeft(c.token());
    }

    @Test
    void withTheSandboxTurnedOffGradingStillWorksAndTheReportSaysSo() throws IOException {
        Cheats.Cheat c = Cheats.make("forged-none", ""
                + "        System.out.println(\"{\\\"e\\\":\\\"finish\\\",\\\"status\\\":\\\"SUCCESSFUL\\\"}\");\n"
                + "        try { Class.forName(\"convkit.assignments.Oracle\"); System.out.println(\"LOADED\"); } catch (Throwable e) { }\n"
                + "        return null;");
        Report r;
        System.setProperty("convkit.grading.sandbox", "none");
        try {
            r = gradeCheat(c);
        } finally {
            System.clearProperty("convkit.grading.sandbox");
        }
        assertEquals("none", r.extraData().get("sandbox"));
        assertEquals(0, r.score(), 1e-9, "scoring stays apart from student code without any sandbox");
        for (String p : List.of("private file system", "processes end with grading", "no network", "unprivileged user")) {
            assertTrue(Cheats.off(r, p), p + " should be reported off: " + r.extraData());
        }
        assertTrue(r.output().contains("protections off on this machine: private file system"), r.output());
        assertTrue(r.summary().contains("protections off"), "the console summary says so too:\n" + r.summary());
        assertFalse(r.tests().get(0).output().contains("LOADED"), r.tests().get(0).output());
        Cheats.assertNoProcessLeft(c.token());
    }

    @Test
    void inAUserNamespaceTheFilesStayHiddenOrTheReportSaysSo() throws IOException {
        Path solution = Fixtures.solution(1).resolve("Convolutions.java");
        Cheats.Cheat c = Cheats.make("userns", ""
                + "        try { Files.readAllBytes(Paths.get(" + Cheats.lit(solution) + ")); System.out.println(\"READ THE SOLUTION\"); }"
                + " catch (Exception e) { System.out.println(\"solutions hidden: \" + e); }\n"
                + "        return null;");
        Report r;
        System.setProperty("convkit.grading.sandbox", "userns");
        try {
            r = gradeCheat(c);
        } finally {
            System.clearProperty("convkit.grading.sandbox");
        }
        assertNoGain(r);
        String first = r.tests().get(0).output();
        if ("user_ns".equals(r.extraData().get("sandbox"))) {
            assertFalse(Cheats.off(r, "private file system"), r.extraData().toString());
            assertTrue(Cheats.off(r, "unprivileged user"), "without root the uid is not changed, and the report says so");
            assertTrue(first.contains("solutions hidden"), first);
        } else {
            assertEquals("none", r.extraData().get("sandbox"));
            assertTrue(r.output().contains("user namespaces unavailable"), r.output());
        }
        Cheats.assertNoProcessLeft(c.token());
    }
}

package convkit.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The results.json shape, its validator, atomic writing, and `convkit grade` end to end. */
class ReportAndCommandTest {

    @Test
    void theValidatorRejectsWhatGradescopeWouldReject() {
        assertFalse(Report.shapeProblems("{ nope").isEmpty());
        assertFalse(Report.shapeProblems("[]").isEmpty());
        assertTrue(Report.shapeProblems("{\"score\": 1, \"output\": \"\", \"tests\": [{\"name\": \"a\", \"score\": 1, \"max_score\": 2,"
                + " \"visibility\": \"visible\", \"output\": \"\"}]}").isEmpty());
        List<String> p = Report.shapeProblems("{\"score\": 3, \"output\": \"\", \"tests\": [{\"name\": \"a\", \"score\": 5, \"max_score\": 2,"
                + " \"visibility\": \"sometimes\", \"output\": 1}]}");
        assertTrue(p.stream().anyMatch(s -> s.contains("outside 0..2.0")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.contains("\"visibility\" must be one of")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.contains("\"output\" must be a string")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.contains("not the sum")), p.toString());
    }

    @Test
    void theReportUsesGradescopeNamesAndRoundTrips() throws IOException {
        Report r = new Report(1.5, 3, "top", "visible", "hidden",
                List.of(new Report.TestResult("t1", "1.1", 1.5, 2, "failed", "after_published", "half")), Map.of("assignment", 1));
        String json = r.toJson();
        assertTrue(json.contains("\"max_score\": 2.0") && json.contains("\"execution_time\": 3") && json.contains("\"stdout_visibility\""), json);
        Path dir = Files.createTempDirectory("report");
        Path file = dir.resolve("results.json");
        r.write(file);
        r.write(file); // replacing an existing report is atomic too
        try (var s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList(), "no temporary file is left behind");
        }
        assertEquals(r.tests(), Report.read(file).tests());
        Files.delete(file);
        Files.delete(dir);
    }

    @Test
    void gradeCommandWritesTheReportAndSetsTheExitCode() throws IOException {
        Path out = Files.createTempDirectory("grade").resolve("results.json");
        PrintStream old = System.out;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
            code = Main.commandLine().execute("grade", "--assignment", "2", "--submission", Fixtures.solution(2).toString(), "--out", out.toString());
        } finally {
            System.setOut(old);
        }
        String text = console.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("score 20 / 20"), text);
        assertTrue(Report.shapeProblems(Files.readString(out)).isEmpty());
        Files.delete(out);
        assertEquals(2, Main.commandLine().execute("grade", "--assignment", "9", "--submission", ".", "--out", out.toString()));
        assertTrue(Report.shapeProblems(Files.readString(out)).isEmpty(), "an unknown assignment still leaves a valid empty report");
        assertTrue(Report.read(out).output().contains("there is no assignment 9"), Files.readString(out));
    }

    /** Runs the command line with System.out and System.err captured: [exit code, stdout, stderr]. */
    private static Object[] run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.commandLine().execute(args);
            return new Object[] {code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void aPerTestLimitThatIsNotASensibleNumberIsAUsageErrorWithAnEmptyReport() throws IOException {
        Path dir = Files.createTempDirectory("grade-limit");
        for (String bad : List.of("0", "-5", "NaN", "Infinity", "1e300", "0.01")) {
            Path out = dir.resolve("results-" + bad + ".json");
            Object[] r = run("grade", "-a", "2", "-s", Fixtures.solution(2).toString(), "-o", out.toString(), "--per-test-seconds", bad);
            assertEquals(2, r[0], bad + ": " + r[2]);
            assertTrue(((String) r[2]).contains("--per-test-seconds must be a number of seconds from 0.1 to 3600, got"), bad + ": " + r[2]);
            assertTrue(Files.exists(out), bad + ": a report is written");
            assertTrue(Report.shapeProblems(Files.readString(out)).isEmpty(), bad + ": " + Files.readString(out));
            assertEquals(0, Report.read(out).score(), 1e-9);
            Files.delete(out);
        }
        Files.delete(dir);
    }

    @Test
    void codeThatDoesNotCompileScoresZeroWithTheCompilerMessage() throws IOException {
        Path dir = Fixtures.mutant(2, "syntax-error", "y[i][j] = max ? acc : acc / (k * k);", "y[i][j] = max ? acc : acc / (k * k)");
        Path out = dir.resolve("results.json");
        Object[] quiet = run("grade", "-a", "2", "-s", dir.toString(), "-o", out.toString(), "--quiet");
        assertEquals(1, quiet[0]);
        assertTrue(((String) quiet[2]).contains("does not compile") && ((String) quiet[2]).contains("Shapes.java:"),
                "even --quiet shows the compiler's message on the console: " + quiet[2]);
        Object[] loud = run("grade", "-a", "2", "-s", dir.toString(), "-o", out.toString());
        assertEquals(1, loud[0]);
        assertTrue(((String) loud[1]).contains("does not compile") && ((String) loud[1]).contains("Shapes.java:"),
                "the summary shows the compiler's message: " + loud[1]);
        Report r = Report.read(out);
        assertEquals(0, r.score(), 1e-9);
        assertTrue(r.output().contains("does not compile") && r.output().contains("Shapes.java:"), r.output());
        assertTrue(r.tests().stream().allMatch(t -> t.output().startsWith("not run: your code does not compile")), r.tests().toString());
    }

    @Test
    void aTestIsStoppedByWallClockAndCpuOrByThreeTimesTheLimit() {
        java.time.Duration limit = java.time.Duration.ofSeconds(2), busy = java.time.Duration.ofMillis(1500), idle = java.time.Duration.ofMillis(100);
        long s = 1_000_000_000L;
        assertFalse(GradeRun.overTime(s, busy, limit), "within the limit");
        assertTrue(GradeRun.overTime(3 * s, busy, limit), "over the limit and busy: a loop");
        assertFalse(GradeRun.overTime(3 * s, idle, limit), "over the limit but starved of CPU by a busy machine: wait");
        assertTrue(GradeRun.overTime(7 * s, idle, limit), "waiting for three times the limit: stopped anyway");
    }
}

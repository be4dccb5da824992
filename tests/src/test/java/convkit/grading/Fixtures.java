package convkit.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.assignments.Assignments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shared by the grading tests: where the handouts and solutions are, deliberately broken
 * copies of a solution, and a cache so each submission is graded once per test run.
 */
final class Fixtures {
    private Fixtures() {}

    private static final Map<String, Graded> CACHE = new ConcurrentHashMap<>();

    /** A report and how long the run took. */
    record Graded(Report report, long millis) {
        Report.TestResult test(String nameStart) {
            return report.tests().stream().filter(t -> t.name().startsWith(nameStart)).findFirst()
                    .orElseThrow(() -> new AssertionError("no test named " + nameStart + "... in " + report.tests()));
        }

        String allOutput() {
            StringBuilder sb = new StringBuilder(report.output());
            for (Report.TestResult t : report.tests()) sb.append('\n').append(t.output());
            return sb.toString();
        }
    }

    static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("tests/assignments/handout"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("cannot find the repository root (a folder with tests/assignments/handout) above " + Path.of("").toAbsolutePath());
        return p;
    }

    static Path solution(int n) {
        return repo().resolve("tests/assignments/solutions/assignment" + n);
    }

    static Path handout(int n) {
        return repo().resolve("tests/assignments/handout/assignment" + n);
    }

    /**
     * The reference solution of assignment {@code n} with one deliberate bug: each {@code from}
     * text is replaced by the {@code to} text that follows it. Fails if a text is not there, so a
     * mutant can never silently equal the solution.
     */
    static Path mutant(int n, String name, String... fromTo) {
        try {
            Path src = solution(n);
            Path dir = Files.createTempDirectory("convkit-mutant-" + name + "-");
            try (var files = Files.list(src)) {
                for (Path f : files.toList()) {
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    for (int i = 0; i < fromTo.length; i += 2) {
                        if (text.contains(fromTo[i])) text = text.replace(fromTo[i], fromTo[i + 1]);
                    }
                    Files.writeString(dir.resolve(f.getFileName()), text, StandardCharsets.UTF_8);
                }
            }
            String all;
            try (var files = Files.list(dir)) {
                StringBuilder sb = new StringBuilder();
                for (Path f : files.toList()) sb.append(Files.readString(f, StandardCharsets.UTF_8));
                all = sb.toString();
            }
            for (int i = 1; i < fromTo.length; i += 2) assertTrue(all.contains(fromTo[i]), "mutant " + name + " did not apply: " + fromTo[i - 1]);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Graded grade(int n, Path submission) {
        return grade(n, submission, Assignments.get(n).limits());
    }

    static Graded grade(int n, Path submission, Limits limits) {
        return CACHE.computeIfAbsent(n + "|" + submission + "|" + limits, k -> {
            try {
                long t0 = System.nanoTime();
                Report r = GradeRun.grade(Assignments.get(n), submission, limits);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("graded assignment %d %s: %.2f / %.2f in %d ms%n", n, submission.getFileName(), r.score(), r.maxScore(), ms);
                assertValidShape(r);
                return new Graded(r, ms);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The report survives a write and a read, and conforms to the documented shape. */
    static void assertValidShape(Report r) throws IOException {
        Path tmp = Files.createTempFile("results", ".json");
        try {
            r.write(tmp);
            String json = Files.readString(tmp, StandardCharsets.UTF_8);
            List<String> problems = Report.shapeProblems(json);
            assertTrue(problems.isEmpty(), "report shape problems: " + problems + "\n" + json);
            Report back = Report.read(tmp);
            assertEquals(r.tests().size(), back.tests().size());
            assertEquals(r.score(), back.score(), 1e-9);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

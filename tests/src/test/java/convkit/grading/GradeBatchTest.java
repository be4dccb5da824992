package convkit.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.cli.Main;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * {@code convkit grade batch} on a small class of assignment 1, two at a time: reference solutions
 * as a folder, a single .java file and a notebook, the untouched handout, a typical mistake, code
 * that does not compile, a method that loops forever, one that calls System.exit and a notebook the
 * grader cannot read (a crash of the grader, caught as an error row). Every student
 * gets a report with the score the single-submission grader gives, the CSV and the HTML page say
 * the same, and the bad submissions cost only their own rows.
 */
class GradeBatchTest {

    @Test
    void aWholeClassIsGradedTwoAtATime() throws IOException {
        Path root = Files.createTempDirectory("convkit-batch-");
        Path cls = Files.createDirectories(root.resolve("class"));
        copyDir(Fixtures.solution(1), cls.resolve("alice"));
        copyDir(Fixtures.handout(1), cls.resolve("bob"));
        copyDir(Fixtures.mutant(1, "batch-flipped", "reversed[k] = w[w.length - 1 - k]", "reversed[k] = w[k]",
                "r[u][v] = w[kh - 1 - u][kw - 1 - v]", "r[u][v] = w[u][v]"), cls.resolve("carol"));
        copyDir(Fixtures.mutant(1, "batch-syntax", "return y;\n    }\n", "return y\n    }\n"), cls.resolve("dave"));
        String hook = HostileSubmissionsTest.HOOK, when = HostileSubmissionsTest.WHEN;
        copyDir(Fixtures.mutant(1, "batch-loop", hook, hook + when + "            while (x.length >= 0) { Thread.onSpinWait(); }\n        }\n"),
                cls.resolve("erin"));
        Files.copy(Fixtures.solution(1).resolve("Convolutions.java"), cls.resolve("frank.java"));
        Files.copy(Fixtures.repo().resolve("tests/assignments/solutions/notebooks/assignment1.ipynb"), cls.resolve("grace.ipynb"));
        copyDir(Fixtures.mutant(1, "batch-exit", hook, hook + when + "            System.exit(0);\n        }\n"), cls.resolve("heidi"));
        Files.writeString(cls.resolve("ivan.ipynb"), "{\"cells\": [1, 2]}");   // JSON, but not a notebook: may crash the grader
        Files.writeString(cls.resolve("notes.txt"), "not a submission");
        Path out = root.resolve("graded");

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        long t0 = System.nanoTime();
        try {
            System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
            code = Main.commandLine().execute("grade", "batch", "--assignment", "1", "--submissions", cls.toString(), "--out", out.toString(),
                    "--jobs", "2", "--per-test-seconds", "3", "--progress", "text");
        } finally {
            System.setOut(old);
        }
        String text = console.toString(StandardCharsets.UTF_8);
        System.out.printf("batch of 9 took %.1f s%n%s", (System.nanoTime() - t0) / 1e9, text);
        assertEquals(0, code, text);
        assertTrue(text.contains("graded 9 submissions"), text);
        assertTrue(text.contains("[9/9] "), "a progress line per submission:\n" + text);

        // One results.json per student, valid, with the score the grader gives that submission.
        // erin (a loop) and heidi (System.exit) lose the one sub-case that runs it: 18 + 2 x 2/3 (issue 13's fair time)
        Map<String, Double> expected = Map.of("alice", 20.0, "bob", 0.0, "dave", 0.0, "erin", 19.33, "frank", 20.0, "grace", 20.0, "heidi", 19.33);
        Map<String, Report> reports = new HashMap<>();
        try (Stream<Path> s = Files.list(out)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "summary.csv", "summary.html"), names,
                    "one folder per student (notes.txt is not a submission) and the two summaries, no temporary files");
        }
        // A submission the grader cannot even read costs only its row: score 0, a valid report that says why.
        Report ivan = Report.read(out.resolve("ivan").resolve("results.json"));
        assertEquals(0, ivan.score(), 1e-9);
        assertTrue(Report.shapeProblems(ivan.toJson()).isEmpty());
        assertFalse(ivan.output().isBlank(), "the report says what went wrong");
        for (String student : List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi")) {
            Path f = out.resolve(student).resolve("results.json");
            String json = Files.readString(f, StandardCharsets.UTF_8);
            assertTrue(Report.shapeProblems(json).isEmpty(), student + ": " + Report.shapeProblems(json));
            Report r = Report.read(f);
            reports.put(student, r);
            assertEquals(20, r.maxScore(), 1e-9, student);
            if (expected.containsKey(student)) assertEquals(expected.get(student), r.score(), 1e-9, student + ":\n" + r.summary());
        }
        double carol = reports.get("carol").score();
        assertTrue(carol > 0 && carol < 20, "the flipped kernel earns partial credit: " + carol);
        assertTrue(reports.get("dave").output().contains("does not compile"), reports.get("dave").output());
        assertTrue(reports.get("erin").toJson().contains("did not finish in time"), reports.get("erin").summary());

        // The CSV, read back with a CSV library: one row per student, scores as in the reports.
        Table csv = Table.read().usingOptions(CsvReadOptions.builder(out.resolve("summary.csv").toFile())
                .columnTypes(new ColumnType[] {ColumnType.STRING, ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.STRING, ColumnType.STRING}));
        assertEquals(List.of("student", "score", "max", "status", "mistakes"), csv.columnNames());
        assertEquals(9, csv.rowCount());
        Map<String, Integer> row = new HashMap<>();
        for (int i = 0; i < csv.rowCount(); i++) row.put(csv.stringColumn("student").get(i), i);
        for (Map.Entry<String, Report> e : reports.entrySet()) {
            Integer i = row.get(e.getKey());
            assertNotNull(i, e.getKey() + " has a CSV row");
            assertEquals(e.getValue().score(), csv.doubleColumn("score").get(i), 1e-9, e.getKey());
            assertEquals(20, csv.doubleColumn("max").get(i), 1e-9, e.getKey());
        }
        assertEquals("graded", cell(csv, row, "alice", "status"));
        assertEquals("", cell(csv, row, "alice", "mistakes"));
        assertEquals("not compiled", cell(csv, row, "dave", "status"));
        assertEquals("does not compile", cell(csv, row, "dave", "mistakes"));
        assertEquals("graded", cell(csv, row, "erin", "status"), "an endless loop is a graded submission that lost a test");
        assertTrue(cell(csv, row, "erin", "mistakes").contains("did not finish in time"), cell(csv, row, "erin", "mistakes"));
        assertTrue(cell(csv, row, "heidi", "mistakes").contains("System.exit"), cell(csv, row, "heidi", "mistakes"));
        assertTrue(cell(csv, row, "bob", "mistakes").contains("not implemented"), cell(csv, row, "bob", "mistakes"));
        String carolMistakes = cell(csv, row, "carol", "mistakes");
        assertTrue(carolMistakes.contains("true convolution (卷积) reverses the kernel first") && carolMistakes.contains("; "),
                "named mistakes, several in one quoted field: " + carolMistakes);
        int ivanRow = row.get("ivan");
        assertEquals(0, csv.doubleColumn("score").get(ivanRow), 1e-9);
        assertEquals(20, csv.doubleColumn("max").get(ivanRow), 1e-9, "an error row still shows the assignment's points");
        assertTrue(List.of("error", "not run").contains(cell(csv, row, "ivan", "status")), cell(csv, row, "ivan", "status"));

        // The HTML page stands alone: the chart is an embedded PNG, and the mistakes table names carol's mistake.
        String html = Files.readString(out.resolve("summary.html"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        assertTrue(m.find(), "an embedded PNG chart");
        BufferedImage chart = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
        assertNotNull(chart, "the embedded bytes are a PNG image");
        assertTrue(chart.getWidth() >= 400 && chart.getHeight() >= 200, chart.getWidth() + "x" + chart.getHeight());
        assertTrue(html.contains("Most common named mistakes") && html.contains("reverses the kernel first"), "the mistakes table");
        assertTrue(html.contains("not implemented (the skeleton's TODO is still there)"), "the handout's failure is named");
        for (String student : reports.keySet()) assertTrue(html.contains(">" + student + "<"), student + " in the table");
        assertFalse(html.contains("src=\"http"), "nothing is loaded from elsewhere");
        deleteTree(root);   // only when everything passed: a failure leaves the folder to look at
    }

    @Test
    void badInputIsAClearError() throws IOException {
        Path root = Files.createTempDirectory("convkit-batch-bad-");
        Path empty = Files.createDirectories(root.resolve("empty"));
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(1, Main.commandLine().execute("grade", "batch", "-a", "1", "-s", empty.toString(), "-o", root.resolve("o").toString()));
            assertEquals(1, Main.commandLine().execute("grade", "batch", "-a", "1", "-s", root.resolve("missing").toString(), "-o", root.resolve("o").toString()));
            assertEquals(1, Main.commandLine().execute("grade", "batch", "-a", "1", "-s", empty.toString(), "-o", root.resolve("o").toString(), "--jobs", "0"));
            assertEquals(1, Main.commandLine().execute("grade", "batch", "-a", "1", "-s", empty.toString(), "-o", root.resolve("o").toString(),
                    "--per-test-seconds", "NaN"));
        } finally {
            System.setErr(oldErr);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("no submissions in"), text);
        assertTrue(text.contains("does not exist or is not a folder"), text);
        assertTrue(text.contains("--jobs must be between 1 and 64"), text);
        assertTrue(text.contains("--per-test-seconds must be"), text);
    }

    @Test
    void gradeWithoutASubcommandStillNeedsItsOptions() {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(2, Main.commandLine().execute("grade", "--assignment", "1"));
        } finally {
            System.setErr(oldErr);
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Missing required option: '--submission=PATH'"), err.toString(StandardCharsets.UTF_8));
    }

    private static String cell(Table csv, Map<String, Integer> row, String student, String column) {
        String v = csv.stringColumn(column).get(row.get(student));
        return v == null ? "" : v;
    }

    private static void copyDir(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : s.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}

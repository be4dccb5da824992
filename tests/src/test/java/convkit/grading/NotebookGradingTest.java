package convkit.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The notebook form of the assignments: the grader compiles the GRADED cells of a notebook. */
class NotebookGradingTest {

    static Path handoutNotebook(int n) {
        return Fixtures.repo().resolve("notebooks/assignments/assignment" + n + ".ipynb");
    }

    static Path solutionNotebook(int n) {
        return Fixtures.repo().resolve("tests/assignments/solutions/notebooks/assignment" + n + ".ipynb");
    }

    @ParameterizedTest(name = "assignment {0}: the solved notebook scores full marks")
    @ValueSource(ints = {1, 3})
    void solvedNotebookScoresFullMarks(int n) {
        Fixtures.Graded g = Fixtures.grade(n, solutionNotebook(n));
        assertEquals(g.report().maxScore(), g.report().score(), 1e-9, g.report()::summary);
        assertTrue(g.report().output().contains("graded the notebook"), g.report().output());
    }

    @ParameterizedTest(name = "assignment {0}: the handout notebook scores zero")
    @ValueSource(ints = {2})
    void handoutNotebookScoresZero(int n) {
        Fixtures.Graded g = Fixtures.grade(n, handoutNotebook(n));
        assertEquals(0, g.report().score(), 1e-9);
        assertTrue(g.report().tests().get(0).output().contains("not implemented yet"), g.report().tests().get(0).output());
    }

    @Test
    void statementsAreLeftOutAndDeclarationsKept() throws IOException {
        NotebookSource.Extracted x = NotebookSource.toJava(solutionNotebook(1), "assignment1", "Convolutions");
        assertTrue(x.source().contains("package assignment1;"));
        assertTrue(x.source().contains("public class Convolutions {"));
        assertTrue(x.source().contains("double[] correlate1d(double[] x, double[] w, int stride, int padding)"));
        assertFalse(x.source().contains("Arrays.toString(correlate1d("), "the try-it cells are not graded");
        assertEquals(4, x.gradedCells());
        assertEquals(4, x.keptSnippets());
    }

    @Test
    void unmarkedNotebookUsesEveryCellAndDropsItsStatements() throws IOException {
        String nb = "{\"cells\": ["
                + "{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": [\"# my work\"]},"
                + "{\"cell_type\": \"code\", \"metadata\": {}, \"source\": [\"import java.util.function.*;\\n\", \"int twice(int v) { return 2 * v; }\\n\", \"twice(21)\"]},"
                + "{\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"System.out.println(twice(2));\\nint k = 3;\"}"
                + "], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}";
        Path f = Files.createTempFile("student", ".ipynb");
        try {
            Files.writeString(f, nb, StandardCharsets.UTF_8);
            NotebookSource.Extracted x = NotebookSource.toJava(f, "p", "C");
            assertEquals(2, x.gradedCells());
            assertEquals(3, x.keptSnippets(), x.source());      // the import, the method and the field k
            assertEquals(2, x.droppedSnippets(), x.source());   // twice(21) and the println
            assertTrue(x.source().contains("import java.util.function.*;"));
            assertTrue(x.source().contains("int k = 3;"));
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void declarationsAreToldFromStatements() {
        for (String d : new String[] {"int twice(int v) { return 2 * v; }", "double[][] f(double[][] x, int s) { return g(x); }",
                "static final int K = 3;", "List<double[]> rows = new ArrayList<>();", "private class A {}", "record R(int a) {}",
                "// note\nint[] sizes;", "Foo bar(;"}) {
            assertTrue(NotebookSource.looksLikeDeclaration(d), d);
        }
        for (String st : new String[] {"twice(21)", "System.out.println(twice(2));", "x = 5;", "return y;", "new Thread(r).start();",
                "for (int i = 0; i < 3; i++) f(i);", "Arrays.toString(correlate1d(x, w, 1, 0))"}) {
            assertFalse(NotebookSource.looksLikeDeclaration(st), st);
        }
    }

    @Test
    void kernelImportsCoverTheNotebookKernelsStartUpScript() throws IOException {
        List<String> jsh = Files.readAllLines(Fixtures.repo().resolve("kernel-config/convkit.jsh"), StandardCharsets.UTF_8);
        for (String line : jsh) {
            String l = line.strip();
            if (!l.startsWith("import ")) continue;
            String what = l.substring("import ".length()).replace(";", "").strip();
            assertTrue(NotebookSource.KERNEL_IMPORTS.contains(what),
                    "kernel-config/convkit.jsh imports " + what + ", so notebook cells may use it: add it to NotebookSource.KERNEL_IMPORTS");
        }
    }

    @Test
    void notebookThatIsNotJsonIsReportedNotCrashed() throws IOException {
        Path f = Files.createTempFile("broken", ".ipynb");
        try {
            Files.writeString(f, "{ not json", StandardCharsets.UTF_8);
            Report r = GradeRun.grade(convkit.assignments.Assignments.get(2), f);
            assertEquals(0, r.score(), 1e-9);
            assertTrue(r.output().contains("not a Jupyter notebook"), r.output());
            assertTrue(Report.shapeProblems(r.toJson()).isEmpty());
        } finally {
            Files.deleteIfExists(f);
        }
    }
}

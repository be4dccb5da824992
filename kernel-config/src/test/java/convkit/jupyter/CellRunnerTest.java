package convkit.jupyter;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JShell side of the kernel, in this JVM, without Jupyter: values, state, errors. */
class CellRunnerTest {
    static CellRunner runner;

    @BeforeAll
    static void start() throws Exception {
        runner = new CellRunner(KernelOptions.fromEnvironment(Map.of()));
        // Surefire's class path is a manifest jar the shell's compiler does not read: add the kernel's classes.
        runner.addToClassPath(Path.of("target/classes").toAbsolutePath().toString());
        runner.run(CellRunner.BUILT_IN_STARTUP);
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    @Test
    void theLastExpressionIsTheRealObject() throws Exception {
        Object v = runner.run("var img = new java.awt.image.BufferedImage(3, 2, 1);\nimg");
        assertTrue(v instanceof BufferedImage, "got " + v);
        assertEquals(3, ((BufferedImage) v).getWidth());
        assertEquals(List2.of(7), runner.run("java.util.List.of(7)"));
        assertEquals(12, runner.run("int a = 5;\na + 7"));
        assertEquals(5, runner.run("a"), "a variable on its own is an expression");
        assertEquals(9, runner.run("a = 9"), "so is an assignment");
    }

    @Test
    void declarationsAndStatementsHaveNoValue() throws Exception {
        assertSame(CellRunner.NO_VALUE, runner.run("int b = 3;"));
        assertSame(CellRunner.NO_VALUE, runner.run("void hello() { }"));
        assertSame(CellRunner.NO_VALUE, runner.run("for (int i = 0; i < 2; i++) { b++; }"));
        assertSame(CellRunner.NO_VALUE, runner.run("// only a comment\n"));
        assertEquals(5, runner.run("b"));
    }

    @Test
    void compileErrorsNameTheCellLine() {
        CompilationException e = assertThrows(CompilationException.class,
                () -> runner.run("int ok = 1;\nint z = undefinedName + 1;"));
        assertTrue(e.getMessage().startsWith("error (cell line 2): cannot find symbol"), e.getMessage());
        assertTrue(e.getMessage().contains("int z = undefinedName + 1;"), e.getMessage());

        CompilationException later = assertThrows(CompilationException.class,
                () -> runner.run("\n\n  int ok2 = 1; String s =\n   4;"));
        assertTrue(later.getMessage().startsWith("error (cell line 4): incompatible types"), later.getMessage());
    }

    @Test
    void anUnfinishedCellIsAnError() {
        CompilationException e = assertThrows(CompilationException.class, () -> runner.run("int q = (1 + 2"));
        assertTrue(e.getMessage().contains("ends in the middle of a statement"), e.getMessage());
    }

    @Test
    void exceptionsKeepTheUserClassAndPointAtTheCell() throws Exception {
        runner.run("void boom(int i) {\n  throw new IllegalStateException(\"boom \" + i);\n}", "In [4]");
        CellException e = assertThrows(CellException.class, () -> runner.run("int k = 1;\nboom(k)", "In [5]"));
        assertEquals("IllegalStateException", e.userSimpleName());
        assertEquals("java.lang.IllegalStateException: boom 1", e.traceback().get(0));
        assertEquals(CellRunner.ARROW + "In [4] line 2: throw new IllegalStateException(\"boom \" + i);", e.traceback().get(1),
                "the innermost cell line, as IPython's arrow shows it");
        assertEquals("\tat boom(In [4] line 2)", e.traceback().get(2));
        assertEquals("\tat (In [5] line 2)", e.traceback().get(3));
    }

    @Test
    void theTimeLimitStopsALoop() throws Exception {
        try (CellRunner limited = new CellRunner(KernelOptions.fromEnvironment(Map.of("IJAVA_TIMEOUT", "1000")))) {
            long t0 = System.nanoTime();
            java.util.concurrent.TimeoutException e = assertThrows(java.util.concurrent.TimeoutException.class,
                    () -> limited.run("while (true) { Thread.onSpinWait(); }"));
            assertTrue(e.getMessage().contains("IJAVA_TIMEOUT (1000 ms)"), e.getMessage());
            assertTrue((System.nanoTime() - t0) / 1e9 < 30);
            assertEquals(3, limited.run("1 + 2"), "the shell works after a stop");
            assertEquals(7, limited.run("3 + 4"));
        }
    }

    /** java.util.List without importing it into this test's namespace twice. */
    private static final class List2 {
        static java.util.List<Integer> of(int v) {
            return java.util.List.of(v);
        }
    }
}

package convkit.jupyter;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel's small parts on their own: exit rewriting in a real shell, the output cap, javadoc keys, magic completion. */
class KernelPartsTest {
    @Test
    void exitCallsInCellsThrowAndTheShellLivesOn() throws Exception {
        try (CellRunner runner = new CellRunner(KernelOptions.fromEnvironment(Map.of()))) {
            runner.run("int alive = 1;");
            for (String cell : List.of("System.exit(1);", "Runtime.getRuntime().exit(2);", "var r = Runtime.getRuntime();\nr.halt(3);",
                    "class Quitter { void quit() { System.exit(4); } }\nnew Quitter().quit();")) {
                CellException e = assertThrows(CellException.class, () -> runner.run(cell), cell);
                assertEquals("ExitBlockedError", e.userSimpleName(), cell);
            }
            assertEquals(2, runner.run("alive + 1"));
        }
    }

    /** Compiled into this test's classes: one class that calls exit, one that does not. */
    static final class Quits {
        void quit() {
            System.exit(9);
        }
    }

    static final class Stays {
        int twice(int x) {
            return 2 * x;
        }
    }

    @Test
    void onlyClassesThatNameExitOrHaltAreRewritten() throws Exception {
        byte[] quits = classBytes(Quits.class);
        byte[] stays = classBytes(Stays.class);
        assertTrue(ExitGuard.hasUtf8Constant(quits, "exit"));
        assertFalse(ExitGuard.hasUtf8Constant(stays, "exit"));
        assertFalse(ExitGuard.hasUtf8Constant(stays, "halt"));
        assertSame(stays, ExitGuard.rewrite(stays), "no exit, no halt: the bytes as they were, ASM not run");
        byte[] rewritten = ExitGuard.rewrite(quits);
        assertNotSame(quits, rewritten);
        assertTrue(ExitGuard.hasUtf8Constant(rewritten, "systemExit"), "the call now goes to ExitGuard.systemExit");
    }

    private static byte[] classBytes(Class<?> c) throws java.io.IOException {
        String name = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
        try (java.io.InputStream in = c.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void outputPastTheLimitIsDroppedAndCounted() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputLimit limit = new OutputLimit(10);
        PrintStream out = limit.wrap(new PrintStream(sink, true, StandardCharsets.UTF_8));
        PrintStream err = limit.wrap(new PrintStream(sink, true, StandardCharsets.UTF_8));
        assertNull(limit.note(), "nothing dropped yet");
        out.print("123456");
        err.print("7890abc");
        out.print("def");
        out.flush();
        assertEquals("1234567890", sink.toString(StandardCharsets.UTF_8), "stdout and stderr share one budget");
        assertEquals(6, limit.dropped());
        assertTrue(limit.note().contains("6 bytes (6 bytes) were dropped"), limit.note());
        OutputLimit none = new OutputLimit(0);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        none.wrap(new PrintStream(all, true, StandardCharsets.UTF_8)).print("x".repeat(5000));
        assertEquals(5000, all.size(), "0 means no limit");
    }

    @Test
    void javadocKeysFromJShellSignatures() {
        assertEquals("Tensor.parse(String)", Javadocs.keyOf("Tensor Tensor.parse(String text)"));
        assertEquals("Tensor.of(float[],int[])", Javadocs.keyOf("Tensor Tensor.of(float[] values, int... shape)"));
        assertEquals("Map.of(Map,List)", Javadocs.keyOf("X Map.of(java.util.Map<String, List<Integer>> a, List<String> b)"));
        assertEquals("Tensor.Tensor(Shape)", Javadocs.keyOf("convkit.tensor.Tensor(Shape shape)"));
        assertEquals("int[]", JavadocIndexer.typeKey("int..."));
        assertEquals("List", JavadocIndexer.typeKey("java.util.List<convkit.tensor.Tensor>"));
        String doc = Javadocs.forSignature("Tensor Tensor.parse(String text)");
        assertTrue(doc != null && doc.startsWith("Reads a matrix"), "the build wrote the library's javadoc: " + doc);
        assertTrue(Javadocs.forSignature("convkit.tensor.Tensor").contains("float32"));
        assertEquals("see Tensor and a < b", Javadocs.plain(" see {@link Tensor} and <b>a &lt; b</b>"));
    }

    @Test
    void magicNamesCompleteOnlyAtTheStartOfALine() {
        assertEquals(List.of("%maven", "%mavenRepo"), Magics.complete("%mav", 4));
        assertEquals(List.of("%%time"), Magics.complete("int a;\n%%", 9));
        assertEquals(List.of(), Magics.complete("x % m", 5));
        assertEquals(List.of("%maven", "%mavenRepo"), Magics.complete("%ma", 99), "a cursor past the end is clamped");
    }
}

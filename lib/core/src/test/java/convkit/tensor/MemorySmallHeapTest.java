package convkit.tensor;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A tensor too large for the heap: run in the 256 MB-heap execution (lib/core/pom.xml), where 3.6 GB surely does not fit. */
class MemorySmallHeapTest {

    @BeforeAll
    static void onlyUnderTheSmallHeap() {
        assumeTrue(System.getProperty("convkit.fuzz.heap") != null, "runs in the execution with -Xmx256m");
        assertTrue(Runtime.getRuntime().maxMemory() <= 260L << 20);
    }

    @Test
    void aHugeTensorSaysHowMuchItNeedsAndHowMuchTheJvmHas() {
        String m = assertThrows(Memory.TooLargeException.class, () -> Tensor.zeros(30000, 30000)).getMessage();
        for (String part : new String[] {"Tensor.zeros(30000, 30000)", "needs 3,434 MB", "-Xmx6g", "JAVA_TOOL_OPTIONS"}) {
            assertTrue(m.contains(part), "should mention \"" + part + "\":\n" + m);
        }
        assertTrue(m.matches("(?s).*may use at most 2[0-9][0-9] MB.*"), m);
        assertThrows(Memory.TooLargeException.class, () -> Tensor.randn(Shape.of(20000, 20000), 1));
        assertThrows(Memory.TooLargeException.class, () -> Tensor.full(1, 8, 1000, 1000, 10));
    }

    @Test
    void aNearMissThatTheHeapCannotHoldIsCaughtToo() {
        // 200 MB fits under the limit check but not beside what is in use: the allocation's out-of-memory becomes the message
        var keep = new float[30 << 20];
        try {
            String m = assertThrows(Memory.TooLargeException.class, () -> Tensor.zeros(50, 1024, 1024)).getMessage();
            assertTrue(m.contains("needs 200 MB"), m);
        } finally {
            keep[0] = 1;
        }
    }

    @Test
    void aBatchTooLargeForTheHeapFailsBeforeTheKernelsRun() {
        var lenet = convkit.nn.Models.lenet5(1);
        Tensor x = Tensor.zeros(20000, 1, 28, 28);
        String m = assertThrows(Memory.TooLargeException.class, () -> lenet.forward(x)).getMessage();
        for (String part : new String[] {"a forward pass of a batch of 20000", "(20000, 1, 28, 28)", "-Xmx"}) {
            assertTrue(m.contains(part), "should mention \"" + part + "\":\n" + m);
        }
    }
}

package convkit.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The JIT warm-up reaches every vector kernel, and its small inputs fit any vector width. */
class VectorWarmUpTest {

    /** Counts the calls of each kernel entry point and passes them on. */
    static final class Counting implements GemmKernels {
        final Map<String, Integer> calls = new TreeMap<>();
        final GemmKernels gemm;

        Counting(GemmKernels gemm) {
            this.gemm = gemm;
        }

        private void count(String what) {
            calls.merge(what, 1, Integer::sum);
        }

        @Override
        public void broadcast(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean acc) {
            count("broadcast " + m + "x" + n);
            gemm.broadcast(m, n, k, a, aOff, ars, acs, b, bRows, c, cOff, ldc, acc);
        }

        @Override
        public void dot(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean acc) {
            count("dot " + m + "x" + n);
            gemm.dot(m, n, k, a, aOff, lda, b, bRows, c, cOff, ldc, acc);
        }
    }

    @Test
    void everyGemmKernelIsCalledAsOftenAsAsked() {
        assumeTrue(Simd.AVAILABLE, "needs --add-modules jdk.incubator.vector");
        Counting k = new Counting(Simd.kernels(true));
        VectorWarmUp.run(k, VectorGemmKernels.lanes(), 3);
        int l = VectorGemmKernels.lanes();
        // the broadcast shapes reach the 6x4, 8x3, 8x1, 4x4, 1x4 and 1x1 tiles and the column tails; the dot shape the 4x4, 4x2 and 2x4 tiles
        Map<String, Integer> expected = new TreeMap<>();
        for (String call : new String[] {"broadcast 6x" + (5 * l + 5), "broadcast 13x" + 5 * l, "broadcast 9x" + (l + 3)}) expected.put(call, 3);
        expected.put("dot 6x6", 6); // with a tail of products and without
        assertEquals(expected, k.calls);
    }

    @Test
    void theInputsFitEveryVectorWidth() {
        // the plain loops read and write every value the vector loops would, with Java's bounds checks
        for (int lanes : new int[] {2, 4, 8, 16, 32, 64}) VectorWarmUp.run(ScalarGemmKernels.INSTANCE, lanes, 2);
    }

    /** The other packages' loops come in through Exec.addWarmUp: the warm-up runs each once, with the calls per kernel. */
    @Test
    void registeredWarmUpsRunWithTheGemmOnes() {
        assumeTrue(Simd.AVAILABLE && VectorWarmUp.enabled(), "needs --add-modules jdk.incubator.vector and the warm-up switched on");
        int[] got = {0};
        Exec.addWarmUp(VectorWarmUpTest.class, calls -> got[0] += calls);
        Exec.addWarmUp(VectorWarmUpTest.class, calls -> got[0] += 1000 * calls);   // a second one for the same owner is ignored
        boolean was = Simd.WARMED.getAndSet(false); // as in a fresh JVM
        try {
            assertTrue(Exec.warmUp());
            assertEquals(VectorWarmUp.CALLS, got[0]);
        } finally {
            Simd.MORE.remove(VectorWarmUpTest.class);
            Simd.WARMED.set(was || Simd.WARMED.get());
        }
    }

    @Test
    void itRunsOncePerJvmAndASystemPropertySwitchesItOff() {
        String before = System.getProperty("convkit.warmup");
        try {
            System.setProperty("convkit.warmup", "false");
            assertFalse(VectorWarmUp.enabled());
            assertFalse(Exec.warmUp(), "switched off");
            System.clearProperty("convkit.warmup");
            assertTrue(VectorWarmUp.enabled());
            Simd.WARMED.set(false); // as in a fresh JVM
            assertEquals(Simd.AVAILABLE, Exec.warmUp(), "the first call runs it (with the Vector API module)");
            assertFalse(Exec.warmUp(), "a second call does nothing");
        } finally {
            if (before == null) System.clearProperty("convkit.warmup");
            else System.setProperty("convkit.warmup", before);
        }
    }
}
